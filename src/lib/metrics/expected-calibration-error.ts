import { accumulateProbabilitySums, calibrationErrors } from "../../core/binning";
import { rangeDeferredBinaryInputs } from "./binary-inputs";
import { sklearnLayout } from "./calibration-curve";
import { MAX_BINS } from "./assess";
import type { Binning } from "./bin-edges";
import { choiceOption, integerOption, optionsObject, type NumericColumn, optionKeys } from "../validation/columns";

export interface ExpectedCalibrationErrorOptions {
  /** Number of bins on [0, 1] (default 15). */
  nBins?: number;
  /** "uniform" (default) or "quantile" (edges at numpy percentiles of yProb, as calibrationCurve). */
  strategy?: Binning;
  /** "l1" (default): weighted mean |gap|; "l2": root of the weighted mean squared gap; "max": largest gap. */
  norm?: "l1" | "l2" | "max";
  sampleWeight?: NumericColumn;
}

const ECE_OPTION_KEYS = optionKeys<ExpectedCalibrationErrorOptions>()(["nBins", "strategy", "norm", "sampleWeight"]);

/**
 * Expected calibration error: the weighted mean gap between predicted probability and observed rate, per bin.
 * Guo et al., "On Calibration of Modern Neural Networks", ICML 2017. O(n) for uniform bins.
 * Bins follow calibrationCurve's rule; labels may be soft.
 * @throws {RangeError} if yTrue and yProb differ in length, or a value is outside [0, 1]
 * @example expectedCalibrationError([1, 0, 1], [0.9, 0.2, 0.6]) // => 0.2333…
 */
export function expectedCalibrationError(yTrue: NumericColumn, yProb: NumericColumn, options?: ExpectedCalibrationErrorOptions): number {
  const o = optionsObject(options, ECE_OPTION_KEYS);
  const nBins = integerOption(o.nBins ?? 15, "options.nBins", 1, MAX_BINS);
  const strategy = choiceOption(o.strategy ?? "uniform", "options.strategy", ["uniform", "quantile"] as const);
  const norm = choiceOption(o.norm ?? "l1", "options.norm", ["l1", "l2", "max"] as const);
  // Uniform bins need nothing from yProb before the binning pass, which checks the [0, 1] range itself.
  const inputs = rangeDeferredBinaryInputs(yTrue, yProb, o.sampleWeight, strategy === "uniform");
  const layout = sklearnLayout(inputs.yProb, inputs.sampleWeight, nBins, strategy);
  const sums = accumulateProbabilitySums(inputs.yTrue, inputs.yProb, inputs.sampleWeight, layout) ?? inputs.reject();
  const { errors } = calibrationErrors(sums);
  return norm === "l1" ? errors.ece : norm === "l2" ? errors.rmsce : errors.mce;
}
