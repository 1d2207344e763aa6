// Safeguarded Newton's method for the temperature NLL, in the inverse temperature a = 1/T, where the NLL is
// convex. Each iteration is one pass over the pairs (assembly/temperature.ts) giving the exact gradient and
// curvature. A bracket [lo, hi] with g(lo) < 0 < g(hi) catches every Newton step that would leave it.
// see: Press et al., Numerical Recipes, §9.4 "Newton-Raphson Method Using Derivative" (rtsafe)
import type { ResidentPairs, TemperatureDerivatives } from "../../core/temperature";

interface InverseTemperatureSolution {
  /** The minimizer within [aLow, aHigh]. */
  a: number;
  iterations: number;
  converged: boolean;
  /** Where the unconstrained optimum lies beyond a bound, the bound of T that stopped it. */
  atBound: "lower" | "upper" | null;
}

/** Newton steps shorter than this relative to a end the search: the next would change a by about its square. */
const RELATIVE_STEP_TOLERANCE = 1e-10;
const MAX_NEWTON_ITERATIONS = 100;

/**
 * Minimizes the convex NLL over a ∈ [aLow, aHigh] from the derivatives at each a (one data pass per call).
 * A T bound is reported when the gradient at the matching a bound still points outward: g(aHigh) ≤ 0 means the
 * optimum is at larger a (T below its lower bound: separable data); g(aLow) ≥ 0 means it is at smaller a, maybe
 * a ≤ 0 (T above its upper bound: no signal, or inverted scores). The search starts at `start` (default 1).
 */
function minimizeInverseTemperature(
  derivatives: (a: number) => TemperatureDerivatives, aLow: number, aHigh: number, start = 1,
): InverseTemperatureSolution {
  let lo = aLow, hi = aHigh;
  let loEvaluated = false, hiEvaluated = false;
  let a = Math.min(Math.max(start, aLow), aHigh);
  for (let iteration = 1; iteration <= MAX_NEWTON_ITERATIONS; iteration++) {
    const { gradient: g, curvature: h } = derivatives(a);
    if (g === 0) return { a, iterations: iteration, converged: true, atBound: null };
    if (g < 0) {
      if (a === aHigh) return { a, iterations: iteration, converged: true, atBound: "lower" };
      lo = a;
      loEvaluated = true;
    } else {
      if (a === aLow) return { a, iterations: iteration, converged: true, atBound: "upper" };
      hi = a;
      hiEvaluated = true;
    }
    const step = g / h;
    let next = a - step;
    const inside = next > lo && next < hi;
    // A step below half an ulp leaves a where it is, and a was just made an end of the bracket: that is
    // convergence, not a step out of the bracket (at 10^7 pairs, taking it for one cost 35 extra passes).
    if ((inside || next === a) && Math.abs(step) <= RELATIVE_STEP_TOLERANCE * a) {
      return { a: next, iterations: iteration, converged: true, atBound: null };
    }
    if (!inside) {
      // Newton left the bracket: first test the bound on that side (it may be the answer), else bisect.
      // The bisection is geometric because a spans orders of magnitude (lo ≥ aLow > 0).
      if (g < 0 && !hiEvaluated) next = hi;
      else if (g > 0 && !loEvaluated) next = lo;
      else next = Math.sqrt(lo * hi);
    }
    if (loEvaluated && hiEvaluated && hi - lo <= 4 * Number.EPSILON * hi) {
      return { a: next, iterations: iteration, converged: true, atBound: null };
    }
    a = next;
  }
  return { a, iterations: MAX_NEWTON_ITERATIONS, converged: false, atBound: null };
}

/** Inputs of at least twice this many pairs or prompts get a warm start on a subsample of about this size. */
const WARM_START_SIZE = 2 ** 17;

/** The NLL fit in a, and the temperature it gives. */
export interface NllTemperatureFit {
  newton: InverseTemperatureSolution;
  /** At a bound, the bound itself (not 1/(1/bound), which may differ in the last bit); else 1/a. */
  temperature: number;
}

/**
 * The NLL temperature of resident pairs or choices, the rule both share (docs/DESIGN.md §5.1, §5.12). Large inputs
 * start Newton from the optimum of a systematic subsample of about 2^17 units: it is within sampling error
 * (~1/√(2^17)) of the answer, so the full-data iterations drop to about three. Separable data have no finite
 * optimum: the gradient tends to 0 as T → 0 and underflows to exactly 0 near T ≈ |d|/37, which Newton would take
 * for convergence, so the caller decides separability from the data and the fit stops at the lower bound of T.
 * @param n pairs or prompts resident
 */
export function fitNllTemperature(
  resident: ResidentPairs, n: number, { tLow, tHigh }: { tLow: number; tHigh: number }, separable: boolean,
): NllTemperatureFit {
  const stride = Math.floor(n / WARM_START_SIZE);
  const start = stride >= 2 && !separable
    ? minimizeInverseTemperature((a) => resident.derivatives(a, stride), 1 / tHigh, 1 / tLow).a
    : 1;
  const newton = separable
    ? { a: 1 / tLow, iterations: 0, converged: true, atBound: "lower" as const }
    : minimizeInverseTemperature((a) => resident.derivatives(a), 1 / tHigh, 1 / tLow, start);
  const temperature = newton.atBound === "lower" ? tLow : newton.atBound === "upper" ? tHigh : 1 / newton.a;
  return { newton, temperature };
}
