// The Davidson tie model for three-outcome pairs: A wins, B wins, or a tie (docs/DESIGN.md §5.10).
import { RmcalRangeError } from "../../core/errors";
import { naturalLog } from "../../core/logistic";
import { exponential } from "../../core/temperature";
import { davidsonProbabilities, withDavidsonPasses, type DavidsonSums } from "../../core/davidson";
import { toPairColumns, type PairColumns, type Pairs } from "../pairs/pairs";
import { finiteColumn, numberOption, optionKeys, optionsObject } from "../validation/columns";
import { twoSidedNormalQuantile, type ParameterInterval } from "./parameter-interval";

export interface FitDavidsonOptions {
  /** The confidence of `nuInterval` (default 0.95), in (0, 1). */
  confidence?: number;
}

const FIT_DAVIDSON_OPTION_KEYS = optionKeys<FitDavidsonOptions>()(["confidence"]);

/** The three outcome probabilities of each margin. */
export interface DavidsonProbabilities {
  /** P(A ≻ B). */
  readonly win: Float64Array;
  readonly tie: Float64Array;
  /** P(B ≻ A). */
  readonly loss: Float64Array;
}

/** A fitted Davidson model with its fitting report. Frozen. */
export interface FittedDavidson {
  readonly kind: "davidson";
  /** T = 1/a: P(A)/P(B) = e^{d/T}. Negative when the margins point the wrong way; ±Infinity when a = 0. */
  readonly temperature: number;
  /** a = 1/T, the parameter Newton fits (it may cross 0, where T cannot). */
  readonly inverseTemperature: number;
  /** ν ≥ 0: P(tie) = ν·√(p(1 − p)) / (1 + ν·√(p(1 − p))), p = σ(d/T). */
  readonly nu: number;
  /** ν·e^{±z·se(ln ν)}: the Wald interval of ln ν, mapped to ν (method "wald-log"). Null with `covariance`. */
  readonly nuInterval: ParameterInterval | null;
  /** [[var a, cov(a, ln ν)], [cov, var ln ν]]: the inverse observed information; null when the fit did not converge. */
  readonly covariance: readonly [readonly [number, number], readonly [number, number]] | null;
  /** Weighted mean three-outcome NLL at the fit. */
  readonly nll: number;
  /** Weighted share of tied outcomes (label 0.5). */
  readonly tieShare: number;
  readonly n: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly message: string | null;
  /** P(A), P(tie), P(B) at the fitted (T, ν). */
  probabilities(margins: ArrayLike<number>): DavidsonProbabilities;
}

const MAX_ITERATIONS = 100;
const STEP_TOLERANCE = 1e-10;
/** Newton steps this small (relative) are inside the region of quadratic convergence: no line search. */
const LOCAL_STEP = 1e-6;

/**
 * The Davidson tie model: with p = σ(d/T), P(A ≻ B) = p/N, P(B ≻ A) = (1 − p)/N, P(tie) = ν·√(p(1 − p))/N,
 * N = 1 + ν·√(p(1 − p)). Fits a = 1/T and ln ν jointly by exact Newton with Armijo backtracking on the
 * three-outcome NLL, which is convex in (a, ln ν). A label of 0.5 is a tied *outcome* here, not half a win.
 * Davidson, JASA 65 (1970). O(n) per iteration.
 * @param pairs three-outcome pairs: every label 1 (A won), 0 (B won) or 0.5 (a tie), with at least one tie and one
 *   decided pair of positive weight
 * @param options confidence (0.95) of nuInterval
 * @returns a frozen model with temperature, nu, nuInterval, covariance, nll, probabilities(margins)
 * @throws {RangeError} for a label outside {0, 0.5, 1}, no ties, or no decided pairs
 * @example fitDavidson({ margin: [2, -1, 0, 1, -2, 0.5], label: [1, 0, 0.5, 0.5, 0, 1] }).nu // => 6.8126…
 */
