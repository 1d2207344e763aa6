// Weights far from 1 break the per-bin sums: Σw² overflows above ~1e154 and underflows below ~1e-154, and
// w·v loses every digit when w is subnormal (5e-324 · 0.7 rounds to 5e-324 or 0). Every metric is a ratio of
// sums, so multiplying all weights by one power of two changes no result (it is exact in binary floating point)
// while keeping the sums in range. Ordinary weights are left alone, so their results stay bit for bit the same.
// A weight that is subnormal after scaling (below 2^-1022 times the largest) has too few bits for w·v to mean
// anything (a bin holding only such pairs would report a mean of 1 for values of 0.7), so it counts as zero.

/** Weights whose largest value lies outside [2^-300, 2^300] are rescaled; inside, nothing is touched. */
const SAFE_EXPONENT = 300;

export interface ScaledWeights {
  /** The weights times 2^−exponent (the caller's array itself when exponent is 0), or null for "all ones". */
  weights: Float64Array | null;
  /** Multiply a Σw of the scaled weights by 2^exponent to return it to the caller's units. */
  exponent: number;
}

/** The smallest normal float64, 2^-1022. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Rescales weights by a power of two so that the largest lies in [1, 2), when it lies outside [2^-300, 2^300],
 * and sets to zero the weights below 2^-1022 times the largest. O(n).
 * @param weights validated weights (finite, ≥ 0, positive finite sum), or null
 * @returns the weights to hand to a kernel and the exponent that undoes the scaling
 * @example scaleWeights(Float64Array.of(1e200, 3e200)).exponent // => 665
 */
export function scaleWeights(weights: Float64Array | null): ScaledWeights {
  if (weights === null) return { weights, exponent: 0 };
  let max = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > max) max = weights[i];
  const e = binaryExponent(max);
  const exponent = Math.abs(e) <= SAFE_EXPONENT ? 0 : e;
  if (exponent === 0 && !weights.some((w) => w > 0 && w < MIN_NORMAL)) return { weights, exponent };
  const scaled = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = timesPowerOfTwo(weights[i], -exponent);
    scaled[i] = w < MIN_NORMAL ? 0 : w;
  }
  return { weights: scaled, exponent };
}

/** x·2^k, exact unless the result is subnormal or overflows (applied in two halves: 2^1074 is not a double). */
export function timesPowerOfTwo(x: number, k: number): number {
  const half = Math.trunc(k / 2);
  return x * powerOfTwo(half) * powerOfTwo(k - half);
}

/** ⌊log2 x⌋ for a positive finite x, by exact halving and doubling (no engine-dependent Math.log2). */
function binaryExponent(x: number): number {
  let e = 0;
  while (x >= 2) { x /= 2; e++; }
  while (x < 1) { x *= 2; e--; }
  return e;
}

/** 2^k for |k| ≤ 1022 (every step exact). */
function powerOfTwo(k: number): number {
  let p = 1;
  for (let i = 0; i < k; i++) p *= 2;
  for (let i = 0; i > k; i--) p /= 2;
  return p;
}
