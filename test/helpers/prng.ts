// Seeded pseudo-random numbers for tests: every test that draws data is deterministic.
// The generator itself is scripts/lib/mulberry32.mjs, shared with the data scripts and benchmarks.
export { mulberry32 } from "../../scripts/lib/mulberry32.mjs";

/** A generator of uniform numbers in [0, 1) from a 32-bit seed. */
export type Random = () => number;

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  const u = 1 - random(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** An integer in [0, n). */
export function integer(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** One element of `values`. */
export function pick<T>(random: Random, values: readonly T[]): T {
  return values[integer(random, values.length)];
}

/** The logistic function 1 / (1 + e^−z), in plain JavaScript: only for simulating test data. */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
