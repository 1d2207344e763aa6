// Plain-TypeScript reference of the binned calibration metrics, computed pair by pair from the definitions of
// docs/DESIGN.md §2.3 (uniform bins, sklearn's bin rule), independently of the WebAssembly kernels.
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export interface ReferencePairs { margin: number[]; label: number[]; weight?: number[] }

export function referenceBinnedMetrics(pairs: ReferencePairs, nBins: number, folded: boolean, temperature = 1) {
  const start = folded ? 0.5 : 0;
  const step = (1 - start) / nBins;
  const W = new Array(nBins).fill(0), V = new Array(nBins).fill(0), K = new Array(nBins).fill(0), W2 = new Array(nBins).fill(0);
  let total = 0;
  pairs.margin.forEach((d, i) => {
    const y = pairs.label[i];
    const w = pairs.weight ? pairs.weight[i] : 1;
    const v = folded ? sigmoid(Math.abs(d) / temperature) : sigmoid(d / temperature);
    const k = folded ? (d > 0 ? y : d < 0 ? 1 - y : 0.5) : y;
    let b = 0;
    while (b < nBins - 1 && v > (b + 1) * step + start) b++;
    W[b] += w; V[b] += w * v; K[b] += w * k; W2[b] += w * w; total += w;
  });
  let ece = 0, squared = 0, debiasedSquared = 0;
  for (let b = 0; b < nBins; b++) {
    if (!(W[b] > 0)) continue;
    const gap = V[b] / W[b] - K[b] / W[b];
    const observed = K[b] / W[b];
    const nEffective = (W[b] * W[b]) / W2[b];
    ece += (W[b] / total) * Math.abs(gap);
    squared += (W[b] / total) * gap * gap;
    if (nEffective >= 2) debiasedSquared += (W[b] / total) * (gap * gap - (observed * (1 - observed)) / (nEffective - 1));
  }
  return { ece, rmsce: Math.sqrt(squared), debiasedSquared, rmsceDebiased: Math.sqrt(Math.max(0, debiasedSquared)) };
}
