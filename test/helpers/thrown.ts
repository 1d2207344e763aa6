// What a call throws, for tests that compare errors rather than only expecting one.

/** The error `call` throws; fails the test when it returns instead. */
export function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw, got a result");
}

/** "Name: message" of what `call` throws, or "no error": one string to compare between two builds or paths. */
export function thrownText(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return "no error";
}
