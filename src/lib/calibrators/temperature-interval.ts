// Intervals for the fitted temperature (docs/DESIGN.md §6.7). Both are computed in a = 1/T, where the NLL is
// convex and the likelihood is closest to quadratic, and mapped to T = 1/a at the end: [1/a_high, 1/a_low], with
// T's upper bound Infinity when the data allow a ≤ 0 (no preference signal).
// see: Venzon & Moolgavkar, "A Method for Computing Profile-Likelihood-Based Confidence Intervals", Applied
// Statistics 37 (1988); Cameron & Miller (2015) for the cluster sandwich.
import type { ResidentPairs } from "../../core/temperature";
import { sigmoidOfScaled } from "../../core/logistic";
import type { PairColumns } from "../pairs/pairs";
import { clusterMeat } from "./cluster-sandwich";
import { twoSidedNormalQuantile, type ParameterInterval } from "./parameter-interval";

/** Root searches stop when the bracket is this narrow relative to a (far below the 1e-6 the tests ask). */
const ROOT_TOLERANCE = 1e-14;
/**
 * ... or after a Newton step below this relative size: Newton converges quadratically, so the error left is about
 * (step/a)²·a/se(a), below 1e-15 even at 10^7 pairs, and beneath the rounding of the NLL sums.
 */
const NEWTON_STEP_TOLERANCE = 1e-9;
const MAX_ROOT_ITERATIONS = 200;
/** Doublings of a when looking for the upper root: 2^1100 exceeds every finite float64 ratio. */
const MAX_DOUBLINGS = 1100;

/** What the profile needs to know about the fit besides the pairs. */
export interface TemperatureFitPoint {
  /** The fitted inverse temperature (at a bound, the bound). */
  a: number;
  /** No weighted pair on the wrong side: the likelihood rises for ever as a → ∞, so T has no lower limit. */
  separable: boolean;
}

/**
 * The likelihood-ratio interval: all a ≥ 0 with 2·(N(a) − N(â)) ≤ z², N the weighted NLL sum Σw·nll (weights
 * count as frequencies). Each root is found by Newton's method on f(a) = N(a) − N(â) − z²/2 inside a bracket,
 * bisecting when a step leaves it; f is convex, so Newton from the side where f > 0 approaches monotonically.
 * At a bound the reference is the fitted bound, and the interval reaches past it wherever the data favour values
 * beyond (to T = 0 for separable data, to T = ∞ when a = 0 is within the cut-off). About 18 passes over the pairs
 * (docs/DESIGN.md §6.7).
 */
export function temperatureProfileInterval(
  resident: ResidentPairs, fit: TemperatureFitPoint, confidence: number,
): ParameterInterval {
  const z = twoSidedNormalQuantile(confidence);
  const nllSum = (a: number) => resident.nll(a === 0 ? Infinity : 1 / a)[1];
  const cut = nllSum(fit.a) + (z * z) / 2;
  const f = (a: number) => nllSum(a) - cut;
  const g = (a: number) => resident.derivatives(a).gradient;
  // The quadratic (Wald) approximation puts each root about z/√H from â: the first guess on each side, so
  // Newton starts close (a handful of passes, not dozens); doubling the distance brackets a root it falls short of.
  const curvature = resident.derivatives(fit.a).curvature;
  const guess = curvature > 0 && Number.isFinite(curvature) && z / Math.sqrt(curvature) > 0 ? z / Math.sqrt(curvature) : fit.a;
  // Lower root in a (T's upper limit), if the likelihood at a = 0 (every probability ½) is outside the cut-off.
  let aLow = 0;
  for (let inner = fit.a, width = guess; ; width *= 2) {
    const x = Math.max(fit.a - width, 0);
    const fx = f(x);
    if (fx > 0) {
      aLow = convexRoot(f, g, x, inner, "low", fx);
      break;
    }
    if (x === 0) break;
    inner = x;
  }
  // Upper root in a (T's lower limit): separable data never pass the cut-off, however large a is.
  let aHigh = Infinity;
  if (!fit.separable) {
    let inner = fit.a, fInner = -(z * z) / 2, width = guess;
    for (let k = 0; k < MAX_DOUBLINGS && Number.isFinite(fit.a + width); k++, width *= 2) {
      const x = fit.a + width;
      const fx = f(x);
      if (fx > 0) {
        aHigh = convexRoot(f, g, inner, x, "high", fx);
        break;
      }
      // The NLL stopped changing (every margin 0, or all weight on tied pairs): a has no upper limit.
      if (fx === fInner) break;
      inner = x;
      fInner = fx;
    }
  }
  return interval(aLow, aHigh, confidence, "profile-likelihood");
}

