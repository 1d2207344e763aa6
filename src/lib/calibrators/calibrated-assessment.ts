// Assessing a calibrator on pairs: the calibrated probabilities go back through `assess`, so the metrics,
// bins and intervals are computed exactly as for raw scores.
import { assess, type Assessment, type AssessOptions } from "../metrics/assess";
import { toPairColumns, type MarginPairs, type Pairs } from "../pairs/pairs";
import { logitClipped } from "../../core/isotonic";

/** What assessing needs of a calibrator: its kind, and T for temperature calibrators. Every rmcal calibrator is one. */
export interface PredictingCalibrator {
  readonly kind: string;
  readonly temperature?: number;
  predict(margins: ArrayLike<number>): Float64Array;
}

/** Probabilities this close to 0 or 1 are clipped before taking logits, so a step of an isotonic map stays finite. */
const EDGE = 1e-15;

/**
 * Assessment of pairs after calibration. A temperature calibrator is assessed as assess(pairs, { temperature: T })
 * (bit-identical to σ(d/T)); any other calibrator through the logits of its probabilities, logit(p) in WebAssembly, with p clipped to [1e-15, 1 − 1e-15]. O(n) plus assess.
 * @param calibrator a fitted or loaded calibrator
 * @param pairs the pairs to assess (held-out pairs)
 * @param options assess options (temperature is ignored: the calibrator decides)
 * @returns the assessment of the calibrated probabilities
 * @throws {TypeError|RangeError} naming the first invalid field, index or option, as assess does
 * @example calibratedAssessment(fitTemperature({ margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0] }), { margin: [1, -2, 2.5, 0.5], label: [1, 0, 1, 1] }).ece // => 0.3041…
 */
export function calibratedAssessment(calibrator: PredictingCalibrator, pairs: Pairs, options: AssessOptions = {}): Assessment {
  if (calibrator.kind === "temperature" && typeof calibrator.temperature === "number") {
    return assess(pairs, { ...options, temperature: calibrator.temperature });
  }
  const columns = toPairColumns(pairs);
  const logits = calibratedMargins(calibrator, columns.margin);
  const label = columns.label ?? new Float64Array(logits.length).fill(1);
  return assess(columns.weight ? { margin: logits, label, weight: columns.weight } : { margin: logits, label }, { ...options, temperature: 1 });
}

/**
 * The calibrated margins: margins whose σ is the calibrated probability, so that assess, compareCalibration and
 * crossFit treat calibrated and raw predictions alike. d/T for a temperature calibrator (σ(d/T) bit for bit as
 * assess computes it with that temperature); otherwise logit(p) of its probabilities, clipped as above. O(n).
 */
export function calibratedMargins(calibrator: PredictingCalibrator, margins: Float64Array): Float64Array {
  if (calibrator.kind === "temperature" && typeof calibrator.temperature === "number") {
    const t = calibrator.temperature;
    return margins.map((d) => d / t);
  }
  return logitClipped(calibrator.predict(margins), EDGE, 1 - EDGE);
}

/**
 * The pairs as a calibrator predicts them: margin pairs whose σ(margin) is the calibrated P(A ≻ B)
 * (calibratedMargins), with the input's labels (1 for chosen/rejected), weights and clusters. Compare them with the
 * raw pairs: compareCalibration(pairs, calibratedPairs(calibrator, pairs)). O(n).
 * @param calibrator a fitted or loaded calibrator
 * @param pairs the pairs to predict, in any accepted shape
 * @returns {margin, label, weight?, cluster?}
 * @throws {TypeError|RangeError} naming the first invalid field or index of pairs
 * @example calibratedPairs(fitTemperature({ margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0] }), { margin: [1, -2], label: [1, 0] }).margin[0] // => 0.5791…
 */
export function calibratedPairs(calibrator: PredictingCalibrator, pairs: Pairs): MarginPairs {
  const columns = toPairColumns(pairs);
  return {
    margin: calibratedMargins(calibrator, columns.margin), label: columns.label ?? new Float64Array(columns.n).fill(1),
    ...(columns.weight ? { weight: columns.weight } : {}), ...(columns.cluster ? { cluster: columns.cluster } : {}),
  };
}
