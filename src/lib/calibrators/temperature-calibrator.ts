// The temperature calibrator as users hold it: P(A ≻ B) = σ(d/T), per-response reward r/T.
import { finiteColumn } from "../validation/columns";
import { sigmoidOfScaled } from "../../core/logistic";
import { calibratorJson, frozenCopy, type CalibratorJson, type RewardNormalization } from "./calibrator";

/** A temperature calibrator, fitted or loaded from JSON. Frozen. */
export interface TemperatureCalibrator {
  readonly kind: "temperature";
  /** T > 0: probabilities are σ(d / T), computed as a division so a JSON round trip is bit-identical. */
  readonly temperature: number;
  /** How it was fitted (absent from a JSON that had no `fit`). */
  readonly fit: Readonly<Record<string, unknown>> | null;
  readonly rewardNormalization: RewardNormalization | null;
  /** σ(margins[i] / T): calibrated P(A ≻ B) per pair. */
  predict(margins: ArrayLike<number>): Float64Array;
  /** scores[i] / T: calibrated per-response rewards, which keep Bradley–Terry semantics. */
  reward(scores: ArrayLike<number>): Float64Array;
  toJSON(): CalibratorJson;
}

/** Builds the frozen calibrator; `extra` holds the fitted-only fields (iterations, converged, …). */
export function temperatureCalibrator<E extends object>(
  temperature: number, fit: Record<string, unknown> | null, rewardNormalization: RewardNormalization | null, extra: E,
): TemperatureCalibrator & E {
  const frozenFit = fit ? frozenCopy(fit) : null;
  return Object.freeze({
    ...extra,
    kind: "temperature" as const,
    temperature,
    fit: frozenFit,
    rewardNormalization,
    predict(margins: ArrayLike<number>): Float64Array {
      return sigmoidOfScaled(finiteColumn(margins, "margins"), temperature);
    },
    reward(scores: ArrayLike<number>): Float64Array {
      const out = finiteColumn(scores, "scores");
      for (let i = 0; i < out.length; i++) out[i] = out[i] / temperature;
      return out;
    },
    toJSON(): CalibratorJson {
      return calibratorJson("temperature", { temperature }, frozenFit, rewardNormalization);
    },
  });
}