/**
 * The cluster-robust (sandwich) Wald interval: Var(â) = G/(G − 1)·Σ_g s_g² / H², s_g the cluster's sum of
 * w·∂nll/∂a at â and H = Σw·∂²nll/∂a² the observed information; â ± z·se mapped to T. Null with fewer than two
 * clusters, or with no curvature at â (every margin 0), where the variance is undefined.
 */
export function temperatureSandwichInterval(
  resident: ResidentPairs, columns: PairColumns, a: number, confidence: number,
): ParameterInterval | null {
  const se = inverseTemperatureSandwichError(resident, columns, a);
  if (se === null) return null;
  const half = twoSidedNormalQuantile(confidence) * se;
  return interval(a - half, a + half, confidence, "cluster-sandwich");
}

/**
 * The standard error of â by the cluster sandwich, √(G/(G − 1)·Σ_g s_g²) / H (see temperatureSandwichInterval);
 * null without a cluster column, with fewer than two clusters, or with no curvature at â. O(n).
 */
export function inverseTemperatureSandwichError(resident: ResidentPairs, columns: PairColumns, a: number): number | null {
  const { margin, label, weight, cluster, clusterCount } = columns;
  if (cluster === null) return null;
  const p = sigmoidOfScaled(margin, 1 / a);
  const score = new Float64Array(margin.length);
  for (let i = 0; i < margin.length; i++) {
    const y = label === null ? 1 : label[i];
    const w = weight === null ? 1 : weight[i];
    if (w !== 0 && p[i] !== y) score[i] = w * margin[i] * (p[i] - y);
  }
  const { meat, clusters } = clusterMeat([score], cluster, clusterCount, weight);
  const h = resident.derivatives(a).curvature;
  if (clusters < 2 || !(h > 0)) return null;
  return Math.sqrt(meat[0]) / h;
}

/** [aLow, aHigh] in a mapped to T: a ≤ 0 leaves T unbounded above, a = ∞ gives T = 0. */
function interval(aLow: number, aHigh: number, confidence: number, method: ParameterInterval["method"]): ParameterInterval {
  return Object.freeze({
    low: Number.isFinite(aHigh) ? 1 / aHigh : 0,
    high: aLow > 0 ? 1 / aLow : Infinity,
    confidence,
    method,
  });
}

/**
 * The root of a convex f in [lo, hi], with f = fOuter > 0 at the end named by `outer` ("low": lo, "high": hi)
 * and f ≤ 0 at the other. Newton from the outer end never overshoots a convex function's root, so its steps shrink;
 * a step no shorter than the one before is rounding noise in f (large n), and ends the search. A step that still
 * leaves the bracket (rounding) bisects instead.
 */
function convexRoot(
  f: (a: number) => number, g: (a: number) => number, lo: number, hi: number, outer: "low" | "high", fOuter: number,
): number {
  let a = outer === "low" ? lo : hi, fa = fOuter, previous = Infinity;
  for (let iteration = 0; iteration < MAX_ROOT_ITERATIONS; iteration++) {
    if (fa === 0) return a;
    // Invariant: f(lo) and f(hi) have opposite signs (the outer end positive).
    if ((fa > 0) === (outer === "low")) lo = a;
    else hi = a;
    if (hi - lo <= ROOT_TOLERANCE * hi) return (lo + hi) / 2;
    // Signed: rounding may leave a just past the root (f < 0), and the step must then come back.
    const newton = fa / g(a);
    const step = Math.abs(newton);
    let next = a - newton;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (step <= NEWTON_STEP_TOLERANCE * next || step >= previous) return next;
    previous = step;
    a = next;
    fa = f(a);
  }
  return a;
}
