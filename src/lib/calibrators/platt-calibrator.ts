// The Platt (affine) calibrator as users hold it: P(A ≻ B) = σ(α·d + β), per-response reward α·r, transformed as
// docs/DESIGN.md §5.6 says (centered by default).
import { finiteColumn, optionsObject } from "../validation/columns";
import { sigmoidOfScaled } from "../../core/logistic";
import { calibratorJson, frozenCopy, type CalibratorJson, type FittedRange, type RewardNormalization } from "./calibrator";
import { rewardTransform, lengthOf, type RewardOptions } from "./reward-transform";
import {
  extrapolationHandlerOption, reportExtrapolation, unknownRangeReason, LINEAR_EXTRAPOLATION, type PredictOptions,
} from "./extrapolation";
import { PREDICT_OPTION_KEYS, REWARD_OPTION_KEYS } from "./temperature-calibrator";

/** A Platt calibrator, fitted or loaded from JSON. Frozen. */
export interface PlattCalibrator {
  readonly kind: "platt";
  /** α: the slope on the margin (1/α plays the role of a temperature). */
  readonly scale: number;
  /**
   * β: the position (orientation) bias — how much more often response A is preferred than its margin says,
   * e.g. a judge's preference for the first-shown answer. It is an order effect, not a per-response reward.
   */
  readonly bias: number;
  readonly fit: Readonly<Record<string, unknown>> | null;
  readonly rewardNormalization: RewardNormalization | null;
  /** The margins and scores it was fitted on; null for a version-1 JSON. */
  readonly range: FittedRange | null;
  /** σ(α·margins[i] + β). */
  predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array;
  /**
   * Rewards from α·scores[i] (the bias is an order effect, so it does not enter per-response rewards): α·r − mean
   * by default ("centered"); "per-prompt", "whitened" and "raw-calibrated" on request (docs/DESIGN.md §5.6).
   */
  reward(scores: ArrayLike<number>, options?: RewardOptions): Float64Array;
  toJSON(): CalibratorJson;
}

export function plattCalibrator<E extends object>(
  scale: number, bias: number, fit: Record<string, unknown> | null, rewardNormalization: RewardNormalization | null,
  range: FittedRange | null, extra: E,
): PlattCalibrator & E {
  const frozenFit = fit ? frozenCopy(fit) : null;
  return Object.freeze({
    ...extra,
    kind: "platt" as const,
    scale,
    bias,
    fit: frozenFit,
    rewardNormalization,
    range,
    predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array {
      const handler = extrapolationHandlerOption(optionsObject(options, PREDICT_OPTION_KEYS).onExtrapolation);
      const z = finiteColumn(margins, "margins");
      reportExtrapolation(handler, z, "margins", range?.margins ?? null, LINEAR_EXTRAPOLATION, unknownRangeReason(range, "margins"));
      for (let i = 0; i < z.length; i++) z[i] = scale * z[i] + bias;
      // σ(z / 1): the division by 1 is exact, so this is σ(α·d + β).
      return sigmoidOfScaled(z, 1);
    },
    reward(scores: ArrayLike<number>, options?: RewardOptions): Float64Array {
      const o = optionsObject(options, REWARD_OPTION_KEYS);
      const handler = extrapolationHandlerOption(o.onExtrapolation);
      const transform = rewardTransform(o, rewardNormalization, "centered", lengthOf(scores));
      const out = finiteColumn(scores, "scores");
      reportExtrapolation(handler, out, "scores", range?.scores ?? null, LINEAR_EXTRAPOLATION, unknownRangeReason(range, "scores"));
      for (let i = 0; i < out.length; i++) out[i] = scale * out[i];
      return transform(out);
    },
    toJSON(): CalibratorJson {
      return calibratorJson("platt", { scale, bias }, frozenFit, rewardNormalization, range);
    },
  });
}
