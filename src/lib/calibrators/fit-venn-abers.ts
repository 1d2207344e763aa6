// The pairwise Venn–Abers calibrator: an interval [p0, p1] of P(A ≻ B) per pair, from the isotonic fits with the
// pair added as lost and as won (docs/DESIGN.md §5.13).
import { RmcalRangeError } from "../../core/errors";
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { booleanOption, optionsObject, optionKeys } from "../validation/columns";
import { vennAbersTables } from "../../core/venn-abers";
import { vennAbersCalibrator, type VennAbersCalibrator } from "./venn-abers-calibrator";
import { fittedRangeOf } from "./calibrator";
import { rewardClipOption } from "./reward-clip";
import { everyLabelIsOne, referenceRewardNormalization } from "./fit-isotonic";

export interface FitVennAbersOptions {
  /** Fit on both orientations of every pair, (d, y) and (−d, 1 − y), so that p0(−d) = 1 − p1(d) (default true). */
  symmetric?: boolean;
  /** Stored in rewardNormalization.clip. */
  rewardClip?: number | null;
}

const FIT_VENN_ABERS_OPTION_KEYS = optionKeys<FitVennAbersOptions>()(["symmetric", "rewardClip"]);

/**
 * Inductive Venn–Abers calibration of preference pairs: for a new pair with margin d, p0 is the isotonic fit at d
 * of the calibration pairs plus (d, 0), p1 the fit plus (d, 1); the width p1 − p0 says how much one more pair
 * could move the isotonic fit there, and the merged p = p1 / (1 − p0 + p1) is the point prediction. When the
 * calibration pairs and the new one are exchangeable, one of p0, p1 is calibrated whatever the distribution
 * (symmetric: false; with symmetric, exactly so when the order A/B carries no information, docs/DESIGN.md §5.13).
 * Vovk & Petej, "Venn–Abers predictors", UAI 2014; Vovk, Petej & Fedorova, NeurIPS 2015 (the O(n log n) fit).
 * O(n log n) to fit (a radix sort, then O(n)), O(log k) per prediction.
 * @param pairs calibration pairs in any accepted shape (held out from the reward model's training)
 * @param options symmetric (default true), rewardClip
 * @returns a frozen calibrator with x, p0, p1 tables, predict (merged p), predictInterval, reward and toJSON
 * @throws {TypeError|RangeError} naming the first invalid field, index or option; symmetric: false with every label 1
 * @example fitVennAbers({ margin: [-2, -1, 1, 2], label: [0, 1, 0, 1] }).predictInterval([0]).p1 // => Float64Array [0.6]
 */
export function fitVennAbers(pairs: Pairs, options?: FitVennAbersOptions): VennAbersCalibrator {
  const o = optionsObject(options, FIT_VENN_ABERS_OPTION_KEYS);
  const symmetric = booleanOption(o.symmetric, "options.symmetric", true);
  const clip = rewardClipOption(o.rewardClip);
  const columns = toPairColumns(pairs);
  if (!symmetric && everyLabelIsOne(columns)) {
    throw new RmcalRangeError(
      "invalid-option",
      "options.symmetric is false, but every label is 1 (chosen/rejected pairs), so every interval would be [1, 1]; use symmetric: true (the default), or {scoreA, scoreB, label} pairs in both orders",
      { argument: "options.symmetric" },
    );
  }
  const weight = columns.weight ? columns.weight.reduce((s, w) => s + w, 0) : columns.n;
  // The records' cumulative weights W and W − 1 (the new pair weighs 1) must differ in float64: below 2^53 they do,
  // exactly (docs/DESIGN.md §5.13).
  if (!((symmetric ? 2 : 1) * weight < 2 ** 53)) {
    throw new RmcalRangeError("invalid-argument", `pairs.weight sums to ${weight}; Venn–Abers weighs the new pair 1 against frequency weights, and beyond ${symmetric ? "2^52 (each pair counts twice, in both orders)" : "2^53"} float64 cannot tell a cumulative weight W from W + 1: rescale the weights (their scale matters here: a pair of weight 2 counts as two pairs)`, { argument: "pairs.weight" });
  }
  const { x, lower, upper } = tables(columns, symmetric);
  const fit = { n: columns.n, weight, symmetric, thresholds: x.length };
  const range = fittedRangeOf(columns.margin, columns.scoreA, columns.scoreB);
  const calibrator = vennAbersCalibrator(x, lower, upper, fit, null, range, {});
  if (!columns.scoreA || !columns.scoreB) return calibrator;
  const norm = referenceRewardNormalization(columns, (d) => calibrator.predict(d), clip);
  return vennAbersCalibrator(x, lower, upper, fit, norm, range, {});
}

/** The tables of the pairs with positive weight (zero-weight pairs are dropped, as isotonic regression drops them). */
function tables(c: PairColumns, symmetric: boolean) {
  const w = c.weight;
  if (!w || !w.some((v) => v === 0)) return vennAbersTables(c.margin, c.label, w, symmetric);
  const keep: number[] = [];
  for (let i = 0; i < c.n; i++) if (w[i] > 0) keep.push(i);
  const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]);
  return vennAbersTables(pick(c.margin), c.label ? pick(c.label) : null, pick(w), symmetric);
}
