// scikit-learn's IsotonicRegression on generic (x, y): fit, then predict by linear interpolation.
import { RmcalError, RmcalRangeError } from "../../core/errors";
import {
  choiceOption, finiteColumn, finiteView, optionsObject, requireNonEmpty, requireSameLength, weightView, optionKeys,
} from "../validation/columns";
import { interpolateLinear, isotonicFitThresholds } from "../../core/isotonic";
import { checkIncreasing } from "./check-increasing";
import { boundsOptions, increasingOption } from "./isotonic-options";

export type OutOfBounds = "nan" | "clip" | "raise";

export interface FitIsotonicRegressionOptions {
  sampleWeight?: ArrayLike<number>;
  /** true (default), false, or "auto" (the sign of Spearman's rho, as scikit-learn decides). */
  increasing?: boolean | "auto";
  yMin?: number;
  yMax?: number;
  /** What predict does outside [xMin, xMax]: "nan" (default, scikit-learn's), "clip", or "raise". */
  outOfBounds?: OutOfBounds;
}

const FIT_ISOTONIC_REGRESSION_OPTION_KEYS = optionKeys<FitIsotonicRegressionOptions>()(["sampleWeight", "increasing", "yMin", "yMax", "outOfBounds"]);

/** A fitted isotonic regression. Frozen. */
export interface IsotonicRegressionModel {
  /** Ascending x thresholds kept after pruning (scikit-learn's X_thresholds_). */
  readonly xThresholds: Float64Array;
  /** Fitted values at the thresholds (y_thresholds_). */
  readonly yThresholds: Float64Array;
  /** The training range of x (X_min_, X_max_). */
  readonly xMin: number;
  readonly xMax: number;
  /** The direction used (increasing_). */
  readonly increasing: boolean;
  readonly outOfBounds: OutOfBounds;
  /** Linear interpolation between thresholds, with the outOfBounds rule outside [xMin, xMax]. */
  predict(xNew: ArrayLike<number>): Float64Array;
}

/**
 * Isotonic regression of y on x, the same model as sklearn.isotonic.IsotonicRegression (version 1.2): zero
 * weights dropped, points sorted by x then y, ties in x merged into their weighted mean, PAV, clip to
 * [yMin, yMax], then thresholds pruned to where y changes. Sorting is a radix sort in WASM.
 * de Leeuw, Hornik & Mair, "Isotone Optimization in R", J. Stat. Software 32 (2009). O(n) after the O(n) sort.
 * @param x the predictor
 * @param y the targets
 * @param options sampleWeight, increasing (true | false | "auto"), yMin, yMax, outOfBounds ("nan" | "clip" | "raise")
 * @returns a frozen model with thresholds and predict(xNew)
 * @throws {TypeError|RangeError} for non-finite values, mismatched lengths, invalid weights or options
 * @example fitIsotonicRegression([1, 2, 3], [1, 3, 2]).predict([1.5]) // => Float64Array [1.75]
 */
