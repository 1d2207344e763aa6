// Platt (affine) scaling of preference pairs: P(A ≻ B) = σ(α·d + β).
import { RmcalRangeError } from "../../core/errors";
import { toPairColumns, type Pairs } from "../pairs/pairs";
import { numberOption, optionsObject, optionKeys } from "../validation/columns";
import { withPlattPasses, type PlattSums } from "../../core/platt";
import { plattCalibrator, type PlattCalibrator } from "./platt-calibrator";
import { fittedRangeOf, rewardNormalizationOf } from "./calibrator";
import { rewardClipOption } from "./reward-clip";
import { plattCovariance } from "./platt-covariance";
import { intervalJson, twoSidedNormalQuantile, type ParameterInterval } from "./parameter-interval";

export interface FitPlattOptions {
  /** Stored in rewardNormalization.clip. */
  rewardClip?: number | null;
  /** The confidence of `betaInterval` (default 0.95), in (0, 1). */
  confidence?: number;
}

const FIT_PLATT_OPTION_KEYS = optionKeys<FitPlattOptions>()(["rewardClip", "confidence"]);

/** A fitted Platt calibrator with its fitting report. */
export interface FittedPlatt extends PlattCalibrator {
  /** Newton iterations; each evaluates the NLL, gradient and Hessian in one pass. */
  readonly iterations: number;
  readonly converged: boolean;
  readonly message: string | null;
  /** Weighted mean NLL at (α, β) = (1, 0), the raw scores, and at the fit. */
  readonly nllBefore: number;
  readonly nllAfter: number;
  /**
   * [[var α, cov(α, β)], [cov(α, β), var β]]: the inverse observed information of the NLL at the fit, or the
   * cluster-robust sandwich with a cluster column (docs/DESIGN.md §6.7). Null when the optimum is not unique
   * (separable pairs) or with fewer than two clusters.
   */
  readonly covariance: readonly [readonly [number, number], readonly [number, number]] | null;
  /**
   * β ± z·se at options.confidence (method "wald", or "cluster-sandwich" with clusters). β is the position bias:
   * an interval that excludes 0 says the judge or model favours one position. Null with `covariance`.
   */
  readonly betaInterval: ParameterInterval | null;
}

const MAX_ITERATIONS = 100;
const STEP_TOLERANCE = 1e-10;
/** Newton steps this small (relative) are inside the region of quadratic convergence: no line search. */
const LOCAL_STEP = 1e-6;

/**
 * Platt scaling: fits P(A ≻ B) = σ(α·d + β) by Newton's method with a backtracking line search on the
 * weighted NLL of the pairs as oriented. β is the position (orientation) bias: it only means something when
 * the order A/B means something (a judge shown A first), and labels fall on both sides of ½.
 * Platt (1999); Lin, Lin & Weng, Machine Learning 68 (2007). O(n) per iteration.
 * @param pairs pairs whose orientation is meaningful, with labels on both sides of 0.5
 * `covariance` is the inverse observed information at the fit (the cluster sandwich with a cluster column) and
 * `betaInterval` the Wald interval of β: whether the position bias differs from 0 (docs/DESIGN.md §6.7).
 * @param options rewardClip, confidence (0.95)
 * @returns a frozen calibrator with scale (α), bias (β), predict, reward (α·r), toJSON, covariance and betaInterval
 * @throws {RangeError} when every label is ≥ 0.5 or every label is ≤ 0.5 (chosen/rejected input): β is then
 *   meaningless; use fitTemperature
 * @example fitPlatt({ margin: [2, -1, 1, -2, 0.5], label: [1, 0, 0, 0, 1] }).scale // => 1.5654…
 * @example fitPlatt({ margin: [2, -1, 1, -2, 0.5], label: [1, 0, 0, 0, 1] }).betaInterval.high // => 2.0589…
 */
