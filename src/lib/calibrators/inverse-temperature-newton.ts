// Safeguarded Newton's method for the temperature NLL, in the inverse temperature a = 1/T, where the NLL is
// convex. Each iteration is one pass over the pairs (assembly/temperature.ts) giving the exact gradient and
// curvature. A bracket [lo, hi] with g(lo) < 0 < g(hi) catches every Newton step that would leave it.
// see: Press et al., Numerical Recipes, §9.4 "Newton-Raphson Method Using Derivative" (rtsafe)
import type { TemperatureDerivatives } from "../../core/temperature";
import { modelStep } from "./inverse-temperature-expansion";

export interface InverseTemperatureSolution {
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
 * With the third and fourth derivatives, a step whose predicted error |H₄|·|step|³/(6H) is below this relative to a
 * ends the search: a few ulps, beneath the rounding of the gradient sum itself (docs/DESIGN.md §5.1).
 */
const RELATIVE_MODEL_ERROR = 1e-15;
const MODEL_TRUST = 1e-4;

/** The derivatives at a; with `third` and `fourth` too, the iteration takes third-order steps. */
export type NewtonDerivatives = TemperatureDerivatives & { third?: number; fourth?: number };

/**
 * Minimizes the convex NLL over a ∈ [aLow, aHigh] as steps: it yields each a whose derivatives it needs (one data
 * pass each) and is resumed with them, so a caller whose passes are asynchronous (chunks on worker threads,
 * docs/DESIGN.md §6.10) drives the same rule as one that answers them in this thread (`runSteps`).
 * A T bound is reported when the gradient at the matching a bound still points outward: g(aHigh) ≤ 0 means the
 * optimum is at larger a (T below its lower bound: separable data); g(aLow) ≥ 0 means it is at smaller a, maybe
 * a ≤ 0 (T above its upper bound: no signal, or inverted scores). The search starts at `start` (default 1). O(1) per step.
 */
export function* inverseTemperatureNewton(
  aLow: number, aHigh: number, start = 1,
): Generator<number, InverseTemperatureSolution, NewtonDerivatives> {
  let lo = aLow, hi = aHigh;
  let loEvaluated = false, hiEvaluated = false;
  let a = Math.min(Math.max(start, aLow), aHigh);
  for (let iteration = 1; iteration <= MAX_NEWTON_ITERATIONS; iteration++) {
    const { gradient: g, curvature: h, third, fourth } = yield a;
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
    const higher = third !== undefined && fourth !== undefined;
    const step = higher ? modelStep(g, h, third) : g / h;
    let next = a - step;
    const inside = next > lo && next < hi;
    // A step below half an ulp leaves a where it is, and a was just made an end of the bracket: that is
    // convergence, not a step out of the bracket (at 10^7 pairs, taking it for one cost 35 extra passes).
    // A third-order step also ends it when the error it leaves is predicted below a few ulps; only a short step
    // (below 1e-4·a) is trusted to the model, so that a fourth derivative near 0 by chance cannot end it early.
    const small = Math.abs(step) <= RELATIVE_STEP_TOLERANCE * a
      || (higher && Math.abs(step) <= MODEL_TRUST * a && (Math.abs(fourth) * Math.abs(step) ** 3) / (6 * h) <= RELATIVE_MODEL_ERROR * a);
    if ((inside || next === a) && small) {
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

/** Runs steps to their result, answering each request synchronously. O(1) per step beyond `answer`. */
export function runSteps<Request, Result, Answer>(steps: Generator<Request, Result, Answer>, answer: (request: Request) => Answer): Result {
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(answer(step.value));
  }
}
