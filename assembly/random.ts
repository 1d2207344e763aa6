// A seeded pseudo-random stream on u64 integers, so resampling is reproducible bit for bit in every runtime
// (integer arithmetic only; no Math.random, no floating point).
// see: Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014 (SplitMix64)
// see: Lemire, "Fast random integer generation in an interval", ACM TOMACS 2019 (bounded draws)

const GOLDEN_GAMMA: u64 = 0x9E3779B97F4A7C15;

/** SplitMix64's finalizer: a bijective mix of 64 bits. */
// @ts-ignore: decorator
@inline export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

/**
 * The start state of resample r's stream. Each resample has its own stream, so resample r is the same
 * whether it is drawn alone or among others.
 */
// @ts-ignore: decorator
@inline export function streamStart(seed: u64, r: u64): u64 {
  return mix64(seed ^ mix64((r + 1) * GOLDEN_GAMMA));
}

/** Advances the SplitMix64 state stored at `state` and returns the next 64 random bits. */
// @ts-ignore: decorator
@inline export function nextU64(state: usize): u64 {
  const s = load<u64>(state) + GOLDEN_GAMMA;
  store<u64>(state, s);
  return mix64(s);
}

/** An unbiased integer in [0, n), n ≥ 1, by Lemire's multiply-and-reject on the high 32 bits. */
// @ts-ignore: decorator
@inline export function nextIndex(state: usize, n: u32): u32 {
  let m = <u64>(<u32>(nextU64(state) >> 32)) * <u64>n;
  let low = <u32>m;
  if (low < n) {
    const threshold: u32 = (<u32>0 - n) % n;
    // Invariant: draws whose low word falls below 2^32 mod n are rejected, so every index is equally likely.
    while (low < threshold) {
      m = <u64>(<u32>(nextU64(state) >> 32)) * <u64>n;
      low = <u32>m;
    }
  }
  return <u32>(m >> 32);
}

/** out[j] = the j-th of n indices in [0, n) drawn with replacement for resample r of the stream `seed`. */
export function resampleIndices(n: i32, seed: f64, r: i32, out: usize): void {
  const state = memory.data(8);
  store<u64>(state, streamStart(<u64>seed, <u64>r));
  // Invariant: out[0..j) holds the first j draws of resample r's stream.
  for (let j = 0; j < n; j++) store<i32>(out + (<usize>j << 2), <i32>nextIndex(state, <u32>n));
}
