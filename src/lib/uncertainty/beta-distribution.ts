import { betaQuantile as betaQuantileKernel, regularizedIncompleteBeta as incompleteBetaKernel } from "../../core/beta";
import { numberOption } from "../validation/columns";

/**
 * The beta distribution's quantile function B⁻¹(p; a, b), like scipy.stats.beta.ppf: Newton steps on the CDF
 * inside a bisection bracket, in WebAssembly. Clopper–Pearson intervals are built from it.
 * Press et al., "Numerical Recipes", 3rd ed., §6.4 and §6.14. O(number of iterations × continued-fraction length).
 * @param p probability in [0, 1]
 * @param a first shape parameter, > 0 (need not be an integer)
 * @param b second shape parameter, > 0
 * @returns x in [0, 1] with P(Beta(a, b) ≤ x) = p
 * @throws {RangeError} if p is outside [0, 1] or a shape is not a finite number > 0
 * @example betaQuantile(0.025, 8, 3) // => 0.44390453769235...
 */
export function betaQuantile(p: number, a: number, b: number): number {
  numberOption(p, "p", (x) => x >= 0 && x <= 1, "a number in [0, 1]");
  numberOption(a, "a", (x) => x > 0, "a finite number > 0");
  numberOption(b, "b", (x) => x > 0, "a finite number > 0");
  return betaQuantileKernel(p, a, b);
}

/**
 * The regularized incomplete beta function I_x(a, b) = P(Beta(a, b) ≤ x), like scipy.stats.beta.cdf:
 * continued fraction by the modified Lentz method, in WebAssembly.
 * Press et al., "Numerical Recipes", 3rd ed., §6.4. O(√max(a, b)) continued-fraction terms.
 * @throws {RangeError} if x is not finite or a shape is not a finite number > 0
 * @example regularizedIncompleteBeta(0.5, 2, 2) // => 0.5
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  numberOption(x, "x", () => true, "a finite number");
  numberOption(a, "a", (v) => v > 0, "a finite number > 0");
  numberOption(b, "b", (v) => v > 0, "a finite number > 0");
  return incompleteBetaKernel(x, a, b);
}
