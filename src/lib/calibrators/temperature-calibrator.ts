// The temperature calibrator as users hold it: P(A ≻ B) = σ(d/T), per-response reward r/T, transformed as
// docs/DESIGN.md §5.6 says (centered by default).
import { finiteColumn, optionKeys, optionsObject } from "../validation/columns";
import { sigmoidOfScaled } from "../../core/logistic";
import { calibratorJson, frozenCopy, type CalibratorJson, type FittedRange, type RewardNormalization } from "./calibrator";
import { rewardTransform, lengthOf, type RewardOptions } from "./reward-transform";
import {
  extrapolationHandlerOption, reportExtrapolation, unknownRangeReason, LINEAR_EXTRAPOLATION, type PredictOptions,
} from "./extrapolation";

/** A temperature calibrator, fitted or loaded from JSON. Frozen. */
export interface TemperatureCalibrator {
  readonly kind: "temperature";
  /** T > 0: probabilities are σ(d / T), computed as a division so a JSON round trip is bit-identical. */
  readonly temperature: number;
  /** How it was fitted (absent from a JSON that had no `fit`). */
  readonly fit: Readonly<Record<string, unknown>> | null;
  readonly rewardNormalization: RewardNormalization | null;
  /** The margins and scores it was fitted on; null for a version-1 JSON. */
  readonly range: FittedRange | null;
  /** σ(margins[i] / T): calibrated P(A ≻ B) per pair. */
  predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array;
  /**
   * Per-response rewards on the calibrated log-odds scale: r/T − mean(r/T) by default ("centered"); "per-prompt",
   * "whitened" (scale-free: T cancels) and "raw-calibrated" (r/T) on request (docs/DESIGN.md §5.6).
   */
  reward(scores: ArrayLike<number>, options?: RewardOptions): Float64Array;
  toJSON(): CalibratorJson;
}

export const PREDICT_OPTION_KEYS = optionKeys<PredictOptions>()(["onExtrapolation"]);
export const REWARD_OPTION_KEYS = optionKeys<RewardOptions>()(["transform", "prompts", "clip", "onExtrapolation"]);

/** Builds the frozen calibrator; `extra` holds the fitted-only fields (iterations, converged, …). */
export function temperatureCalibrator<E extends object>(
  temperature: number, fit: Record<string, unknown> | null, rewardNormalization: RewardNormalization | null,
  range: FittedRange | null, extra: E,
): TemperatureCalibrator & E {
  const frozenFit = fit ? frozenCopy(fit) : null;
  return Object.freeze({
    ...extra,
    kind: "temperature" as const,
    temperature,
    fit: frozenFit,
    rewardNormalization,
    range,
    predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array {
      const handler = extrapolationHandlerOption(optionsObject(options, PREDICT_OPTION_KEYS).onExtrapolation);
      const d = finiteColumn(margins, "margins");
      reportExtrapolation(handler, d, "margins", range?.margins ?? null, LINEAR_EXTRAPOLATION, unknownRangeReason(range, "margins"));
      return sigmoidOfScaled(d, temperature);
    },
    reward(scores: ArrayLike<number>, options?: RewardOptions): Float64Array {
      const o = optionsObject(options, REWARD_OPTION_KEYS);
      const handler = extrapolationHandlerOption(o.onExtrapolation);
      const transform = rewardTransform(o, rewardNormalization, "centered", lengthOf(scores));
      const out = finiteColumn(scores, "scores");
      reportExtrapolation(handler, out, "scores", range?.scores ?? null, LINEAR_EXTRAPOLATION, unknownRangeReason(range, "scores"));
      for (let i = 0; i < out.length; i++) out[i] = out[i] / temperature;
      return transform(out);
    },
    toJSON(): CalibratorJson {
      return calibratorJson("temperature", { temperature }, frozenFit, rewardNormalization, range);
    },
  });
}
