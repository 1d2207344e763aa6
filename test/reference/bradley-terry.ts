// Plain-TypeScript reference of the smoothed Bradley–Terry loss, written from the closed form:
// loss = Σ w·[−t·log σ(x) − (1 − t)·log(1 − σ(x))] / Σw with x = d − m, t = y(1 − 2ε) + ε.

const logSigmoid = (x: number) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));

export function referenceBradleyTerryLoss(
  d: number[], y: number[], m: number[], w: number[], epsilon: number,
): { loss: number; gradient: number[] } {
  const total = w.reduce((s, v) => s + v, 0);
  let loss = 0;
  const gradient = d.map((di, i) => {
    const x = di - m[i];
    const t = y[i] * (1 - 2 * epsilon) + epsilon;
    loss += w[i] * (-t * logSigmoid(x) - (1 - t) * logSigmoid(-x));
    return (w[i] * (1 / (1 + Math.exp(-x)) - t)) / total;
  });
  return { loss: loss / total, gradient };
}
