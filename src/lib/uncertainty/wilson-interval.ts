import { RmcalRangeError } from "../../core/errors";
import { numberOption } from "../validation/columns";

/** The standard normal quantile at 0.975 (scipy.stats.norm.ppf(0.975)), for 95% intervals. */
const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion: better than the normal approximation near 0 and 1 and for small n.
 * Wilson, "Probable inference, the law of succession, and statistical inference", JASA 1927. O(1).
 * With weights, n is the effective sample size (Σw)²/Σw² (Kish), and `observed` the weighted share.
 * @param observed the observed proportion, in [0, 1]
 * @param n the (effective) number of trials, > 0
 * @param z the normal quantile of the interval; default Z_95 (95%)
 * @returns [low, high] within [0, 1]
 * @throws {RangeError} if observed is outside [0, 1], n is not > 0 or z is not a finite number > 0
 * @example wilsonInterval(0.8, 10) // => [0.49016..., 0.94331...]
 */
export function wilsonInterval(observed: number, n: number, z = Z_95): [number, number] {
  numberOption(observed, "observed", (p) => p >= 0 && p <= 1, "in [0, 1]");
  if (typeof n !== "number" || !(n > 0)) throw new RmcalRangeError("invalid-argument", `n is ${String(n)}; it must be a number > 0`, { argument: "n" });
  numberOption(z, "z", (x) => x > 0, "a finite number > 0");
  return wilsonBounds(observed, n, z);
}

/** wilsonInterval without the checks, for callers whose inputs are valid by construction (reliability bins). */
export function wilsonBounds(observed: number, n: number, z = Z_95): [number, number] {
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (observed + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((observed * (1 - observed)) / n + z2 / (4 * n * n))) / denominator;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}
