// Stable logistic math. Every exp and log the user sees is computed here, not in JavaScript, because
// JavaScript engines round Math.exp differently while WebAssembly code computes it identically everywhere.

/** e^(−|z|), the one transcendental shared by σ(z), σ(|z|) and the NLL terms of a pair. */
// @ts-ignore: decorator
@inline export function expNegAbs(z: f64): f64 {
  return Math.exp(-Math.abs(z));
}

/** σ(z) = 1 / (1 + e^−z) from e = e^(−|z|), without overflow for any z. */
// @ts-ignore: decorator
@inline export function sigmoidFrom(z: f64, e: f64): f64 {
  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/**
 * Binary cross-entropy of σ(z) against a soft label y, from e = e^(−|z|):
 * y·softplus(−z) + (1 − y)·softplus(z), where softplus(±z) = max(±z, 0) + log1p(e^−|z|).
 * Written this way it is exact for y ∈ {0, 1} (no cancellation) and never NaN, even for z = ±∞.
 */
// @ts-ignore: decorator
@inline export function crossEntropyFrom(z: f64, e: f64, y: f64): f64 {
  const shared = Math.log1p(e);
  // A term whose label share is 0 is skipped, not multiplied: z = d/T can overflow to ±∞ for a tiny T,
  // and 0·∞ would make the loss NaN where the true value is finite.
  const positive = y != 0.0 ? y * Math.max(-z, 0.0) : 0.0;
  const negative = y != 1.0 ? (1.0 - y) * Math.max(z, 0.0) : 0.0;
  return shared + positive + negative;
}

/** σ(z), stable for every z. */
export function sigmoid(z: f64): f64 {
  return sigmoidFrom(z, expNegAbs(z));
}

/** log σ(z) = min(z, 0) − log1p(e^−|z|), stable for every z. */
export function logSigmoid(z: f64): f64 {
  return Math.min(z, 0.0) - Math.log1p(expNegAbs(z));
}

/** ln(x), exported so the facade never uses Math.log for a number the user sees. */
export function naturalLog(x: f64): f64 {
  return Math.log(x);
}

/** out[i] = σ(margins[i] / temperature). A division, not a multiplication by 1/T: see DESIGN.md §2. */
export function sigmoidOfScaled(margins: usize, n: i32, temperature: f64, out: usize): void {
  // Invariant: out[0..i) holds σ(margins[j] / temperature) for j < i.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const z = load<f64>(margins + offset) / temperature;
    store<f64>(out + offset, sigmoidFrom(z, expNegAbs(z)));
  }
}
