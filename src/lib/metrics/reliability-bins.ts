// From the kernels' per-bin sums to the bins users see and the calibration errors derived from them.
import { wilsonBounds } from "../uncertainty/wilson-interval";
import { clopperPearsonIntervals } from "../uncertainty/clopper-pearson-interval";

/** How per-bin 95% intervals of the observed rate are computed. */
export type BinInterval = "wilson" | "clopper-pearson";

/** Offsets within one bin's five sums (assembly/binning.ts). */
const COUNT = 0, WEIGHT = 1, SUM_VALUE = 2, SUM_OUTCOME = 3, SUM_SQUARED_WEIGHT = 4;
export const BIN_STRIDE = 5;

/** One bin of a reliability diagram. Statistics are null when the bin holds no weight. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  /** Number of pairs with non-zero weight in the bin. */
  count: number;
  /** Σw of the bin. */
  weight: number;
  /** Weighted mean predicted probability (confidence in the folded view). */
  meanPredicted: number | null;
  /** Weighted mean observed outcome (share agreeing with the model in the folded view). */
  observed: number | null;
  /** |meanPredicted − observed|. */
  gap: number | null;
  /** 95% interval of `observed` (Wilson by default, or Clopper–Pearson; effective sample size). */
  low: number | null;
  high: number | null;
}

export interface CalibrationErrors {
  /** Σ_b (W_b/W)·|v̄_b − k̄_b|. */
  ece: number;
  /** sqrt(Σ_b (W_b/W)·(v̄_b − k̄_b)²). */
  rmsce: number;
  /** Largest gap over non-empty bins. */
  mce: number;
  /** Kumar et al. (2019) debiased RMSCE: each bin's squared gap less k̄(1 − k̄)/(n_b − 1), floored at 0 overall. */
  rmsceDebiased: number;
}

/** Builds the bins from the kernel's sums (5 per bin) and the B + 1 edges. */
export function reliabilityBins(sums: Float64Array, edges: Float64Array, interval: BinInterval = "wilson"): ReliabilityBin[] {
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b + 1 < edges.length; b++) {
    const at = b * BIN_STRIDE;
    const weight = sums[at + WEIGHT];
    const bin: ReliabilityBin = {
      lower: edges[b], upper: edges[b + 1], count: sums[at + COUNT], weight,
      meanPredicted: null, observed: null, gap: null, low: null, high: null,
    };
    if (weight > 0) {
      const meanPredicted = sums[at + SUM_VALUE] / weight;
      const observed = sums[at + SUM_OUTCOME] / weight;
      const [low, high] = wilsonBounds(observed, effectiveSampleSize(weight, sums[at + SUM_SQUARED_WEIGHT], sums[at + COUNT]));
      Object.assign(bin, { meanPredicted, observed, gap: Math.abs(meanPredicted - observed), low, high });
    }
    bins.push(bin);
  }
  if (interval === "clopper-pearson") replaceWithClopperPearson(bins, sums);
  return bins;
}

/** Sets low/high of every non-empty bin to its Clopper–Pearson interval, all bins in one WebAssembly call. */
function replaceWithClopperPearson(bins: ReliabilityBin[], sums: Float64Array): void {
  const filled = bins.flatMap((bin, b) => (bin.observed === null ? [] : [b]));
  const observed = Float64Array.from(filled, (b) => bins[b].observed as number);
  const n = Float64Array.from(filled, (b) => effectiveSampleSize(bins[b].weight, sums[b * BIN_STRIDE + SUM_SQUARED_WEIGHT], bins[b].count));
  const [low, high] = clopperPearsonIntervals(observed, n, 0.95);
  filled.forEach((b, i) => Object.assign(bins[b], { low: low[i], high: high[i] }));
}

/**
 * Kish's effective sample size (Σw)²/Σw²: the count itself when all weights are equal. It always lies in
 * [1, count] (Cauchy–Schwarz), so it is clamped there: rounding can step outside, and when Σw² underflows
 * (weights below ~1e-154 times the largest) the ratio is 0/0 or x/0, and 1, the widest interval, is the honest answer.
 */
function effectiveSampleSize(weight: number, squaredWeight: number, count: number): number {
  const n = (weight * weight) / squaredWeight;
  if (Number.isNaN(n)) return 1;
  return Math.min(Math.max(n, 1), Math.max(count, 1));
}

/** ECE, RMSCE, MCE and debiased RMSCE from the kernel's per-bin sums. */
export function calibrationErrors(sums: Float64Array, nBins: number): CalibrationErrors {
  let total = 0;
  for (let b = 0; b < nBins; b++) total += sums[b * BIN_STRIDE + WEIGHT];
  let ece = 0, squared = 0, debiased = 0, mce = 0;
  for (let b = 0; b < nBins; b++) {
    const at = b * BIN_STRIDE;
    const weight = sums[at + WEIGHT];
    if (!(weight > 0)) continue;
    const share = weight / total;
    const observed = sums[at + SUM_OUTCOME] / weight;
    const gap = sums[at + SUM_VALUE] / weight - observed;
    const absGap = Math.abs(gap);
    ece += share * absGap;
    squared += share * gap * gap;
    const nEffective = effectiveSampleSize(weight, sums[at + SUM_SQUARED_WEIGHT], sums[at + COUNT]);
    if (nEffective >= 2) debiased += share * (gap * gap - (observed * (1 - observed)) / (nEffective - 1));
    if (absGap > mce) mce = absGap;
  }
  return { ece, rmsce: Math.sqrt(squared), mce, rmsceDebiased: Math.sqrt(Math.max(0, debiased)) };
}
