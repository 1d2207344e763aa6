// The Bradley–Terry loss for training a reward model, with label smoothing and a per-pair margin.
import {
  finiteColumn, numberOption, optionsObject, requireNonEmpty, requireSameLength, unitIntervalColumn, weightColumn, optionKeys,
} from "../validation/columns";
import { bradleyTerryLossKernel } from "../../core/bradley-terry";
import { scaleWeights } from "../../core/weight-scale";

export interface BradleyTerryLossOptions {
  /** Observed P(A ≻ B) per pair, in [0, 1]; default all 1 (the first response is the chosen one). */
  labels?: ArrayLike<number>;
  /** ε in [0, 0.5): hard targets 0/1 become ε / 1 − ε. Default 0. */
  labelSmoothing?: number;
  /** m: a number for every pair, or one per pair; the loss sees d − m. Default 0. */
  margin?: number | ArrayLike<number>;
  /** Pair weights (≥ 0, positive sum); default all 1. */
  weights?: ArrayLike<number>;
}

const BRADLEY_TERRY_LOSS_OPTION_KEYS = optionKeys<BradleyTerryLossOptions>()(["labels", "labelSmoothing", "margin", "weights"]);

/**
 * Bradley–Terry loss with label smoothing and a margin, with its gradient, for any training loop:
 * t = y(1 − 2ε) + ε, loss = Σ w·BCE-with-logits(d − m, t) / Σw, gradient[i] = w_i·(σ(d_i − m_i) − t_i) / Σw.
 * Smoothing caps confidence: for a pair labelled 1 the loss is minimized at d = m + log((1 − ε)/ε), not at
 * d → ∞, so a model trained with ε = 0.05 never puts a margin much beyond m + 2.94 on a pair.
 * Bradley & Terry (1952); label smoothing: Szegedy et al. (2016). O(n).
 * @param margins d = r_chosen − r_rejected (or r_A − r_B with labels)
 * @param options labels, labelSmoothing ε ∈ [0, 0.5), margin m, weights
 * @returns { loss, gradient }: the weighted mean loss and ∂loss/∂d per pair. The loss is never NaN; it is +Infinity
 *   only when a pair's d − m overflows float64 (−log 0) or losses near 1e308 add up past it
 * @throws {TypeError|RangeError} naming the first invalid value, or ε outside [0, 0.5)
 * At d = m the loss is log 2 whatever the label.
 * @example bradleyTerryLoss([0]).loss // => 0.693147…
 */
export function bradleyTerryLoss(
  margins: ArrayLike<number>, options?: BradleyTerryLossOptions,
): { loss: number; gradient: Float64Array } {
  const o = optionsObject(options, BRADLEY_TERRY_LOSS_OPTION_KEYS);
  const d = finiteColumn(margins, "margins");
  requireNonEmpty(d.length, "margins");
  const labels = o.labels === undefined ? null : unitIntervalColumn(o.labels, "options.labels");
  // Loss and gradient are ratios to Σw, so weights far from 1 are rescaled by a power of two (exact) to keep
  // w·loss and Σw in range (see ../../core/weight-scale.ts).
  const weights = scaleWeights(o.weights === undefined ? null : weightColumn(o.weights, "options.weights")).weights;
  const smoothing = numberOption(o.labelSmoothing ?? 0, "options.labelSmoothing", (e) => e >= 0 && e < 0.5, "a number in [0, 0.5)");
  let offset = 0;
  let offsets: Float64Array | null = null;
  if (typeof o.margin === "number") offset = numberOption(o.margin, "options.margin", () => true, "a finite number or an array of them");
  else if (o.margin !== undefined) offsets = finiteColumn(o.margin, "options.margin");
  requireSameLength({
    margins: d,
    ...(labels ? { "options.labels": labels } : {}),
    ...(offsets ? { "options.margin": offsets } : {}),
    ...(weights ? { "options.weights": weights } : {}),
  });
  return bradleyTerryLossKernel(d, labels, offsets, weights, smoothing, offset);
}
