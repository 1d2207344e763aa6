// The contract every public function keeps under any input, so that bad data always ends in a message the caller
// can act on: it returns finite, documented results, or throws a RangeError/TypeError whose message starts with the
// argument's name. Never a WebAssembly trap ("RuntimeError: unreachable"), never rmcal's internal-error message,
// never NaN in a result.
import { expect } from "vitest";

/** Every number reachable from `value` (arrays, typed arrays, plain objects), with its path. */
function numbersIn(value: unknown, path = "result", out: [string, number][] = []): [string, number][] {
  if (typeof value === "number") out.push([path, value]);
  else if (ArrayBuffer.isView(value)) (value as unknown as ArrayLike<number>).length !== undefined &&
    Array.from(value as unknown as ArrayLike<number>, (v, i) => out.push([`${path}[${i}]`, Number(v)]));
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) numbersIn(v, `${path}.${key}`, out);
  }
  return out;
}

/** Fails on the first NaN or ±Infinity anywhere in `value`. */
export function expectAllFinite(value: unknown): void {
  for (const [path, v] of numbersIn(value)) {
    if (!Number.isFinite(v)) expect.fail(`${path} is ${v}`);
  }
}

/** x ∈ [low, high], with a message naming the field. */
export function expectWithin(x: number | null, low: number, high: number, what: string): void {
  if (x === null) return;
  if (!(x >= low && x <= high)) expect.fail(`${what} is ${x}, outside [${low}, ${high}]`);
}

/** How a call ended, for the bad-input table of the report. */
export type Outcome = "result" | "RangeError" | "TypeError";

/**
 * Runs `call`; a thrown error must be a RangeError or TypeError whose message starts with one of `argumentNames`
 * (e.g. "pairs", "options.bins") and is not an engine or internal error. Returns the outcome and the value.
 */
export function callUnderContract<T>(call: () => T, argumentNames: readonly string[]): { outcome: Outcome; value?: T; message?: string } {
  try {
    return { outcome: "result", value: call() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof RangeError || error instanceof TypeError)) {
      expect.fail(`threw ${(error as Error)?.name ?? typeof error}: ${message}`);
    }
    // A WebAssembly trap is a RuntimeError (not a RangeError), but be explicit about the two failures we rule out.
    expect(message).not.toMatch(/unreachable|internal error|Maximum call stack|is not a function|Cannot read prop/);
    if (!argumentNames.some((name) => message.startsWith(name))) {
      expect.fail(`error message does not start with an argument name (${argumentNames.join(", ")}): ${message}`);
    }
    return { outcome: error instanceof RangeError ? "RangeError" : "TypeError", message };
  }
}

/** Counts of how calls ended, per suite, printed with RMCAL_TALLY=1: which outcomes a suite actually reaches. */
export class Tally {
  private readonly counts = new Map<string, number>();
  constructor(private readonly suite: string) {}
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  total(): number {
    let sum = 0;
    for (const c of this.counts.values()) sum += c;
    return sum;
  }
  report(): void {
    if (typeof process !== "undefined" && process.env.RMCAL_TALLY) {
      const rows = [...this.counts].sort().map(([k, c]) => `  ${k}: ${c}`).join("\n");
      console.log(`[tally] ${this.suite} (${this.total()} calls)\n${rows}`);
    }
  }
}
