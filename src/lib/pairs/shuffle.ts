// The seeded shuffle behind every split of pairs (splitPairs, the folds of crossFit): integer arithmetic only, so
// every engine gives the same split for the same seed.

/**
 * Fisher–Yates shuffle of 0 … n−1 driven by mulberry32(seed). O(n).
 */
export function shuffledIndices(n: number, seed: number): Uint32Array {
  const next = mulberry32(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Invariant: order[i+1 …] is final; order[0 … i] holds the indices not yet placed.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** mulberry32: a uniform number in [0, 1) with 32 random bits per call. */
// see: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c (mulberry32, public domain)
// The same generator as scripts/lib/mulberry32.mjs (used by tests, scripts and benchmarks); the library keeps its own
// copy because the published package cannot import from scripts/.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
