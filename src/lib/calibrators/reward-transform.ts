// The four reward transforms of docs/DESIGN.md §5.6, applied to calibrated per-response rewards c (r/T, α·r, or
// the isotonic reference-response logit). Centered, per-prompt and raw-calibrated keep the calibrated log-odds
// scale (a reward difference of 1 means odds of e : 1); whitened divides by the std, so T cancels in it.
import { RmcalRangeError } from "../../core/errors";
import { choiceOption } from "../validation/columns";
import { clusterCodes } from "../pairs/pairs";
import type { RewardNormalization } from "./calibrator";
import { rewardClipOption } from "./reward-clip";
import type { ExtrapolationHandler } from "./extrapolation";

export type RewardTransform = "centered" | "per-prompt" | "whitened" | "raw-calibrated";

const TRANSFORMS = ["centered", "per-prompt", "whitened", "raw-calibrated"] as const;

/** The transform options every calibrator's reward() shares. */
export interface RewardTransformOptions {
  /** Default "centered" (temperature, Platt) or "raw-calibrated" (isotonic: its reward is already relative to r_ref). */
  transform?: RewardTransform;
  /** per-prompt only: the prompt (group) id of each score, a string or finite number; same length as scores. */
  prompts?: ArrayLike<string | number>;
  /** Clip to [−clip, clip] after the transform; null for none. Default: the fit's rewardClip. */
  clip?: number | null;
}

/** The options of the temperature and Platt calibrators' reward. */
export interface RewardOptions extends RewardTransformOptions {
  /** Called once per call when some score lies outside the fitted score range, or when that range is unknown. */
  onExtrapolation?: ExtrapolationHandler;
}

/**
 * Checks the transform options against the stored statistics before any work, and returns the transform, which
 * changes calibrated rewards in place. Centered needs the stored mean, whitened the mean and std; refused, naming
 * what to do, when the calibrator stores none. `n` is the number of scores (per-prompt needs one id per score).
 */
export function rewardTransform(
  options: Partial<RewardTransformOptions>, norm: RewardNormalization | null, defaultTransform: RewardTransform, n: number,
): (calibrated: Float64Array) => Float64Array {
  const transform = choiceOption(options.transform ?? defaultTransform, "options.transform", TRANSFORMS);
  const clip = options.clip === undefined ? norm?.clip ?? null : rewardClipOption(options.clip, "options.clip");
  if (transform !== "per-prompt" && options.prompts !== undefined) {
    throw new RmcalRangeError("invalid-option", `options.prompts is only used by transform "per-prompt", but transform is "${transform}"`, { argument: "options.prompts" });
  }
  if ((transform === "centered" || transform === "whitened") && norm === null) {
    throw new RmcalRangeError("invalid-option", `options.transform is "${transform}", but this calibrator stores no reward mean and std (it was fitted on pairs without per-response scores); refit on {scoreA, scoreB, label} or {chosen, rejected} pairs, or use transform "per-prompt" or "raw-calibrated"`, { argument: "options.transform" });
  }
  const groups = transform === "per-prompt" ? promptGroups(options.prompts, n) : null;
  return (out) => {
    if (transform === "centered") {
      for (let i = 0; i < out.length; i++) out[i] = out[i] - norm!.mean;
    } else if (transform === "whitened") {
      // Scale-free: (r/T − mean(r/T))/std(r/T) = (r − mean r)/std r, whatever T. A zero std leaves nothing to whiten.
      for (let i = 0; i < out.length; i++) out[i] = norm!.std > 0 ? (out[i] - norm!.mean) / norm!.std : 0;
    } else if (groups !== null) {
      subtractGroupMeans(out, groups);
    }
    if (clip !== null) for (let i = 0; i < out.length; i++) out[i] = Math.min(clip, Math.max(-clip, out[i]));
    return out;
  };
}

/** The prompt ids as codes, one per score. */
function promptGroups(prompts: unknown, n: number): { codes: Int32Array; count: number } {
  if (prompts === undefined) {
    throw new RmcalRangeError("invalid-option", `options.prompts is missing: transform "per-prompt" subtracts the mean reward of each prompt's responses, so it needs the prompt id of every score`, { argument: "options.prompts" });
  }
  const groups = clusterCodes(prompts, "options.prompts", "a prompt id");
  if (groups.codes.length !== n) {
    throw new RmcalRangeError("length-mismatch", `options.prompts has length ${groups.codes.length} but scores has length ${n}; they must match`, { argument: "options.prompts" });
  }
  return groups;
}

/** Subtracts from each reward the plain mean of the rewards sharing its prompt id (the GRPO-style baseline). */
function subtractGroupMeans(out: Float64Array, { codes, count }: { codes: Int32Array; count: number }): void {
  const sum = new Float64Array(count), size = new Float64Array(count);
  for (let i = 0; i < out.length; i++) {
    sum[codes[i]] += out[i];
    size[codes[i]] += 1;
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i] - sum[codes[i]] / size[codes[i]];
}

/** The length of a scores argument for the eager per-prompt check (finiteColumn refuses a non-column later). */
export function lengthOf(scores: unknown): number {
  const n = (scores as { length?: unknown } | null)?.length;
  return typeof n === "number" ? n : 0;
}
