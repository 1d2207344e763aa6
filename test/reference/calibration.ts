// Reference per-bin sums, calibration errors and Wilson intervals (docs/DESIGN.md §3.1, §3.2 and §6.1).
import { binOf } from "./bins";

/** The five sums docs/DESIGN.md §3.1 keeps per bin. */
export interface BinSums {
  count: number;
  weight: number;
  sumValue: number;
  sumOutcome: number;
  sumSquaredWeight: number;
}

/** Per-bin sums over rows taken in index order; count is the number of rows with non-zero weight. */
export function binSums(values: readonly number[], outcomes: readonly number[], weights: readonly number[], edges: readonly number[]): BinSums[] {
  const bins: BinSums[] = [];
  for (let b = 0; b + 1 < edges.length; b++) bins.push({ count: 0, weight: 0, sumValue: 0, sumOutcome: 0, sumSquaredWeight: 0 });
  values.forEach((v, i) => {
    const w = weights[i];
    const bin = bins[binOf(v, edges)];
    if (w !== 0) bin.count += 1;
    bin.weight += w;
    bin.sumValue += w * v;
    bin.sumOutcome += w * outcomes[i];
    bin.sumSquaredWeight += w * w;
  });
  return bins;
}

/**
 * Kish's effective sample size n_b = (Σw)²/Σw², which lies in [1, count] (Cauchy–Schwarz): kept there when
 * rounding steps outside, and 1 when Σw² underflows to 0 (the ratio is then 0/0 or x/0).
 */
export function effectiveSize(bin: BinSums): number {
  const n = (bin.weight * bin.weight) / bin.sumSquaredWeight;
  if (Number.isNaN(n)) return 1;
  return Math.min(Math.max(n, 1), Math.max(bin.count, 1));
}

export interface ReferenceErrors {
  ece: number;
  rmsce: number;
  mce: number;
  rmsceDebiased: number;
}

/**
 * ECE = Σ_b (W_b/W)|v̄_b − k̄_b|, RMSCE = sqrt(Σ_b (W_b/W)(v̄_b − k̄_b)²), MCE = max gap over non-empty bins,
 * debiased RMSCE (Kumar et al. 2019) = sqrt(max(0, Σ_b (W_b/W)((v̄_b − k̄_b)² − k̄_b(1 − k̄_b)/(n_b − 1)))),
 * where bins with n_b < 2 add 0 but keep their weight in W.
 */
export function calibrationErrors(bins: readonly BinSums[]): ReferenceErrors {
  const total = bins.reduce((sum, bin) => sum + bin.weight, 0);
  let ece = 0, squared = 0, debiased = 0, mce = 0;
  for (const bin of bins) {
    if (bin.weight === 0) continue;
    const meanValue = bin.sumValue / bin.weight;
    const observed = bin.sumOutcome / bin.weight;
    const gap = Math.abs(meanValue - observed);
    const share = bin.weight / total;
    ece += share * gap;
    squared += share * gap * gap;
    mce = Math.max(mce, gap);
    const n = effectiveSize(bin);
    if (n >= 2) debiased += share * (gap * gap - (observed * (1 - observed)) / (n - 1));
  }
  return { ece, rmsce: Math.sqrt(squared), mce, rmsceDebiased: Math.sqrt(Math.max(0, debiased)) };
}

/** z for a two-sided 95% interval: scipy.stats.norm.ppf(0.975). */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval (Wilson 1927) for the proportion p observed in n trials:
 * (p + z²/(2n) ± z·sqrt(p(1 − p)/n + z²/(4n²))) / (1 + z²/n), clipped to [0, 1].
 */
export function wilson(p: number, n: number, z = Z95): [number, number] {
  const center = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const scale = 1 + (z * z) / n;
  return [Math.max(0, (center - spread) / scale), Math.min(1, (center + spread) / scale)];
}

export interface ReferenceBin {
  lower: number;
  upper: number;
  count: number;
  weight: number;
  meanPredicted: number | null;
  observed: number | null;
  gap: number | null;
  low: number | null;
  high: number | null;
}

/** The bins users see: null statistics where a bin holds no weight. */
export function reliabilityBins(bins: readonly BinSums[], edges: readonly number[]): ReferenceBin[] {
  return bins.map((bin, b) => {
    const out: ReferenceBin = {
      lower: edges[b], upper: edges[b + 1], count: bin.count, weight: bin.weight,
      meanPredicted: null, observed: null, gap: null, low: null, high: null,
    };
    if (bin.weight === 0) return out;
    out.meanPredicted = bin.sumValue / bin.weight;
    out.observed = bin.sumOutcome / bin.weight;
    out.gap = Math.abs(out.meanPredicted - out.observed);
    [out.low, out.high] = wilson(out.observed, effectiveSize(bin));
    return out;
  });
}
