// From the kernels' per-bin sums to the bins users see. The calibration errors derived from the same sums are
// computed by the calibrationErrors kernel (assembly/calibration-errors.ts), their one definition.
import { wilsonBounds } from "../uncertainty/wilson-interval";
import { clopperPearsonIntervals } from "../uncertainty/clopper-pearson-interval";

/** How per-bin 95% intervals of the observed rate are computed. */
export type BinInterval = "wilson" | "clopper-pearson";

/** Offsets within one bin's five sums (assembly/binning.ts). */
const COUNT = 0, WEIGHT = 1, SUM_VALUE = 2, SUM_OUTCOME = 3;
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

/**
 * Builds the bins from the kernel's sums (5 per bin), the B + 1 edges and each bin's effective sample size
 * (Kish's, as the calibrationErrors kernel returns it), the n of its interval.
 */
export function reliabilityBins(
  sums: Float64Array, edges: Float64Array, effectiveSizes: Float64Array, interval: BinInterval = "wilson",
): ReliabilityBin[] {
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
      const [low, high] = wilsonBounds(observed, effectiveSizes[b]);
      Object.assign(bin, { meanPredicted, observed, gap: Math.abs(meanPredicted - observed), low, high });
    }
    bins.push(bin);
  }
  if (interval === "clopper-pearson") replaceWithClopperPearson(bins, effectiveSizes);
  return bins;
}

/** Sets low/high of every non-empty bin to its Clopper–Pearson interval, all bins in one WebAssembly call. */
function replaceWithClopperPearson(bins: ReliabilityBin[], effectiveSizes: Float64Array): void {
  const filled = bins.flatMap((bin, b) => (bin.observed === null ? [] : [b]));
  const observed = Float64Array.from(filled, (b) => bins[b].observed as number);
  const n = Float64Array.from(filled, (b) => effectiveSizes[b]);
  const [low, high] = clopperPearsonIntervals(observed, n, 0.95);
  filled.forEach((b, i) => Object.assign(bins[b], { low: low[i], high: high[i] }));
}
