import { binaryScoreSums } from "../../core/binning";
import { binaryInputs } from "./binary-inputs";
import { numberOption, optionKeys, optionsObject, type NumericColumn } from "../validation/columns";

export interface BinaryScoreOptions {
  sampleWeight?: NumericColumn;
}

const BINARY_SCORE_OPTION_KEYS = optionKeys<BinaryScoreOptions>()(["sampleWeight"]);

/**
 * Brier score: the weighted mean squared difference between probability and label, as
 * sklearn.metrics.brier_score_loss. Brier, "Verification of forecasts expressed in terms of probability", 1950. O(n).
 * @throws {RangeError} if lengths differ or a value is outside [0, 1]
 * @example brierScore([1, 0], [0.8, 0.4]) // => 0.1
 */
export function brierScore(yTrue: NumericColumn, yProb: NumericColumn, options?: BinaryScoreOptions): number {
  const o = optionsObject(options, BINARY_SCORE_OPTION_KEYS);
  const inputs = binaryInputs(yTrue, yProb, o.sampleWeight);
  const [weight, brier] = binaryScoreSums(inputs.yTrue, inputs.yProb, inputs.sampleWeight, 0);
  return brier / weight;
}

export interface LogLossOptions extends BinaryScoreOptions {
  /** Probabilities are clipped to [eps, 1 − eps]; default the float64 machine epsilon (scikit-learn's "auto"). */
  eps?: number;
}

const LOG_LOSS_OPTION_KEYS = optionKeys<LogLossOptions>()([...BINARY_SCORE_OPTION_KEYS, "eps"]);

/**
 * Log loss (cross-entropy, natural log) of probabilities against labels, as sklearn.metrics.log_loss. O(n).
 * @throws {RangeError} if lengths differ, a value is outside [0, 1], or eps is not in (0, 0.5)
 * @example logLoss([1, 0], [0.8, 0.4]) // => 0.3669…
 */
export function logLoss(yTrue: NumericColumn, yProb: NumericColumn, options?: LogLossOptions): number {
  const o = optionsObject(options, LOG_LOSS_OPTION_KEYS);
  const eps = numberOption(o.eps ?? Number.EPSILON, "options.eps", (e) => e > 0 && e < 0.5, "in (0, 0.5)");
  const inputs = binaryInputs(yTrue, yProb, o.sampleWeight);
  const [weight, , sumLog] = binaryScoreSums(inputs.yTrue, inputs.yProb, inputs.sampleWeight, eps);
  return sumLog / weight;
}
