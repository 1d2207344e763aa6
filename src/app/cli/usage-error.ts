// Errors that end a command with exit code 2: bad flags, or input the user must fix.

/** A usage mistake (unknown flag, missing argument, bad value). The CLI prints it with a hint and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
