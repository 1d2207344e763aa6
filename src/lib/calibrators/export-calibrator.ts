// What a trainer needs to emit centered calibrated rewards itself (docs/DESIGN.md §5.9): an affine patch of the
// reward model's final linear layer, or the mean and std OpenRLHF stores for its reward normalization.
//
// Checked against the frameworks' source (read, not copied):
// - OpenRLHF (commit 3c3be62, openrlhf/models/model.py): the reward head is nn.Linear(hidden, 1, bias=False)
//   (line 186); mean and std are loaded from config.json (lines 196-198) and applied as (reward − mean)/std at
//   inference when normalization is enabled (line 238; flag --reward.normalize_enable, openrlhf/cli/train_ppo_ray.py
//   line 396). openrlhf/trainer/rm_trainer.py lines 293-294 write the raw reward mean and std there after training.
// - TRL (commit f2cd577, trl/trainer/reward_trainer.py line 756): center_rewards_coefficient adds
//   coefficient · mean((r_chosen + r_rejected)²) to the reward-model training loss; it acts only while the reward
//   model trains (trl/trainer/reward_config.py line 69), never on the rewards a trainer reads afterwards.
import { RmcalRangeError } from "../../core/errors";
import { choiceOption } from "../validation/columns";
import type { Calibrator } from "./load-calibrator";

export type ExportTarget = "head" | "openrlhf" | "trl";

const TARGETS = ["head", "openrlhf", "trl"] as const;

/**
 * The patch W′ = scale·W, b′ = scale·b + shift of a final linear layer r = W·h + b, after which the model emits the
 * centered calibrated reward: temperature scale = 1/T, shift = −mean(r/T); Platt scale = α, shift = −mean(α·r).
 */
export interface HeadPatch {
  readonly target: "head" | "trl";
  readonly scale: number;
  readonly shift: number;
  /** The stored clip (log-odds units), which no affine patch can apply: the trainer must clip; null for none. */
  readonly clip: number | null;
  /** What to mind when applying it (a head without bias, TRL's center_rewards_coefficient). */
  readonly notes: readonly string[];
}

/** OpenRLHF's stored normalization: its (r − mean)/std on the unpatched model equals the centered calibrated reward. */
export interface OpenRlhfNormalization {
  readonly target: "openrlhf";
  readonly mean: number;
  readonly std: number;
  readonly clip: number | null;
  readonly notes: readonly string[];
}

export type CalibratorExport = HeadPatch | OpenRlhfNormalization;

const NO_BIAS = "a head built without bias (OpenRLHF's value_head and the score layer of many Hugging Face sequence classifiers are nn.Linear(..., bias=False)) cannot hold the shift: replace it by a Linear with bias, copying W′ and setting b′ = shift, or leave the shift out, and the rewards are calibrated but not centered";

/**
 * What a trainer needs so that the reward model emits centered calibrated rewards, r/T − mean(r/T) (Platt:
 * α·r − mean), with no rmcal at training time (docs/DESIGN.md §5.9).
 * @param calibrator a temperature or Platt calibrator fitted on per-response scores (it stores the reward mean)
 * @param target "head": the affine patch of the final linear layer; "openrlhf": the mean and std for OpenRLHF's
 *   config.json; "trl": the head patch, with how it meets TRL's center_rewards_coefficient
 * @returns a frozen description with the numbers and notes
 * @throws {RangeError} for an isotonic or Venn–Abers calibrator (no affine patch exists), one without a stored reward mean, or
 *   (openrlhf) a Platt scale α ≤ 0
 * @example exportCalibrator(loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: 2, rewardNormalization: { mean: 0.5, std: 1, clip: null } }), "openrlhf").std // => 2
 */
export function exportCalibrator(calibrator: Calibrator, target: ExportTarget): CalibratorExport {
  const to = choiceOption(target, "target", TARGETS);
  if (calibrator.kind === "isotonic" || calibrator.kind === "venn-abers") {
    throw new RmcalRangeError("invalid-argument", `calibrator is ${calibrator.kind}: its reward logit g(r − r_ref) is a step-wise monotone map, not affine in r, so no patch of a linear layer or mean/std reproduces it; serve its rewards through rmcal (reward() or rmcal apply --score), or fit a temperature or Platt calibrator to export`, { argument: "calibrator" });
  }
  if (calibrator.kind === "grouped-temperature") {
    throw new RmcalRangeError("invalid-argument", "calibrator has one temperature per group: a reward model's single linear head cannot divide by the temperature of each response's group, so there is no patch; serve its rewards through rmcal (reward() with options.group, or rmcal apply --score --group), or export the global fit (fitTemperature)", { argument: "calibrator" });
  }
  const norm = calibrator.rewardNormalization;
  if (norm === null) {
    throw new RmcalRangeError("invalid-argument", `calibrator stores no reward mean (it was fitted on pairs without per-response scores), so the centered reward is unknown; refit on {scoreA, scoreB, label} or {chosen, rejected} pairs`, { argument: "calibrator" });
  }
  const clipNote = norm.clip === null ? [] : [`clip the rewards to [−${norm.clip}, ${norm.clip}] in the trainer: no affine patch can clip`];
  if (to === "openrlhf") {
    // (r − mean)/std = r/T − m needs std = T and mean = T·m; for Platt, (r − m/α)/(1/α) = α·r − m.
    let mean: number, std: number;
    if (calibrator.kind === "temperature") {
      [mean, std] = [calibrator.temperature * norm.mean, calibrator.temperature];
    } else {
      if (!(calibrator.scale > 0)) {
        throw new RmcalRangeError("invalid-argument", `calibrator.scale is ${calibrator.scale}; OpenRLHF divides by std = 1/α, which needs α > 0 (α ≤ 0 inverts or erases the scores)`, { argument: "calibrator.scale" });
      }
      [mean, std] = [norm.mean / calibrator.scale, 1 / calibrator.scale];
    }
    return Object.freeze({
      target: "openrlhf" as const, mean, std, clip: norm.clip,
      notes: Object.freeze([
        "set mean and std in the reward model's config.json and run with --reward.normalize_enable; the model must be the unpatched one",
        "OpenRLHF's reward-model training overwrites config.json's mean and std with the raw ones: set them after training",
        ...clipNote,
      ]),
    });
  }
  const scale = calibrator.kind === "temperature" ? 1 / calibrator.temperature : calibrator.scale;
  const trlNotes = to === "trl" ? [
    "TRL's center_rewards_coefficient only adds coefficient·mean((r_chosen + r_rejected)²) to the reward-model training loss: it never changes the rewards a trainer reads, so patch after reward-model training; a model trained with it has a mean near 0 and the shift is small",
    "do not train the patched model further with center_rewards_coefficient: the penalty pulls the calibrated scale back toward zero",
    "if the RL trainer whitens rewards itself, that divides the calibrated scale away (docs/DESIGN.md §5.6): leave such normalization off",
  ] : [];
  return Object.freeze({ target: to, scale, shift: -norm.mean, clip: norm.clip, notes: Object.freeze([NO_BIAS, ...trlNotes, ...clipNote]) });
}
