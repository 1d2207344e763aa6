// The Venn–Abers calibrator as users hold it: for each margin an interval [p0, p1] of P(A ≻ B) and the merged
// probability p1 / (1 − p0 + p1), read from tables fitted by assembly/venn-abers.ts (docs/DESIGN.md §5.13).
import { RmcalTypeError } from "../../core/errors";
import { finiteColumn, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { logitClipped } from "../../core/isotonic";
import { vennAbersPredict } from "../../core/venn-abers";
import { calibratorJson, frozenCopy, type CalibratorJson, type FittedRange, type RewardNormalization } from "./calibrator";
import { rewardTransform, lengthOf } from "./reward-transform";
import { extrapolationHandlerOption, reportExtrapolation, unknownRangeReason, type PredictOptions } from "./extrapolation";
import { PREDICT_OPTION_KEYS } from "./temperature-calibrator";
import { REWARD_EPSILON, type IsotonicRewardOptions } from "./isotonic-calibrator";

/** The interval and merged probability of each pair. */
export interface VennAbersPrediction {
  /** The isotonic fit at the pair had its label been 0: the lower end of the interval. */
  readonly p0: Float64Array;
  /** The fit had its label been 1: the upper end. */
  readonly p1: Float64Array;
  /** p1 / (1 − p0 + p1), the merged probability (minimizes the worst-case log loss over the two). */
  readonly p: Float64Array;
}

const REWARD_OPTION_KEYS = optionKeys<IsotonicRewardOptions>()(["reference", "transform", "prompts", "clip", "onExtrapolation"]);

/** Why Venn–Abers extrapolation matters: its tables are flat beyond the outermost fitted margins (docs/DESIGN.md §5.8). */
const FLAT_EXTRAPOLATION = "Venn–Abers predictions are isotonic fits, flat beyond the fitted margins, so each of these gets the end interval whatever its distance from the range";

/** A Venn–Abers calibrator, fitted or loaded from JSON. Frozen. */
export interface VennAbersCalibrator {
  readonly kind: "venn-abers";
  /** k strictly increasing margins where the tables change. */
  readonly x: readonly number[];
  /** The label-0 fit in each of the k + 1 gaps around x (non-decreasing, in [0, 1]). */
  readonly p0: readonly number[];
  /** The label-1 fit in each gap (non-decreasing, in [0, 1], and p0[g] ≤ p1[g]). */
  readonly p1: readonly number[];
  readonly fit: Readonly<Record<string, unknown>> | null;
  readonly rewardNormalization: RewardNormalization | null;
  /** The margins and scores it was fitted on; null for a JSON without `range`. */
  readonly range: FittedRange | null;
  /** The merged probability p1 / (1 − p0 + p1) per margin. */
  predict(margins: ArrayLike<number>, options?: PredictOptions): Float64Array;
  /** The interval [p0, p1] and the merged probability per margin. */
  predictInterval(margins: ArrayLike<number>, options?: PredictOptions): VennAbersPrediction;
  /**
   * logit(clip(p(scores[i] − reference), 1e-6, 1 − 1e-6)) with p the merged probability: a reward relative to a
   * reference response, as for isotonic ("raw-calibrated" by default; docs/DESIGN.md §5.6).
   */
  reward(scores: ArrayLike<number>, options?: IsotonicRewardOptions): Float64Array;
  toJSON(): CalibratorJson;
}

export function vennAbersCalibrator<E extends object>(
  x: Float64Array, p0: Float64Array, p1: Float64Array, fit: Record<string, unknown> | null,
  rewardNormalization: RewardNormalization | null, range: FittedRange | null, extra: E,
): VennAbersCalibrator & E {
  const tables = { x: x.slice(), lower: p0.slice(), upper: p1.slice() };
  const frozenFit = fit ? frozenCopy(fit) : null;
  const xList = Object.freeze(Array.from(tables.x));
  const p0List = Object.freeze(Array.from(tables.lower)), p1List = Object.freeze(Array.from(tables.upper));
  const interval = (margins: ArrayLike<number>, options: PredictOptions | undefined, name: "margins" | "scores"): VennAbersPrediction => {
    const handler = extrapolationHandlerOption(optionsObject(options, PREDICT_OPTION_KEYS).onExtrapolation);
    const d = finiteColumn(margins, name);
    reportExtrapolation(handler, d, "margins", range?.margins ?? null, FLAT_EXTRAPOLATION, unknownRangeReason(range, "margins"));
    return Object.freeze(vennAbersPredict(tables, d));
  };
  return Object.freeze({
    ...extra,
    kind: "venn-abers" as const,
    x: xList,
    p0: p0List,
    p1: p1List,
    fit: frozenFit,
    rewardNormalization,
    range,
    predict: (margins: ArrayLike<number>, options?: PredictOptions) => interval(margins, options, "margins").p,
    predictInterval: (margins: ArrayLike<number>, options?: PredictOptions) => interval(margins, options, "margins"),
    reward(scores: ArrayLike<number>, options?: IsotonicRewardOptions): Float64Array {
      const o = optionsObject(options, REWARD_OPTION_KEYS);
      const handler = extrapolationHandlerOption(o.onExtrapolation);
      const stored = rewardNormalization?.reference;
      if (o.reference === undefined && stored === undefined) {
        throw new RmcalTypeError("invalid-option", "options.reference is missing: a Venn–Abers reward is relative to a reference score (none was stored with this calibrator)", { argument: "options.reference" });
      }
      const reference = o.reference === undefined ? (stored as number) : numberOption(o.reference, "options.reference", () => true, "a finite number");
      const { reference: _, ...transformOptions } = o;
      const transform = rewardTransform(transformOptions, rewardNormalization, "raw-calibrated", lengthOf(scores));
      const d = finiteColumn(scores, "scores");
      const margins = range?.margins;
      reportExtrapolation(handler, d, "scores", margins ? [reference + margins[0], reference + margins[1]] : null, FLAT_EXTRAPOLATION, unknownRangeReason(range, "margins"));
      for (let i = 0; i < d.length; i++) d[i] = Math.min(Math.max(d[i] - reference, -Number.MAX_VALUE), Number.MAX_VALUE);
      return transform(logitClipped(vennAbersPredict(tables, d).p, REWARD_EPSILON, 1 - REWARD_EPSILON));
    },
    toJSON(): CalibratorJson {
      return calibratorJson("venn-abers", { x: xList, p0: p0List, p1: p1List }, frozenFit, rewardNormalization, range);
    },
  });
}
