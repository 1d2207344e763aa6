import { accumulateProbabilitySums } from "../../core/binning";
import { rangeDeferredBinaryInputs } from "./binary-inputs";
import { uniformLayout, numpyPercentileEdges, withPositiveWeight, type Binning } from "./bin-edges";
import type { BinLayout } from "../../core/bin-layout";
import { BIN_STRIDE } from "./reliability-bins";
import { choiceOption, integerOption, optionsObject, type NumericColumn, optionKeys } from "../validation/columns";
import { MAX_BINS } from "./assess";

export interface CalibrationCurveOptions {
  /** Number of bins on [0, 1] (default 5, as scikit-learn). */
  nBins?: number;
  /** "uniform" (default): equal widths; "quantile": edges at numpy percentiles of yProb. */
  strategy?: Binning;
  /** Optional non-negative weights; without them the result equals scikit-learn's bit for bit. */
  sampleWeight?: NumericColumn;
}

const CALIBRATION_CURVE_OPTION_KEYS = optionKeys<CalibrationCurveOptions>()(["nBins", "strategy", "sampleWeight"]);

export interface CalibrationCurve {
  /** Weighted share of positives in each non-empty bin. */
  probTrue: Float64Array;
  /** Weighted mean predicted probability in each non-empty bin. */
  probPred: Float64Array;
  /** Number of rows with non-zero weight in each non-empty bin. */
  counts: Float64Array;
}

/**
 * Calibration curve (reliability diagram data) for binary or soft labels, the same as scikit-learn's
 * sklearn.calibration.calibration_curve, with empty bins dropped. O(n) uniform, O(n log n) quantile.
 * @throws {RangeError} if lengths differ, or a label or probability is outside [0, 1]
 * @example calibrationCurve([0, 0, 1, 1], [0.1, 0.4, 0.6, 0.9], { nBins: 2 }).probTrue // => Float64Array [0, 1]
 */
export function calibrationCurve(yTrue: NumericColumn, yProb: NumericColumn, options?: CalibrationCurveOptions): CalibrationCurve {
  const o = optionsObject(options, CALIBRATION_CURVE_OPTION_KEYS);
  const nBins = integerOption(o.nBins ?? 5, "options.nBins", 1, MAX_BINS);
  const strategy = choiceOption(o.strategy ?? "uniform", "options.strategy", ["uniform", "quantile"] as const);
  // Uniform bins need nothing from yProb before the binning pass, which checks the [0, 1] range itself.
  const inputs = rangeDeferredBinaryInputs(yTrue, yProb, o.sampleWeight, strategy === "uniform");
  const layout = sklearnLayout(inputs.yProb, inputs.sampleWeight, nBins, strategy);
  const sums = accumulateProbabilitySums(inputs.yTrue, inputs.yProb, inputs.sampleWeight, layout) ?? inputs.reject();
  const probTrue: number[] = [], probPred: number[] = [], counts: number[] = [];
  for (let b = 0; b < nBins; b++) {
    const at = b * BIN_STRIDE;
    const weight = sums[at + 1];
    if (!(weight > 0)) continue;
    probTrue.push(sums[at + 3] / weight);
    probPred.push(sums[at + 2] / weight);
    counts.push(sums[at]);
  }
  return { probTrue: Float64Array.from(probTrue), probPred: Float64Array.from(probPred), counts: Float64Array.from(counts) };
}

/**
 * scikit-learn's bins: linspace edges, or numpy percentiles with duplicates kept (they make empty bins).
 * Rows of zero weight take no part in the percentiles, so they change nothing.
 */
export function sklearnLayout(yProb: Float64Array, weight: Float64Array | null, nBins: number, strategy: Binning): BinLayout {
  if (strategy === "uniform") return uniformLayout(nBins, 0);
  return { kind: "edges", nBins, edges: numpyPercentileEdges(withPositiveWeight(yProb, weight), nBins) };
}
