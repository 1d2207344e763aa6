// Seeded pseudo-random numbers for tests: every test that draws data is deterministic.
// see: mulberry32 by Tommy Ettinger (public domain), https://gist.github.com/tommyettinger/46a874533244883189143505d203312c

/** A generator of uniform numbers in [0, 1) from a 32-bit seed. */
export type Random = () => number;

/** mulberry32: a small 32-bit generator, good enough for test data and identical in every engine. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