export function fitDavidson(pairs: Pairs, options?: FitDavidsonOptions): FittedDavidson {
  const o = optionsObject(options, FIT_DAVIDSON_OPTION_KEYS);
  const confidence = numberOption(o.confidence ?? 0.95, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const columns = toPairColumns(pairs);
  const label = threeOutcomeLabels(columns);
  const { margin, weight } = columns;
  return withDavidsonPasses(margin, label, weight, (sums) => {
    // Start at a = 0, where P(tie) = ν/(2 + ν) for every pair: the ν that matches the observed tie share.
    let a = 0;
    const first = sums(0, 0);
    const share = first.tieWeight / first.weight;
    // Clamped, because a tie share that rounds to 0 or 1 (weights far apart) would start ln ν at ∓∞.
    let lambda = Math.min(30, Math.max(-30, naturalLog(2 * share / (1 - share))));
    let at = sums(a, lambda);
    let iterations = 2, converged = false;
    while (iterations < MAX_ITERATIONS) {
      const [stepA, stepL] = newtonStep(at);
      if (Math.abs(stepA) <= STEP_TOLERANCE * (1 + Math.abs(a)) && Math.abs(stepL) <= STEP_TOLERANCE * (1 + Math.abs(lambda))) {
        converged = true;
        break;
      }
      // As in fitPlatt (docs/DESIGN.md §5.3): the full step first, halved until the NLL falls enough; small steps
      // near the optimum, where the NLL's change drowns in rounding, are taken unchecked.
      const small = Math.abs(stepA) <= LOCAL_STEP * (1 + Math.abs(a)) && Math.abs(stepL) <= LOCAL_STEP * (1 + Math.abs(lambda));
      const decrease = at.gradient[0] * stepA + at.gradient[1] * stepL;
      let t = 1, next: DavidsonSums | null = null;
      for (let halvings = 0; halvings < 40 && iterations < MAX_ITERATIONS; halvings++, t /= 2) {
        iterations++;
        const candidate = sums(a - t * stepA, lambda - t * stepL);
        if (small || candidate.nll <= at.nll - 1e-4 * t * decrease) {
          next = candidate;
          break;
        }
      }
      if (!next) break;
      a -= t * stepA;
      lambda -= t * stepL;
      at = next;
    }
    const [haa, hal, hll] = at.hessian;
    const det = haa * hll - hal * hal;
    // A singular Hessian: the margins do not vary among decided pairs, or a grows without end (decided pairs
    // separable and every tie at d = 0); the optimum is then not unique or not finite.
    const identifiable = det > 1e-12 * haa * hll && haa > 0;
    if (!identifiable) converged = false;
    const message = converged ? null : identifiable
      ? `Newton's method did not converge in ${MAX_ITERATIONS} iterations; (1/T, ln ν) = (${a}, ${lambda}) is the last iterate`
      : `the three-outcome NLL has no unique finite optimum (the decided pairs are separable, or the margins do not vary); (1/T, ln ν) = (${a}, ${lambda}) is the last iterate`;
    // The inverse information means something only at the optimum: no interval from a last iterate.
    const covariance = converged ? matrix(hll / det, -hal / det, haa / det) : null;
    const nu = exponential(lambda);
    let nuInterval: ParameterInterval | null = null;
    if (covariance !== null) {
      const half = twoSidedNormalQuantile(confidence) * Math.sqrt(covariance[1][1]);
      nuInterval = Object.freeze({ low: exponential(lambda - half), high: exponential(lambda + half), confidence, method: "wald-log" as const });
    }
    return Object.freeze({
      kind: "davidson" as const,
      temperature: 1 / a, inverseTemperature: a, nu, nuInterval, covariance,
      nll: at.nll / at.weight, tieShare: at.tieWeight / at.weight, n: columns.n, iterations, converged, message,
      probabilities(margins: ArrayLike<number>): DavidsonProbabilities {
        return Object.freeze(davidsonProbabilities(finiteColumn(margins, "margins"), a, lambda));
      },
    });
  });
}

/** The labels as outcomes: each must be 0, 0.5 or 1, with a tie and a decided pair among those of positive weight. */
export function threeOutcomeLabels(columns: PairColumns): Float64Array {
  const { label, weight } = columns;
  if (label === null) {
    throw new RmcalRangeError("invalid-argument", "pairs are chosen/rejected, so every label is 1 and none is a tie: the Davidson model needs tied outcomes (label 0.5)", { argument: "pairs" });
  }
  let ties = 0, decided = 0;
  for (let i = 0; i < label.length; i++) {
    const y = label[i];
    if (y !== 0 && y !== 0.5 && y !== 1) {
      throw new RmcalRangeError("invalid-argument", `pairs.label[${i}] is ${y}; a three-outcome label is 1 (A won), 0 (B won) or 0.5 (a tie)`, { argument: "pairs.label", index: i });
    }
    const w = weight === null ? 1 : weight[i];
    if (w > 0) {
      if (y === 0.5) ties++;
      else decided++;
    }
  }
  if (ties === 0) throw new RmcalRangeError("invalid-argument", "pairs.label: no pair of positive weight is a tie (0.5), so the tie parameter ν has its optimum at 0; fit a two-outcome model (fitTemperature)", { argument: "pairs.label" });
  if (decided === 0) throw new RmcalRangeError("invalid-argument", "pairs.label: every pair of positive weight is a tie (0.5), so ν has its optimum at ∞ and the margins say nothing", { argument: "pairs.label" });
  return label;
}

/** H⁻¹g for the 2×2 Hessian; a gradient step scaled by the diagonal when H is singular. */
function newtonStep({ gradient: [ga, gl], hessian: [haa, hal, hll] }: DavidsonSums): [number, number] {
  const det = haa * hll - hal * hal;
  if (det > 1e-300 * Math.max(1, haa * hll)) return [(hll * ga - hal * gl) / det, (haa * gl - hal * ga) / det];
  return [haa > 0 ? ga / haa : 0, hll > 0 ? gl / hll : 0];
}

function matrix(aa: number, al: number, ll: number): NonNullable<FittedDavidson["covariance"]> {
  return Object.freeze([Object.freeze([aa, al] as const), Object.freeze([al, ll] as const)] as const);
}
