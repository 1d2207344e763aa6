// Every metric and loss here is a ratio of weighted sums, so multiplying all weights by one power of two changes
// no result: the scaling is exact in binary floating point, and rounding commutes with it in the normal range
// (validation keeps non-zero weights in [1e-100, 1e100], so scaled weights stay normal). Scaling the largest
// weight into [1, 2) keeps w·loss from overflowing where the weighted mean itself is finite (a weight of 1e100
// times a loss of 1e250 would be +∞), so an infinite NLL always means a true value beyond float64.

export interface ScaledWeights {
  /** The weights times 2^−exponent (the caller's array itself when exponent is 0), or null for "all ones". */
  weights: Float64Array | null;
  /** Multiply a Σw of the scaled weights by 2^exponent to return it to the caller's units. */
  exponent: number;
}

/**
 * Rescales weights by the power of two that puts the largest in [1, 2). O(n).
 * @param weights validated weights (finite, ≥ 0), or null
 * @returns the weights to hand to a kernel and the exponent that undoes the scaling
 * @example scaleWeights(Float64Array.of(1e30, 3e30)).exponent // => 101
 */
export function scaleWeights(weights: Float64Array | null): ScaledWeights {
  if (weights === null) return { weights, exponent: 0 };
  let max = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > max) max = weights[i];
  // No positive weight (an empty column, or all zeros, which validation reports elsewhere): nothing to scale,
  // and binaryExponent(0) would never return.
  if (!(max > 0 && max < Infinity)) return { weights, exponent: 0 };
  const exponent = binaryExponent(max);
  if (exponent === 0) return { weights, exponent };
  const factor = powerOfTwo(-exponent);
  const scaled = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) scaled[i] = weights[i] * factor;
  return { weights: scaled, exponent };
}

/** x·2^k for |k| ≤ 1022, exact unless the result is subnormal or overflows. */
export function timesPowerOfTwo(x: number, k: number): number {
  return k === 0 ? x : x * powerOfTwo(k);
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
