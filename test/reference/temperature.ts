// Plain-TypeScript reference for temperature scaling: the NLL and its derivative written directly from the
// definitions, and a bisection on the derivative (slow, simple, obviously right) instead of Newton's method.

/** Weighted mean NLL of labels y under σ(d/T): mean of softplus(z) − y·z with z = d/T. */
export function referenceTemperatureNll(margin: ArrayLike<number>, label: ArrayLike<number>, temperature: number): number {
  let sum = 0;
  for (let i = 0; i < margin.length; i++) {
    const z = margin[i] / temperature;
    const softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    sum += softplus - label[i] * z;
  }
  return sum / margin.length;
}

/** d/da of the mean NLL at inverse temperature a: mean of d·(σ(a·d) − y). */
function referenceNllDerivative(margin: ArrayLike<number>, label: ArrayLike<number>, a: number): number {
  let sum = 0;
  for (let i = 0; i < margin.length; i++) sum += margin[i] * (1 / (1 + Math.exp(-a * margin[i])) - label[i]);
  return sum / margin.length;
}

/** The minimizing a in [1e-3, 1e3] by bisection on the derivative (assumes an interior optimum). */
export function referenceInverseTemperatureBisection(margin: ArrayLike<number>, label: ArrayLike<number>): number {
  let lo = 1e-3, hi = 1e3;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (referenceNllDerivative(margin, label, mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The NLL sum and its first four derivatives in a at inverse temperature a, written from the definitions with
 * σ(z) = 1/(1 + e^−z) (Math.exp, Math.log1p): per pair, with z = a·d and s = σ(z),
 *   ℓ = softplus(z) − y·z, ℓ' = d·(s − y), ℓ'' = d²·s(1 − s), ℓ''' = d³·s(1 − s)(1 − 2s),
 *   ℓ'''' = d⁴·s(1 − s)(1 − 6s(1 − s)), ℓ⁽⁵⁾ = d⁵·s(1 − s)(1 − 2s)(1 − 12s(1 − s)).
 * Returns [Σw, Σw·ℓ, Σw·ℓ', Σw·ℓ'', Σw·ℓ''', Σw·ℓ'''', Σw·ℓ⁽⁵⁾].
 */
export function referenceTemperatureExpansion(
  margin: ArrayLike<number>, label: ArrayLike<number>, weight: ArrayLike<number> | null, a: number,
): number[] {
  const sums = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < margin.length; i++) {
    const d = margin[i], y = label[i], w = weight === null ? 1 : weight[i];
    const z = a * d;
    const s = 1 / (1 + Math.exp(-z));
    const v = s * (1 - s);
    const softplus = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    const terms = [
      1, softplus - y * z, d * (s - y), d * d * v, d * d * d * v * (1 - 2 * s), d ** 4 * v * (1 - 6 * v), d ** 5 * v * (1 - 2 * s) * (1 - 12 * v),
    ];
    for (let j = 0; j < 7; j++) sums[j] += w * terms[j];
  }
  return sums;
}
