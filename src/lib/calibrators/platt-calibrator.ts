// The Platt (affine) calibrator as users hold it: P(A ≻ B) = σ(α·d + β), per-response reward α·r.
import { finiteColumn } from "../validation/columns";
import { sigmoidOfScaled } from "../../core/logistic";
import { calibratorJson, frozenCopy, type CalibratorJson, type RewardNormalization } from "./calibrator";

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
  /** σ(α·margins[i] + β). */
  predict(margins: ArrayLike<number>): Float64Array;
  /** α·scores[i]: the bias is an order effect, so it does not enter per-response rewards. */
  reward(scores: ArrayLike<number>): Float64Array;
  toJSON(): CalibratorJson;
}

export function plattCalibrator<E extends object>(
  scale: number, bias: number, fit: Record<string, unknown> | null, rewardNormalization: RewardNormalization | null, extra: E,
): PlattCalibrator & E {
  const frozenFit = fit ? frozenCopy(fit) : null;
  return Object.freeze({
    ...extra,
    kind: "platt" as const,
    scale,
    bias,
    fit: frozenFit,
    rewardNormalization,
    predict(margins: ArrayLike<number>): Float64Array {
      const z = finiteColumn(margins, "margins");
      for (let i = 0; i < z.length; i++) z[i] = scale * z[i] + bias;
      // σ(z / 1): the division by 1 is exact, so this is σ(α·d + β).
      return sigmoidOfScaled(z, 1);
    },
    reward(scores: ArrayLike<number>): Float64Array {
      const out = finiteColumn(scores, "scores");
      for (let i = 0; i < out.length; i++) out[i] = scale * out[i];
      return out;
    },
    toJSON(): CalibratorJson {
      return calibratorJson("platt", { scale, bias }, frozenFit, rewardNormalization);
    },
  });
}
