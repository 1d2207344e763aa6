// The pairwise isotonic calibrator: a monotone map g from margin to P(A ≻ B), fitted by PAV.
import { RmcalError, RmcalRangeError } from "../../core/errors";
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { booleanOption, optionsObject, optionKeys } from "../validation/columns";
import { logitClipped } from "../../core/isotonic";
import { antisymmetricIsotonicThresholds } from "../../core/antisymmetric-isotonic";
import { isotonicThresholds } from "./fit-isotonic-regression";
import { isotonicCalibrator, REWARD_EPSILON, type IsotonicCalibrator } from "./isotonic-calibrator";
import { fittedRangeOf, rewardNormalizationOf } from "./calibrator";
import { rewardClipOption } from "./reward-clip";

export interface FitIsotonicOptions {
  /** Fit on both orientations of every pair so that g(−d) = 1 − g(d) (default true). */
  symmetric?: boolean;
  /** Stored in rewardNormalization.clip. */
  rewardClip?: number | null;
}

const FIT_ISOTONIC_OPTION_KEYS = optionKeys<FitIsotonicOptions>()(["symmetric", "rewardClip"]);

/**
 * Isotonic calibration of preference pairs: g = the isotonic regression of the label on the margin, with
 * values in [0, 1] and constant beyond the fitted range. With symmetric (the default) every pair is used in
 * both orientations, (d, y) and (−d, 1 − y), and g is made exactly antisymmetric, g(−d) = 1 − g(d), by
 * averaging g(d) and 1 − g(−d) over the mirrored thresholds (both are the same function in exact arithmetic).
 * Zadrozny & Elkan, "Transforming classifier scores into accurate multiclass probability estimates", KDD 2002.
 * O(n) after a radix sort.
 * @param pairs held-out pairs in any accepted shape
 * With symmetric: false, pairs whose every label is 1 (chosen/rejected pairs) are refused: a fit that is not
 * antisymmetric can only learn g ≡ 1 from them (docs/DESIGN.md §5.5).
 * @param options symmetric (default true), rewardClip
 * @returns a frozen calibrator with x, y thresholds, predict, reward and toJSON
 * @throws {TypeError|RangeError} naming the first invalid field, index or option; symmetric: false with every label 1
 * @example fitIsotonic({ margin: [-2, -1, 1, 2], label: [0, 1, 0, 1] }).predict([0]) // => Float64Array [0.5]
 */
export function fitIsotonic(pairs: Pairs, options?: FitIsotonicOptions): IsotonicCalibrator {
  const o = optionsObject(options, FIT_ISOTONIC_OPTION_KEYS);
  const symmetric = booleanOption(o.symmetric, "options.symmetric", true);
  const clip = rewardClipOption(o.rewardClip);
  const columns = toPairColumns(pairs);
  if (!symmetric && everyLabelIsOne(columns)) {
    throw new RmcalRangeError(
      "invalid-option",
      "options.symmetric is false, but every label is 1 (chosen/rejected pairs), so a fit that is not antisymmetric can only learn g ≡ 1; use symmetric: true (the default), or {scoreA, scoreB, label} pairs in both orders",
      { argument: "options.symmetric" },
    );
  }
  const [x, y] = symmetric ? antisymmetricThresholds(columns) : orientedThresholds(columns);
  const weight = columns.weight ? columns.weight.reduce((s, w) => s + w, 0) : columns.n;
  const fit = { n: columns.n, weight, symmetric, thresholds: x.length };
  const range = fittedRangeOf(columns.margin, columns.scoreA, columns.scoreB);
  const calibrator = isotonicCalibrator(x, y, fit, null, range, {});
  if (!columns.scoreA || !columns.scoreB) return calibrator;
  return isotonicCalibrator(x, y, fit, referenceRewardNormalization(columns, (d) => calibrator.predict(d), clip), range, {});
}

/** Whether every pair with weight has label 1 (always so for chosen/rejected pairs, which carry no label). */
export function everyLabelIsOne({ label, weight }: PairColumns): boolean {
  if (label === null) return true;
  for (let i = 0; i < label.length; i++) if (label[i] !== 1 && (weight === null || weight[i] > 0)) return false;
  return true;
}

function orientedThresholds(c: PairColumns): [Float64Array, Float64Array] {
  const thresholds = isotonicThresholds(c.margin, c.label ?? new Float64Array(c.n).fill(1), c.weight, true, 0, 1);
  // toPairColumns has checked margins and labels: a non-finite value cannot reach the sort.
  if (!thresholds) throw new RmcalError("internal", "internal: a non-finite margin or label passed validation");
  return thresholds;
}

/**
 * The symmetric fit: isotonic regression of the 2n records (d, y), (−d, 1 − y), clipped to [0, 1] and unpruned,
 * evaluated on the mirrored threshold set S = t ∪ −t (symmetric by construction: negation is exact), averaged
 * with its mirror, g(s) and 1 − g(−s), then pruned. All in WebAssembly (src/core/antisymmetric-isotonic.ts).
 */
function antisymmetricThresholds(c: PairColumns): [Float64Array, Float64Array] {
  const w = c.weight;
  if (!w || !w.some((v) => v === 0)) return antisymmetricIsotonicThresholds(c.margin, c.label, w);
  // Zero-weight pairs are dropped, as scikit-learn drops zero-weight points (both orientations alike).
  const keep: number[] = [];
  for (let i = 0; i < c.n; i++) if (w[i] > 0) keep.push(i);
  const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]);
  return antisymmetricIsotonicThresholds(pick(c.margin), c.label ? pick(c.label) : null, pick(w));
}

/**
 * Per-response rewards logit(g(r − r_ref)) on the fitting data, against r_ref = the weighted mean score of all
 * responses (stored as rewardNormalization.reference, the default reference of reward()). Venn–Abers shares it,
 * with g its merged probability.
 */
export function referenceRewardNormalization(c: PairColumns, g: (d: Float64Array) => Float64Array, clip: number | null) {
  const a = c.scoreA as Float64Array, b = c.scoreB as Float64Array;
  let sumW = 0, sum = 0;
  for (let i = 0; i < c.n; i++) {
    const w = c.weight ? c.weight[i] : 1;
    sumW += 2 * w;
    sum += w * a[i] + w * b[i];
  }
  const reference = Number.isFinite(sum / sumW) ? sum / sumW : scaledMean(a, b, c.weight, sumW);
  // r − r_ref can overflow for scores near ±1e308; g is constant beyond its thresholds, so ±MAX_VALUE gives g(±∞).
  const difference = (v: number) => Math.min(Math.max(v - reference, -Number.MAX_VALUE), Number.MAX_VALUE);
  const reward = (r: Float64Array) => logitClipped(g(r.map(difference)), REWARD_EPSILON, 1 - REWARD_EPSILON);
  return rewardNormalizationOf(reward(a), reward(b), c.weight, clip, reference);
}

/** The weighted mean score computed on s / max|s| (the plain sum overflows for scores near ±1e308). */
function scaledMean(a: Float64Array, b: Float64Array, weight: Float64Array | null, sumW: number): number {
  let big = 0;
  for (let i = 0; i < a.length; i++) big = Math.max(big, Math.abs(a[i]), Math.abs(b[i]));
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (weight ? weight[i] : 1) * (a[i] / big + b[i] / big);
  return (sum / sumW) * big;
}
