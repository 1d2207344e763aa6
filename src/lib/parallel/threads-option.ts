// options.threads of the parallel functions and --threads of the CLI: one rule (docs/DESIGN.md §6.10).
import { integerOption } from "../validation/columns";

/** More workers than this is a mistake (a typo, a count of something else), not a machine. */
export const MAX_THREADS = 256;

/**
 * The number of threads to run on: `value` when given (an integer from 1 to MAX_THREADS; 1 runs in the calling
 * thread), else the host's core count, at least 1 and at most MAX_THREADS. O(1).
 * @throws {RangeError} naming `name` when the value is not such an integer
 * @example threadsOption(undefined, "options.threads", 8) // => 8
 */
export function threadsOption(value: unknown, name: string, cores: number): number {
  if (value === undefined) return Math.min(MAX_THREADS, Math.max(1, Math.floor(cores) || 1));
  return integerOption(value, name, 1, MAX_THREADS);
}
