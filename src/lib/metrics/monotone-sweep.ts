// The monotone sweep of Roelofs et al.: grow the number of equal-mass bins while the reliability diagram
// stays monotone, and keep the last count that was.
import type { PairColumns } from "../pairs/pairs";
import { accumulatePairSums } from "../../core/binning";
import { distinctQuantileEdges } from "./bin-edges";
import type { BinLayout } from "../../core/bin-layout";
import { BIN_STRIDE } from "./reliability-bins";
import { sortedCopy } from "../sort/sorted-copy";

/**
 * The number of equal-mass bins chosen by the monotone sweep: B = 1, 2, … equal-mass (quantile) bins are
 * tried in turn, and the sweep stops at the first B whose observed rates are not non-decreasing from bin to
 * bin; the answer is the B before it. Monotonicity is what a calibrated (or any monotone) scorer's true curve
 * has, so bins beyond it mostly add noise, and fewer bins add bias.
 * Roelofs, Cain, Shlens & Mozer, "Mitigating Bias in Calibration Error Estimation", AISTATS 2022 (ECE_sweep).
 * O(n·B*) for B* the answer (one binning pass per B), plus O(n log n) per B for the quantile edges.
 * @param values the binned values (probabilities or confidences), one per pair
 * @returns the quantile layout with B* bins (duplicate edges removed, as `assess` does)
 * @example assess(pairs, { bins: "sweep" }).sweepBins // the public way in
 */
export function monotoneSweepLayout(columns: PairColumns, values: Float64Array, temperature: number, folded: boolean): BinLayout {
  // Sorted once: the edges are computed again for every B, and sorting sorted input is fast.
  const sorted = sortedCopy(values);
  let best = quantileLayout(sorted, 1);
  // Invariant: best is the layout of the largest B tried so far, and every B tried so far was monotone.
  for (let b = 2; b <= values.length; b++) {
    const layout = quantileLayout(sorted, b);
    if (layout.nBins === best.nBins) continue; // duplicate edges collapsed it onto a count already checked
    const { bins } = accumulatePairSums(columns.margin, columns.label, columns.weight, temperature, folded, layout);
    if (!observedRatesMonotone(bins, layout.nBins)) break;
    best = layout;
  }
  return best;
}

function quantileLayout(values: Float64Array, nBins: number): BinLayout {
  const edges = distinctQuantileEdges(values, nBins);
  return { kind: "edges", nBins: edges.length - 1, edges };
}

/** Whether the observed rates of the non-empty bins are non-decreasing (per-bin sums: 5 per bin). */
function observedRatesMonotone(sums: Float64Array, nBins: number): boolean {
  let previous = -Infinity;
  for (let b = 0; b < nBins; b++) {
    const weight = sums[b * BIN_STRIDE + 1];
    if (!(weight > 0)) continue;
    const observed = sums[b * BIN_STRIDE + 3] / weight;
    if (observed < previous) return false;
    previous = observed;
  }
  return true;
}
