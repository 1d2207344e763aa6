// Plain-TypeScript reference for the Davidson tie model, written in Davidson's own form (p = σ(a·d),
// s = √(p(1 − p)), P(A) = p/(1 + ν·s), P(B) = (1 − p)/(1 + ν·s), P(tie) = ν·s/(1 + ν·s)) rather than the kernel's
// softmax of e^{±z/2} and ν, so that an error in either form shows up as a disagreement.

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** P(A), P(tie), P(B) of one margin at inverse temperature a and tie parameter ν. */
export function referenceDavidsonProbabilities(d: number, a: number, nu: number): [number, number, number] {
  // 1 − p as σ(−z), not 1 − σ(z), which would lose every digit for large |z|.
  const p = sigmoid(a * d), q = sigmoid(-a * d);
  const s = Math.sqrt(p * q);
  const norm = 1 + nu * s;
  return [p / norm, (nu * s) / norm, q / norm];
}

/** Weighted mean three-outcome NLL: −Σw·ln P(outcome)/Σw, labels 1 (A), 0 (B), 0.5 (tie). */
export function referenceDavidsonNll(margin: ArrayLike<number>, label: ArrayLike<number>, a: number, nu: number, weight?: ArrayLike<number>): number {
  let sum = 0, total = 0;
  for (let i = 0; i < margin.length; i++) {
    const w = weight ? weight[i] : 1;
    const [pa, pt, pb] = referenceDavidsonProbabilities(margin[i], a, nu);
    sum += w * -Math.log(label[i] === 1 ? pa : label[i] === 0 ? pb : pt);
    total += w;
  }
  return sum / total;
}

/** The gradient of the summed NLL in (a, ln ν), by central differences of the reference NLL. */
export function referenceDavidsonGradient(margin: ArrayLike<number>, label: ArrayLike<number>, a: number, nu: number): [number, number] {
  const n = margin.length, h = 1e-6;
  const f = (x: number, lnNu: number) => n * referenceDavidsonNll(margin, label, x, Math.exp(lnNu));
  const lnNu = Math.log(nu);
  return [(f(a + h, lnNu) - f(a - h, lnNu)) / (2 * h), (f(a, lnNu + h) - f(a, lnNu - h)) / (2 * h)];
}

/** Draws three-outcome labels from the Davidson model with temperature T and tie parameter ν. */
export function simulateDavidson(margin: ArrayLike<number>, temperature: number, nu: number, random: () => number): number[] {
  return Array.from(margin, (d) => {
    const [pa, pt] = referenceDavidsonProbabilities(d, 1 / temperature, nu);
    const u = random();
    return u < pa ? 1 : u < pa + pt ? 0.5 : 0;
  });
}
