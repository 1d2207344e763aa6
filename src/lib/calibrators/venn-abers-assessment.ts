// Assessing a Venn–Abers calibrator on held-out pairs (docs/DESIGN.md §5.13): how wide its intervals are, and how
// reliable its merged probability is.
import { RmcalTypeError } from "../../core/errors";
import { withSortedValues } from "../../core/order-statistics";
import { toPairColumns, type Pairs } from "../pairs/pairs";
import type { Assessment, AssessOptions } from "../metrics/assess";
import { percentileEdgesOfSorted } from "../metrics/bin-edges";
import { calibratedAssessment } from "./calibrated-assessment";
import type { VennAbersCalibrator } from "./venn-abers-calibrator";

/** The widths p1 − p0 of the pairs' intervals. */
export interface IntervalWidths {
  /** Weighted mean width. */
  readonly mean: number;
  /** Median, 90th percentile and largest width over the pairs of positive weight (numpy's linear percentiles). */
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export interface VennAbersAssessment {
  /** Pairs of positive weight, and their Σw. */
  readonly n: number;
  readonly weight: number;
  readonly width: IntervalWidths;
  /** The merged probabilities p1 / (1 − p0 + p1) assessed as any calibrator's (bins, metrics, intervals). */
  readonly merged: Assessment;
}

/**
 * Venn–Abers assessment: the width of each pair's interval [p0, p1] (narrow where the calibration pairs pin the
 * isotonic fit down, wide where they are few or disagree) and the reliability of the merged probability, through
 * calibratedAssessment. Vovk & Petej, "Venn–Abers predictors", UAI 2014. O(n log k) plus assess.
 * @param calibrator a fitted or loaded Venn–Abers calibrator
 * @param pairs held-out pairs in any accepted shape
 * @param options assess options for the merged probabilities
 * @returns widths and the merged assessment
 * @throws {TypeError|RangeError} for a calibrator of another kind, or naming the first invalid field, index or option
 * @example vennAbersAssessment(fitVennAbers({ margin: [-2, -1, 1, 2], label: [0, 1, 0, 1] }), { margin: [0], label: [1] }).width.mean // => 0.1999…
 */
export function vennAbersAssessment(calibrator: VennAbersCalibrator, pairs: Pairs, options: AssessOptions = {}): VennAbersAssessment {
  if (calibrator === null || typeof calibrator !== "object" || calibrator.kind !== "venn-abers") {
    throw new RmcalTypeError("invalid-argument", `calibrator must be a Venn–Abers calibrator (kind "venn-abers"), got kind ${String((calibrator as { kind?: unknown } | null)?.kind)}`, { argument: "calibrator" });
  }
  const merged = calibratedAssessment(calibrator, pairs, options);
  const columns = toPairColumns(pairs);
  const { p0, p1 } = calibrator.predictInterval(columns.margin);
  const w = columns.weight;
  const widths: number[] = [];
  let sumW = 0, sum = 0;
  for (let i = 0; i < columns.n; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    const width = p1[i] - p0[i];
    widths.push(width);
    sumW += wi;
    sum += wi * width;
  }
  const deciles = withSortedValues(Float64Array.from(widths), (sorted) => percentileEdgesOfSorted(sorted, 10));
  const width = Object.freeze({ mean: sum / sumW, median: deciles[5], p90: deciles[9], max: deciles[10] });
  return Object.freeze({ n: widths.length, weight: merged.weight, width, merged });
}
