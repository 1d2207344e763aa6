// Intervals for the fitted temperature (docs/DESIGN.md §6.7). Both are computed in a = 1/T, where the NLL is
// convex and the likelihood is closest to quadratic, and mapped to T = 1/a at the end: [1/a_high, 1/a_low], with
// T's upper bound Infinity when the data allow a ≤ 0 (no preference signal).
// see: Venzon & Moolgavkar, "A Method for Computing Profile-Likelihood-Based Confidence Intervals", Applied
// Statistics 37 (1988); Cameron & Miller (2015) for the cluster sandwich.
import type { ResidentPairs, TemperatureExpansion } from "../../core/temperature";
import { modelGradient, modelLevelCrossing } from "./inverse-temperature-expansion";
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
/** Passes over the pairs a root started from the Taylor model may take before the search falls back to doubling. */
const MAX_MODEL_PASSES = 4;
/**
 * The model's root is taken without a pass when its first omitted term, |N⁽⁵⁾|·|δ|⁵/120, moves it by less than this
 * relative to a (a tenth of the Newton tolerance), and δ, its distance from the expansion point, is below 1e-2·a.
 */
const MODEL_ROOT_TOLERANCE = 1e-10;
const MODEL_ROOT_TRUST = 1e-2;

/** What the profile needs to know about the fit besides the pairs. */
export interface TemperatureFitPoint {
  /** The fitted inverse temperature (at a bound, the bound). */
  a: number;
  /** No weighted pair on the wrong side: the likelihood rises for ever as a → ∞, so T has no lower limit. */
  separable: boolean;
  /**
   * For an interior fit of resident pairs: the fit's last fused pass and N(â) from it. The ends then start at
   * the roots of its quartic Taylor model, and one pass each usually confirms them (docs/DESIGN.md §6.7).
   */
  model?: { expansion: TemperatureExpansion; loss: number };
}

/**
 * The likelihood-ratio interval: all a ≥ 0 with 2·(N(a) − N(â)) ≤ z², N the weighted NLL sum Σw·nll (weights
 * count as frequencies). Each root is found by Newton's method on f(a) = N(a) − N(â) − z²/2 inside a bracket,
 * bisecting when a step leaves it; f is convex, so Newton from the side where f > 0 approaches monotonically.
 * At a bound the reference is the fitted bound, and the interval reaches past it wherever the data favour values
 * beyond (to T = 0 for separable data, to T = ∞ when a = 0 is within the cut-off). With the fit's Taylor model
 * (pairs) about one pass per end; without it (K-wise choices, fits at a bound) about 18 passes (docs/DESIGN.md §6.7).
 */
export function temperatureProfileInterval(
  resident: ResidentPairs, fit: TemperatureFitPoint, confidence: number,
): ParameterInterval {
  const z = twoSidedNormalQuantile(confidence);
  const nllSum = (a: number) => resident.nll(a === 0 ? Infinity : 1 / a)[1];
  const { model } = fit;
  const cut = (model ? model.loss : nllSum(fit.a)) + (z * z) / 2;
  const fromModel = (side: 1 | -1) => (model ? modelRoot(resident, model.expansion, fit.a, cut, side) : NaN);
  // The quadratic (Wald) approximation puts each root about z/√H from â: the first guess on each side when there
  // is no model (or it fails), so Newton starts close; doubling the distance brackets a root it falls short of.
  const curvature = model ? model.expansion.curvature : resident.derivatives(fit.a).curvature;
  const search: RootSearch = {
    f: (a) => nllSum(a) - cut,
    g: (a) => resident.derivatives(a).gradient,
    a: fit.a,
    guess: curvature > 0 && Number.isFinite(curvature) && z / Math.sqrt(curvature) > 0 ? z / Math.sqrt(curvature) : fit.a,
    halfSquare: (z * z) / 2,
  };
  const low = fromModel(-1);
  // Separable data never pass the cut-off above â, however large a is.
  const high = fit.separable ? Infinity : fromModel(1);
  return interval(
    Number.isNaN(low) ? lowerRoot(search) : low, Number.isNaN(high) ? upperRoot(search) : high, confidence, "profile-likelihood",
  );
}

/** f(a) = N(a) − cut and its derivative, the fit â, the first distance to try and z²/2 (f at â is −z²/2). */
interface RootSearch {
  f: (a: number) => number;
  g: (a: number) => number;
  a: number;
  guess: number;
  halfSquare: number;
}

/** The lower root in a (T's upper limit), or 0 if the likelihood at a = 0 (every probability ½) is within the cut-off. */
function lowerRoot({ f, g, a, guess }: RootSearch): number {
  for (let inner = a, width = guess; ; width *= 2) {
    const x = Math.max(a - width, 0);
    const fx = f(x);
    if (fx > 0) return convexRoot(f, g, x, inner, "low", fx);
    if (x === 0) return 0;
    inner = x;
  }
}

/** The upper root in a (T's lower limit), or Infinity when the NLL never passes the cut-off above â. */
function upperRoot({ f, g, a, guess, halfSquare }: RootSearch): number {
  let inner = a, fInner = -halfSquare, width = guess;
  for (let k = 0; k < MAX_DOUBLINGS && Number.isFinite(a + width); k++, width *= 2) {
    const x = a + width;
    const fx = f(x);
    if (fx > 0) return convexRoot(f, g, inner, x, "high", fx);
    // The NLL stopped changing (every margin 0, or all weight on tied pairs): a has no upper limit.
    if (fx === fInner) return Infinity;
    inner = x;
    fInner = fx;
  }
  return Infinity;
}

/**
 * The end of the interval on one side of the fit (side +1: above â), from the root of the quartic Taylor model
 * of the fit's last pass: Newton on the data from there, each pass fused (N and N′ at once). From the model's root
 * the first step is usually already below the tolerance (about (δ/a)³ of the distance δ to the fit): one pass, and
 * none when the model's next term says its root is already that close (large n, where δ/a is small).
 * NaN when the model has no root there, or the data do not confirm it within a few passes; the caller then
 * searches as without a model.
 */
function modelRoot(resident: ResidentPairs, expansion: TemperatureExpansion, a: number, cut: number, side: 1 | -1): number {
  const pass = resident.expansion;
  const delta = modelLevelCrossing(expansion, cut, side);
  if (!pass || Number.isNaN(delta)) return NaN;
  let x = expansion.at + delta, previous = Infinity;
  const shift = (Math.abs(expansion.fifth) * Math.abs(delta) ** 5) / 120 / Math.abs(modelGradient(expansion, delta));
  if (Math.abs(delta) <= MODEL_ROOT_TRUST * x && shift <= MODEL_ROOT_TOLERANCE * x && side * (x - a) > 0) return x;
  for (let k = 0; k < MAX_MODEL_PASSES; k++) {
    if (!(side * (x - a) > 0) || !(x > 0) || !Number.isFinite(x)) return NaN;
    const point = pass(x, true);
    const fx = point.loss - cut;
    if (fx === 0) return x;
    if (!(side * point.gradient > 0)) return NaN;
    const step = Math.abs(fx / point.gradient);
    const next = x - fx / point.gradient;
    if (step <= NEWTON_STEP_TOLERANCE * next || step >= previous) return next;
    previous = step;
    x = next;
  }
  return NaN;
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
