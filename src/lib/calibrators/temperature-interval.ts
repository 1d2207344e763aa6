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
 * ... or after a step of the quadratic model below this relative size. The model matches f, f' and f'' at the point,
 * so the error left is third order, about |f‴/(6f′)|·δ³ ≈ (R/6Δ)·δ³ with R the spread of the scores and Δ the
 * root's distance from â: below 1e-12·a for δ = 1e-5·a even where R/Δ is 10^4.
 */
const MODEL_STEP_TOLERANCE = 1e-5;
/** ... or after a plain Newton step below this (no curvature to use): its error is second order, (f″/2f′)·δ². */
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
 * count as frequencies). At a bound the reference is the fitted bound, and the interval reaches past it wherever the
 * data favour values beyond (to T = 0 for separable data, to T = ∞ when a = 0 is within the cut-off). With the fit's
 * Taylor model (pairs and K-wise choices) each end starts at the model's root and takes about one fused pass,
 * none at large n. Otherwise (fits at a bound, a model the data do not confirm) each root of the
 * convex f(a) = N(a) − N(â) − z²/2 is found from the Wald guess â ± z/√H by steps to the root of the local quadratic
 * model f + f′·δ + f″·δ²/2, all three from one profile pass, inside a bracket that is bisected, or widened by
 * doubling, when a step leaves it: one or two passes per end on smooth data (docs/DESIGN.md §6.7).
 */
export function temperatureProfileInterval(
  resident: ResidentPairs, fit: TemperatureFitPoint, confidence: number,
): ParameterInterval {
  const z = twoSidedNormalQuantile(confidence);
  const { model } = fit;
  let search: ProfileSearch | null = null;
  let cut: number;
  if (model) cut = model.loss + (z * z) / 2;
  else {
    search = profileSearch(resident, fit.a, z);
    cut = search.cut;
  }
  const fromModel = (side: 1 | -1) => (model ? modelRoot(resident, model.expansion, fit.a, cut, side) : NaN);
  const searched = (side: "low" | "high") => profileRoot((search ??= profileSearch(resident, fit.a, z)), side);
  // Lower root in a (T's upper limit), 0 if the likelihood at a = 0 (every probability ½) is within the cut-off.
  const low = fromModel(-1);
  // Upper root in a (T's lower limit): separable data never pass the cut-off, however large a is.
  const high = fit.separable ? Infinity : fromModel(1);
  return interval(
    Number.isNaN(low) ? searched("low") : low, Number.isNaN(high) ? searched("high") : high, confidence, "profile-likelihood",
  );
}

/** The search without a model: one profile pass at â gives the cut-off and the Wald guess. */
function profileSearch(resident: ResidentPairs, a: number, z: number): ProfileSearch {
  const center = resident.profile(a);
  const curvature = center.derivatives.curvature;
  // The Wald guess puts each root about z/√H from â, so the search starts close.
  const guess = curvature > 0 && Number.isFinite(curvature) && z / Math.sqrt(curvature) > 0 ? z / Math.sqrt(curvature) : a;
  return { resident, a, cut: center.totals[1] + (z * z) / 2, floor: -(z * z) / 2, guess };
}

interface ProfileSearch {
  resident: ResidentPairs;
  /** The fitted a, where f = floor = −z²/2 < 0. */
  a: number;
  cut: number;
  floor: number;
  /** The first distance from a to try. */
  guess: number;
}

/**
 * The root of f on one side of â: in [0, â) for "low", (â, ∞) for "high"; 0 or ∞ when f stays ≤ 0 up to there
 * (at a = 0, or where the NLL stops changing). Invariant: f(inner) ≤ 0, and f(outer) > 0 once outer is known, so
 * the root lies between them. A step that leaves the bracket bisects it, or doubles the distance from â while no
 * outer end is known.
 */
function profileRoot({ resident, a, cut, floor, guess }: ProfileSearch, side: "low" | "high"): number {
  const direction = side === "low" ? -1 : 1;
  let inner = a, fInner = floor, outer = NaN, width = guess, doublings = 0;
  let x = side === "low" ? Math.max(a - width, 0) : a + width;
  for (let iteration = 0; iteration < MAX_ROOT_ITERATIONS; iteration++) {
    const { totals, derivatives } = resident.profile(x);
    const fx = totals[1] - cut;
    if (fx === 0) return x;
    if (fx > 0) outer = x;
    else {
      if (side === "low" && x === 0) return 0;
      // The NLL stopped changing (every margin 0, or all weight on tied pairs): a has no upper limit.
      if (side === "high" && fx === fInner) return Infinity;
      inner = x;
      fInner = fx;
    }
    const bracketed = !Number.isNaN(outer);
    if (bracketed && Math.abs(outer - inner) <= ROOT_TOLERANCE * Math.max(outer, inner)) return (inner + outer) / 2;
    const { step, model } = rootStep(fx, derivatives.gradient, derivatives.curvature, direction);
    let next = x + step;
    const low = side === "low" ? (bracketed ? outer : 0) : inner;
    const high = side === "low" ? inner : (bracketed ? outer : Infinity);
    const inside = next > low && next < high || (next === 0 && side === "low" && !bracketed);
    if (inside && Math.abs(step) <= (model ? MODEL_STEP_TOLERANCE : NEWTON_STEP_TOLERANCE) * next) return next;
    if (!inside) {
      if (bracketed) next = (inner + outer) / 2;
      else {
        width *= 2;
        next = a + direction * width;
        if (side === "low") next = Math.max(next, 0);
        else if (!Number.isFinite(next) || ++doublings > MAX_DOUBLINGS) return Infinity;
      }
    }
    x = next;
  }
  return x;
}

/**
 * The step to the root of the quadratic model f + g·δ + h·δ²/2 on the side `direction` points to, in the stable
 * form −2f / (g + direction·√(g² − 2hf)); Newton's −f/g where the model has no curvature or no root.
 */
function rootStep(f: number, g: number, h: number, direction: number): { step: number; model: boolean } {
  const discriminant = g * g - 2 * h * f;
  if (h > 0 && Number.isFinite(h) && discriminant >= 0) {
    return { step: (-2 * f) / (g + direction * Math.sqrt(discriminant)), model: true };
  }
  return { step: -f / g, model: false };
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
