// Isotonic regression of a sequence, scikit-learn's isotonic_regression.
import { RmcalRangeError } from "../../core/errors";
import { finiteColumn, weightColumn, requireSameLength, requireNonEmpty, optionsObject, optionKeys } from "../validation/columns";
import { clipInPlace, poolAdjacentViolators } from "../../core/isotonic";
import { boundsOptions, increasingOption } from "./isotonic-options";

export interface IsotonicRegressionOptions {
  /** Weights per point (≥ 0, positive sum); default all 1. */
  sampleWeight?: ArrayLike<number>;
  /** Non-decreasing fit (default) or non-increasing. */
  increasing?: boolean;
  /** Clip the fit from below / above after solving (scikit-learn's y_min, y_max). */
  yMin?: number;
  yMax?: number;
}

const ISOTONIC_REGRESSION_OPTION_KEYS = optionKeys<IsotonicRegressionOptions>()(["sampleWeight", "increasing", "yMin", "yMax"]);

/**
 * Isotonic regression: the monotone sequence closest to y in weighted least squares, by pool adjacent violators.
 * Agrees with sklearn.isotonic.isotonic_regression (same block algorithm, then np.clip to [yMin, yMax]).
 * Best & Chakravarti, Mathematical Programming 47 (1990). O(n).
 * @param y values in the order the constraint applies to
 * @param options sampleWeight, increasing (default true), yMin, yMax
 * @returns the fitted values, same length as y
 * @throws {TypeError|RangeError} for non-finite values, negative weights, yMin > yMax, or a run of zero-weight
 *   points whose fit is undefined
 * @example isotonicRegression([1, 3, 2, 4]) // => Float64Array [1, 2.5, 2.5, 4]
 */
export function isotonicRegression(y: ArrayLike<number>, options?: IsotonicRegressionOptions): Float64Array {
  const o = optionsObject(options, ISOTONIC_REGRESSION_OPTION_KEYS);
  const values = finiteColumn(y, "y");
  requireNonEmpty(values.length, "y");
  const weight = o.sampleWeight === undefined ? new Float64Array(values.length).fill(1) : weightColumn(o.sampleWeight, "options.sampleWeight");
  requireSameLength({ y: values, "options.sampleWeight": weight });
  const increasing = increasingOption(o.increasing ?? true, false) as boolean;
  const [yMin, yMax] = boundsOptions(o.yMin, o.yMax);
  const fit = poolAdjacentViolators(values, weight, increasing);
  for (let i = 0; i < fit.length; i++) {
    // 0/0: a block made only of zero-weight points (scikit-learn would return NaN here).
    if (Number.isNaN(fit[i])) {
      throw new RmcalRangeError("invalid-argument", `options.sampleWeight: the fit at y[${i}] pools only zero-weight points and is undefined; drop those points or give them weight`, { argument: "options.sampleWeight", index: i });
    }
  }
  return clipInPlace(fit, yMin, yMax);
}
