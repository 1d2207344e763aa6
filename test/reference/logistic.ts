// Reference logistic math in plain JavaScript (Math.exp / Math.log1p). It is the yardstick the WASM kernels
// are checked against, so it is written the obvious way from docs/DESIGN.md §3.6, not copied from assembly/.

/** σ(x) = 1 / (1 + e^−x), evaluated on the side where e^(·) cannot overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** −log σ(x) = log1p(e^−|x|) − min(x, 0) (docs/DESIGN.md §3.6). */
function negativeLogSigmoid(x: number): number {
  return Math.log1p(Math.exp(-Math.abs(x))) - Math.min(x, 0);
}

/**
 * Cross-entropy of the soft label y against σ(z): −y·log σ(z) − (1 − y)·log σ(−z).
 * A term with a zero share is left out (0·∞ is 0 here, not NaN).
 */
export function crossEntropyWithLogit(z: number, y: number): number {
  const agree = y === 0 ? 0 : y * negativeLogSigmoid(z);
  const disagree = y === 1 ? 0 : (1 - y) * negativeLogSigmoid(-z);
  return agree + disagree;
}
