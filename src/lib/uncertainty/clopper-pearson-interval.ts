import { clopperPearsonBounds } from "../../core/beta";
import { numberOption } from "../validation/columns";

/**
 * Clopper–Pearson ("exact") interval for a proportion: the set of p that a two-sided binomial test at level
 * 1 − confidence does not reject. Conservative: it covers at least `confidence` for every p.
 * Clopper & Pearson, "The use of confidence or fiducial limits illustrated in the case of the binomial",
 * Biometrika 1934. low = B⁻¹(α/2; s, n − s + 1), high = B⁻¹(1 − α/2; s + 1, n − s), with s = observed·n.
 * O(1) per interval (a few dozen incomplete-beta evaluations, in WebAssembly).
 *
 * Weighted or soft counts: n is the effective sample size (Σw)²/Σw² (Kish) and s = observed·n, both possibly
 * fractional. The beta quantiles are evaluated at those real parameters — the continuous extension of the
 * integer formula, which equals it whenever s and n are integers. s = 0 gives low = 0 and s = n gives high = 1.
 * @param observed the observed share, in [0, 1]
 * @param n the (effective) number of trials, > 0
 * @param confidence the coverage level, default 0.95
 * @returns [low, high] within [0, 1]
 * @throws {RangeError} if observed is outside [0, 1], n ≤ 0 or confidence outside (0, 1)
 * @example clopperPearsonInterval(0.8, 10) // => [0.44390454..., 0.97478927...]
 */
export function clopperPearsonInterval(observed: number, n: number, confidence = 0.95): [number, number] {
  numberOption(observed, "observed", (x) => x >= 0 && x <= 1, "a number in [0, 1]");
  numberOption(n, "n", (x) => x > 0, "a finite number > 0");
  numberOption(confidence, "confidence", (x) => x > 0 && x < 1, "a number in (0, 1)");
  const [low, high] = clopperPearsonIntervals(Float64Array.of(observed), Float64Array.of(n), confidence);
  return [low[0], high[0]];
}

/** Clopper–Pearson bounds of many proportions in one WebAssembly call (inputs already validated). */
export function clopperPearsonIntervals(
  observed: Float64Array, n: Float64Array, confidence = 0.95,
): [Float64Array, Float64Array] {
  const successes = new Float64Array(observed.length);
  for (let i = 0; i < observed.length; i++) successes[i] = Math.min(n[i], observed[i] * n[i]);
  return clopperPearsonBounds(successes, n, 1 - confidence);
}
