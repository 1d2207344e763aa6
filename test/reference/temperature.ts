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
