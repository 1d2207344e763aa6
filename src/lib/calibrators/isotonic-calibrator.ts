// The isotonic calibrator as users hold it: a monotone map g from margins to P(A ≻ B), linear between
// thresholds and constant beyond them. Its reward is relative to a reference response (docs/DESIGN.md §5.6).
import { RmcalTypeError } from "../../core/errors";
import { finiteColumn, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { logitClipped } from "../../core/isotonic";
import { calibratorJson, frozenCopy, type CalibratorJson, type FittedRange, type RewardNormalization } from "./calibrator";
import { rewardTransform, lengthOf, type RewardOptions } from "./reward-transform";
import { extrapolationHandlerOption, reportExtrapolation, type PredictOptions } from "./extrapolation";
import { PREDICT_OPTION_KEYS } from "./temperature-calibrator";
import { predictThresholds } from "./fit-isotonic-regression";

/** Probabilities are clipped to [REWARD_EPSILON, 1 − REWARD_EPSILON] before the logit of a reward. */
export const REWARD_EPSILON = 1e-6;

export interface IsotonicRewardOptions extends RewardOptions {
  /** The reference score r_ref each reward is measured against; defaults to rewardNormalization.reference. */
  reference?: number;
}

const ISOTONIC_REWARD_OPTION_KEYS = optionKeys<IsotonicRewardOptions>()(["reference", "transform", "prompts", "clip", "onExtrapolation"]);

/** Why isotonic extrapolation matters: the map is flat beyond its outermost thresholds (docs/DESIGN.md §5.8). */
const FLAT_EXTRAPOLATION = "isotonic regression is flat beyond its outermost thresholds, so each of these gets the end probability whatever its distance from the range";

/** An isotonic calibrator, fitted or loaded from JSON. Frozen. */
export interface IsotonicCalibrator {
  readonly kind: "isotonic";
  /** Strictly increasing margin thresholds. */
  readonly x: readonly number[];
  /** g at the thresholds, non-decreasing in [0, 1]. */
  readonly y: readonly number[];
  readonly fit: Readonly<Record<string, unknown>> | null;
  readonly rewardNormalization: RewardNormalization | null;
  /** The margins and scores it was fitted on; null for a version-1 JSON (its thresholds still bound its margins). */
  readonly range: FittedRange | null;
  /** g(margins[i]): linear between thresholds, clipped to the end values outside them. */
  predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array;
  /**
   * logit(clip(g(scores[i] − reference), 1e-6, 1 − 1e-6)): a per-response reward relative to a reference, used as
   * it is by default ("raw-calibrated"); the other transforms of docs/DESIGN.md §5.6 on request.
   */
  reward(scores: ArrayLike<number>, options?: IsotonicRewardOptions): Float64Array;
  toJSON(): CalibratorJson;
}

export function isotonicCalibrator<E extends object>(
  x: Float64Array, y: Float64Array, fit: Record<string, unknown> | null, rewardNormalization: RewardNormalization | null,
  range: FittedRange | null, extra: E,
): IsotonicCalibrator & E {
  const tx = x.slice(), ty = y.slice();
  const frozenFit = fit ? frozenCopy(fit) : null;
  const xList = Object.freeze(Array.from(tx)), yList = Object.freeze(Array.from(ty));
  const predict = (margins: Float64Array) => predictThresholds(tx, ty, margins, "clip", "margins");
  return Object.freeze({
    ...extra,
    kind: "isotonic" as const,
    x: xList,
    y: yList,
    fit: frozenFit,
    rewardNormalization,
    range,
    predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array {
      const handler = extrapolationHandlerOption(optionsObject(options, PREDICT_OPTION_KEYS).onExtrapolation);
      const d = finiteColumn(margins, "margins");
      // The thresholds are the range that matters: g is flat beyond them, whether or not the JSON stores `range`.
      reportExtrapolation(handler, d, "margins", [tx[0], tx[tx.length - 1]], FLAT_EXTRAPOLATION, "");
      return predict(d);
    },
    reward(scores: ArrayLike<number>, options?: IsotonicRewardOptions): Float64Array {
      const o = optionsObject(options, ISOTONIC_REWARD_OPTION_KEYS);
      const handler = extrapolationHandlerOption(o.onExtrapolation);
      const stored = rewardNormalization?.reference;
      if (o.reference === undefined && stored === undefined) {
        throw new RmcalTypeError("invalid-option", "options.reference is missing: an isotonic reward is relative to a reference score (none was stored with this calibrator)", { argument: "options.reference" });
      }
      const reference = o.reference === undefined ? (stored as number) : numberOption(o.reference, "options.reference", () => true, "a finite number");
      const { reference: _, ...transformOptions } = o;
      const transform = rewardTransform(transformOptions, rewardNormalization, "raw-calibrated", lengthOf(scores));
      const d = finiteColumn(scores, "scores");
      reportExtrapolation(handler, d, "scores", [reference + tx[0], reference + tx[tx.length - 1]], FLAT_EXTRAPOLATION, "");
      for (let i = 0; i < d.length; i++) d[i] = d[i] - reference;
      return transform(logitClipped(predict(d), REWARD_EPSILON, 1 - REWARD_EPSILON));
    },
    toJSON(): CalibratorJson {
      return calibratorJson("isotonic", { x: xList, y: yList }, frozenFit, rewardNormalization, range);
    },
  });
}
