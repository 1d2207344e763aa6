// Cross-fitting: every pair gets a calibrated prediction from a calibrator that never saw it, so small data sets
// can report before and after on all their pairs instead of a small held-out part (docs/DESIGN.md §6.8).
import { toPairColumns, columnsAsPairs, type Pairs, type MarginPairs } from "../pairs/pairs";
import { shuffledIndices } from "../pairs/shuffle";
import { perPair, resamplingUnits, resampled } from "../uncertainty/resampling-units";
import { CALIBRATION_METHODS, type FittedCalibrator, type MethodName } from "./calibration-methods";
import { calibratedMargins } from "./calibrated-assessment";
import { RmcalRangeError, RmcalTypeError, isRmcalError } from "../../core/errors";
import { choiceOption, integerOption, optionsObject, optionKeys } from "../validation/columns";

export interface CrossFitOptions {
  /** The calibrator to fit: "temperature" (default), "platt", "isotonic" or "venn-abers", as `rmcal fit --method`. */
  method?: MethodName;
  /** Temperature only: minimize "nll" (default) or "ece". */
  objective?: "nll" | "ece";
  /** The number of folds K, an integer ≥ 2 (default 5). */
  folds?: number;
  /** Seed of the fold assignment, an integer in [0, 2³²) (default 0): the same seed gives the same folds everywhere. */
  seed?: number;
  /** Stored in the saved calibrator's rewardNormalization.clip, as the fit functions' rewardClip (docs/DESIGN.md §5.6). */
  rewardClip?: number | null;
}

const CROSS_FIT_OPTION_KEYS = optionKeys<CrossFitOptions>()(["method", "objective", "folds", "seed", "rewardClip"]);

export interface CrossFit {
  method: MethodName;
  folds: number;
  seed: number;
  /** What the folds keep together: single pairs, or whole clusters when the pairs have a cluster column. */
  unit: "pairs" | "clusters";
  /** The calibrator fitted on all the pairs: the one to save and deploy. */
  calibrator: FittedCalibrator;
  /** The calibrator of each fold, fitted on the other K − 1 folds. */
  foldCalibrators: FittedCalibrator[];
  /** The fold of each pair, 0 … K − 1. */
  fold: Int32Array;
  /**
   * The out-of-fold predictions as pairs: margins whose σ is the calibrated P(A ≻ B) from the calibrator that did not
   * see the pair (d/T for temperature, else logit p), with the input's labels, weights and clusters. Pass them to
   * compareCalibration(pairs, crossFit(pairs).outOfFold) for before, after and Δ with intervals on every pair.
   */
  outOfFold: MarginPairs;
}

/**
 * Cross-fitted calibration: the pairs are dealt into K folds (whole clusters when there is a cluster column, so no
 * prompt is on both sides), and fold k's pairs are predicted by a calibrator fitted on the other K − 1 folds. The
 * calibrator returned for deployment is fitted on all the pairs. This is what scikit-learn's
 * CalibratedClassifierCV(cv=K) does for classifiers, for pairs. Folds: a seeded Fisher–Yates shuffle of the units
 * (clusters or pairs), dealt round-robin, so fold sizes differ by at most one unit. O(K · fit).
 * @param pairs pairs in any accepted shape, optionally with weight and cluster
 * @param options method, objective, folds (K, default 5), seed, and rewardClip for the saved calibrator
 * @returns the calibrator fitted on all pairs, the fold calibrators, each pair's fold and the out-of-fold pairs
 * @throws {TypeError|RangeError} for invalid pairs or options, fewer units than folds, or a method the data cannot fit
 * @example crossFit({ margin: [2, -1, 3, 0.5, 1, -2, 4, 0.2, -0.4, 1.5], label: [1, 1, 1, 0, 1, 0, 1, 1, 0, 1] }, { folds: 2 }).fold.length // => 10
 */
export function crossFit(pairs: Pairs, options?: CrossFitOptions): CrossFit {
  const o = optionsObject(options, CROSS_FIT_OPTION_KEYS);
  const methodName = choiceOption(o.method ?? "temperature", "options.method", ["temperature", "platt", "isotonic", "venn-abers"] as const);
  const objective = choiceOption(o.objective ?? "nll", "options.objective", ["nll", "ece"] as const);
  if (objective === "ece" && methodName !== "temperature") {
    throw new RmcalTypeError("invalid-option", `options.objective "ece" applies to method "temperature" only, not "${methodName}"`, { argument: "options.objective" });
  }
  const folds = integerOption(o.folds ?? 5, "options.folds", 2, 1000);
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, 2 ** 32 - 1);
  const method = CALIBRATION_METHODS[methodName];
  if (!method) throw new RmcalTypeError("invalid-option", `method "${methodName}" is not available in this build of rmcal`, { argument: "options.method" });
  const columns = toPairColumns(pairs);
  const why = method.unsupported(columns.shape);
  if (why) throw new RmcalTypeError("invalid-argument", `method "${methodName}" ${why}`, { argument: "pairs" });

  const fold = foldAssignment(columns, folds, seed);
  const margin = new Float64Array(columns.n);
  const foldCalibrators: FittedCalibrator[] = [];
  for (let k = 0; k < folds; k++) {
    const train: number[] = [], held: number[] = [];
    for (let i = 0; i < columns.n; i++) (fold[i] === k ? held : train).push(i);
    const calibrator = fitFold(() => method.fit(columnsAsPairs(resampled(columns, Int32Array.from(train))), { objective }), k, folds, train.length);
    foldCalibrators.push(calibrator);
    const predicted = calibratedMargins(calibrator, Float64Array.from(held, (i) => columns.margin[i]));
    held.forEach((i, j) => (margin[i] = predicted[j]));
  }
  const outOfFold: MarginPairs = {
    margin, label: columns.label ?? new Float64Array(columns.n).fill(1),
    ...(columns.weight ? { weight: columns.weight } : {}),
    ...(columns.cluster ? { cluster: columns.cluster } : {}),
  };
  return {
    method: methodName, folds, seed, unit: columns.cluster ? "clusters" : "pairs",
    calibrator: method.fit(pairs, { objective, rewardClip: o.rewardClip ?? null }), foldCalibrators, fold, outOfFold,
  };
}

/** A fold's fit; its refusal (e.g. labels all on one side within the fold) says which fold it was. */
function fitFold(fit: () => FittedCalibrator, k: number, folds: number, pairs: number): FittedCalibrator {
  try {
    return fit();
  } catch (error) {
    if (isRmcalError(error)) error.message = `fitting fold ${k + 1} of ${folds} (the other folds' ${pairs} pairs): ${error.message}`;
    throw error;
  }
}

/** Fold of each pair: the units (clusters or pairs) shuffled with the seed and dealt round-robin into K folds. */
export function foldAssignment(columns: ReturnType<typeof toPairColumns>, folds: number, seed: number): Int32Array {
  const units = resamplingUnits(columns);
  if (units.count < folds) {
    const what = columns.cluster ? "clusters" : "pairs";
    throw new RmcalRangeError("invalid-option", `options.folds is ${folds}, but the pairs hold only ${units.count} ${what}; each fold needs at least one`, { argument: "options.folds" });
  }
  const order = shuffledIndices(units.count, seed);
  const foldOfUnit = new Int32Array(units.count);
  order.forEach((unit, position) => (foldOfUnit[unit] = position % folds));
  return perPair(units, columns.n, foldOfUnit);
}