export function fitPlatt(pairs: Pairs, options?: FitPlattOptions): FittedPlatt {
  const o = optionsObject(options, FIT_PLATT_OPTION_KEYS);
  const clip = rewardClipOption(o.rewardClip);
  const confidence = numberOption(o.confidence ?? 0.95, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const columns = toPairColumns(pairs);
  const { margin, label, weight } = columns;
  requireLabelsOnBothSides(label);
  return withPlattPasses(margin, label, weight, (sums) => {
    let scale = 1, bias = 0;
    let at = sums(scale, bias);
    const nllBefore = at.nll / at.weight;
    let iterations = 1, converged = false;
    while (iterations < MAX_ITERATIONS) {
      const [stepScale, stepBias] = newtonStep(at);
      if (Math.abs(stepScale) <= STEP_TOLERANCE * (1 + Math.abs(scale)) && Math.abs(stepBias) <= STEP_TOLERANCE * (1 + Math.abs(bias))) {
        converged = true;
        break;
      }
      // Backtracking (Armijo) line search, the full Newton step first. Close to the optimum the NLL's change
      // drowns in its rounding, so small steps (where Newton converges quadratically) are taken unchecked.
      const small = Math.abs(stepScale) <= LOCAL_STEP * (1 + Math.abs(scale)) && Math.abs(stepBias) <= LOCAL_STEP * (1 + Math.abs(bias));
      const decrease = at.gradient[0] * stepScale + at.gradient[1] * stepBias;
      let t = 1, next: PlattSums | null = null;
      for (let halvings = 0; halvings < 40 && iterations < MAX_ITERATIONS; halvings++, t /= 2) {
        iterations++;
        const candidate = sums(scale - t * stepScale, bias - t * stepBias);
        if (small || candidate.nll <= at.nll - 1e-4 * t * decrease) {
          next = candidate;
          break;
        }
      }
      if (!next) break;
      scale -= t * stepScale;
      bias -= t * stepBias;
      at = next;
    }
    const nllAfter = at.nll / at.weight;
    // A finite, unique optimum has a positive-definite Hessian; a singular one means the NLL keeps falling
    // as |α| grows (separable pairs, where every term underflows to 0) or is flat in a direction.
    const [haa, hab, hbb] = at.hessian;
    const identifiable = haa * hbb - hab * hab > 1e-12 * haa * hbb && at.nll > 0;
    if (!identifiable) converged = false;
    const message = converged ? null : identifiable
      ? `Newton's method did not converge in ${MAX_ITERATIONS} iterations; (α, β) = (${scale}, ${bias}) is the last iterate`
      : `the NLL has no unique finite optimum: the pairs are separable by α·d + β, or the margins do not vary; (α, β) = (${scale}, ${bias}) is the last iterate`;
    // A covariance needs a unique optimum: the inverse of a singular Hessian means nothing.
    const cov = identifiable ? plattCovariance(columns, scale, bias, at.hessian) : null;
    const covariance = cov?.covariance ?? null;
    const betaInterval: ParameterInterval | null = cov === null ? null : Object.freeze({
      low: bias - twoSidedNormalQuantile(confidence) * Math.sqrt(cov.covariance[1][1]),
      high: bias + twoSidedNormalQuantile(confidence) * Math.sqrt(cov.covariance[1][1]),
      confidence,
      method: cov.method,
    });
    const fit = {
      n: columns.n, weight: at.weight, iterations, converged, message, nllBefore, nllAfter,
      covariance, betaInterval: intervalJson(betaInterval),
    };
    const norm = columns.scoreA && columns.scoreB
      ? rewardNormalizationOf(columns.scoreA.map((r) => scale * r), columns.scoreB.map((r) => scale * r), weight, clip)
      : null;
    return plattCalibrator(scale, bias, fit, norm, fittedRangeOf(margin, columns.scoreA, columns.scoreB), {
      iterations, converged, message, nllBefore, nllAfter, covariance, betaInterval,
    });
  });
}

/** H⁻¹g for the 2×2 Hessian; a gradient step scaled by the diagonal when H is singular. */
function newtonStep({ gradient: [ga, gb], hessian: [haa, hab, hbb] }: PlattSums): [number, number] {
  const det = haa * hbb - hab * hab;
  if (det > 1e-300 * Math.max(1, haa * hbb)) return [(hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det];
  return [haa > 0 ? ga / haa : 0, hbb > 0 ? gb / hbb : 0];
}

function requireLabelsOnBothSides(label: Float64Array | null): void {
  const hint = "β (the position bias) is then meaningless; use fitTemperature instead";
  if (label === null) {
    throw new RmcalRangeError("invalid-argument", `pairs are chosen/rejected, so every label is 1: Platt scaling needs labels on both sides of 0.5; ${hint}`, { argument: "pairs" });
  }
  if (label.every((y) => y >= 0.5)) throw oneSided("≥", hint);
  if (label.every((y) => y <= 0.5)) throw oneSided("≤", hint);
}

function oneSided(side: "≥" | "≤", hint: string): RangeError {
  return new RmcalRangeError("invalid-argument", `pairs.label: every label is ${side} 0.5, so Platt scaling cannot fit the bias; ${hint}`, { argument: "pairs.label" });
}
