// The exact jackknife of a metric whose bins do not depend on the data: uniform-bin ECE, RMSCE, MCE and debiased
// RMSCE, and NLL, Brier and accuracy (docs/DESIGN.md §6.4). One WebAssembly pass from the bin sums, so every unit
// is left out (no grouping), at O(n + bins) in all.
import type { PairColumns } from "../pairs/pairs";
import { scaleWeights } from "../../core/weight-scale";
import type { BinLayout } from "../../core/bin-layout";
import { jackknifeBinnedMetric } from "../../core/jackknife";
import type { BinnedMetric } from "../../core/bootstrap";
import type { ResamplingUnits } from "./resampling-units";

/** How the metric is read from the pairs: assess's temperature, view and bins, fixed for every leave-one-out. */
export interface FixedBinOptions {
  readonly temperature: number;
  readonly folded: boolean;
  /** Uniform bins; "edges" layouts are refused, since quantile edges move when a unit leaves. */
  readonly layout: BinLayout;
  /** MCE's least bin count (assess's mceMinCount); other metrics ignore it. */
  readonly mceMinCount: number;
}

/**
 * Leave-one-unit-out values of `metric` on `columns`: element u is the metric (as assess computes it, with the bins
 * of `options.layout` held fixed) of the pairs outside unit u, to rounding. Units are those of resamplingUnits: pairs,
 * or clusters. Removing a pair changes only its own bin and the totals, so the whole jackknife costs O(n + bins).
 * With a single unit every value is NaN (no pairs remain). Efron & Tibshirani 1993, §11.2.
 * @throws {Error} for a layout with explicit edges (an internal misuse, not a user error)
 */
export function binnedJackknife(
  columns: PairColumns, units: ResamplingUnits, metric: BinnedMetric, options: FixedBinOptions,
): Float64Array {
  const { layout } = options;
  if (layout.kind !== "uniform") throw new Error("binnedJackknife: bins must be uniform");
  // Weights scaled by a power of two as assess scales them, so w² stays in range (core/weight-scale.ts); the
  // scaling is exact, so no value moves.
  const weight = scaleWeights(columns.weight).weights;
  return jackknifeBinnedMetric(columns.margin, columns.label, weight, options.temperature, options.folded, layout,
    units, metric, options.mceMinCount);
}