export function fitIsotonicRegression(
  x: ArrayLike<number>, y: ArrayLike<number>, options?: FitIsotonicRegressionOptions,
): IsotonicRegressionModel {
  const o = optionsObject(options, FIT_ISOTONIC_REGRESSION_OPTION_KEYS);
  const checkFinite = () => [finiteView(x, "x"), finiteView(y, "y")];
  // Without weights (every point reaches the sort) and a fixed direction (no ranks computed before it), the sort's
  // first pass checks that Float64Array x and y are finite, instead of a JavaScript pass over each.
  const deferred = x instanceof Float64Array && y instanceof Float64Array && o.sampleWeight === undefined &&
    (o.increasing === undefined || typeof o.increasing === "boolean");
  // Checked, not copied: x and y are only read, then copied once into WebAssembly memory.
  const [xs, ys] = deferred ? [x, y] : checkFinite();
  let settings;
  try {
    requireNonEmpty(xs.length, "x");
    const weight = o.sampleWeight === undefined ? null : weightView(o.sampleWeight, "options.sampleWeight");
    requireSameLength({ x: xs, y: ys, ...(weight ? { "options.sampleWeight": weight } : {}) });
    const increasing = increasingOption(o.increasing ?? true, true);
    const [yMin, yMax] = boundsOptions(o.yMin, o.yMax);
    const outOfBounds = choiceOption(o.outOfBounds ?? "nan", "options.outOfBounds", ["nan", "clip", "raise"] as const);
    settings = { weight, increasing, yMin, yMax, outOfBounds };
  } catch (error) {
    // A non-finite x or y is reported first, as when it is checked first.
    if (deferred) checkFinite();
    throw error;
  }
  const { weight, yMin, yMax, outOfBounds } = settings;
  // scikit-learn decides the direction on all points, before dropping zero weights.
  const increasing = settings.increasing === "auto" ? checkIncreasing(xs, ys) : settings.increasing;
  const thresholds = isotonicThresholds(xs, ys, weight, increasing, yMin, yMax);
  if (!thresholds) {
    checkFinite();
    throw new RmcalError("internal", "internal: the isotonic sort reported a non-finite value that the check accepts");
  }
  return isotonicRegressionModel(thresholds[0], thresholds[1], increasing, outOfBounds);
}

/**
 * Zero weights dropped, sorted, merged, PAV, clipped, pruned: scikit-learn's _build_y. Null when some x or y
 * (among the points kept) is not finite.
 */
export function isotonicThresholds(
  x: Float64Array, y: Float64Array, weight: Float64Array | null, increasing: boolean, yMin: number, yMax: number,
): [Float64Array, Float64Array] | null {
  let xs = x, ys = y, ws = weight;
  if (weight && weight.some((w) => w === 0)) {
    const keep = weight.reduce((k: number[], w, i) => (w > 0 && k.push(i), k), []);
    xs = Float64Array.from(keep, (i) => x[i]);
    ys = Float64Array.from(keep, (i) => y[i]);
    ws = Float64Array.from(keep, (i) => weight[i]);
  }
  // The merged fit is clipped and pruned where it lies (in WebAssembly memory); only the result is copied out.
  return isotonicFitThresholds(xs, ys, ws, increasing, yMin, yMax);
}

/**
 * Prediction by thresholds, as scikit-learn's interp1d-based f_: linear interpolation inside, the outOfBounds
 * rule outside. With a single threshold scikit-learn predicts that constant everywhere, whatever the rule.
 */
export function predictThresholds(
  tx: Float64Array, ty: Float64Array, xNew: Float64Array, outOfBounds: OutOfBounds, name: string,
): Float64Array {
  const m = tx.length;
  if (outOfBounds === "raise" && m > 1) {
    for (let i = 0; i < xNew.length; i++) {
      if (xNew[i] < tx[0] || xNew[i] > tx[m - 1]) {
        throw new RmcalRangeError("invalid-argument", `${name}[${i}] is ${xNew[i]}, outside the fitted range [${tx[0]}, ${tx[m - 1]}] (outOfBounds: "raise")`, { argument: name, index: i });
      }
    }
  }
  if (m === 1) return new Float64Array(xNew.length).fill(ty[0]);
  const [below, above] = outOfBounds === "clip" ? [ty[0], ty[m - 1]] : [NaN, NaN];
  return interpolateLinear(tx, ty, xNew, below, above);
}

function isotonicRegressionModel(
  tx: Float64Array, ty: Float64Array, increasing: boolean, outOfBounds: OutOfBounds,
): IsotonicRegressionModel {
  return Object.freeze({
    // Copies: the model's own arrays stay private, so a caller writing into these cannot change predictions.
    xThresholds: tx.slice(),
    yThresholds: ty.slice(),
    xMin: tx[0],
    xMax: tx[tx.length - 1],
    increasing,
    outOfBounds,
    predict(xNew: ArrayLike<number>): Float64Array {
      return predictThresholds(tx, ty, finiteColumn(xNew, "xNew"), outOfBounds, "xNew");
    },
  });
}
