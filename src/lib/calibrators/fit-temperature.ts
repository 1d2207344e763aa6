// Temperature scaling: fit T > 0 so that σ(d/T) is calibrated on held-out pairs (docs/DESIGN.md §5.1).
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { withResidentPairs, type ResidentPairs } from "../../core/temperature";
import type { View } from "../metrics/assess";
import { MAX_BINS } from "../metrics/assess";
import { fitInverseTemperature, type InverseTemperatureFit } from "./inverse-temperature-fit";
import { searchTemperatureByEce } from "./temperature-ece-search";
import { temperatureCalibrator, type TemperatureCalibrator } from "./temperature-calibrator";
import { fittedRangeOf, rewardNormalizationOf } from "./calibrator";
import { rewardClipOption } from "./reward-clip";
import { temperatureProfileInterval, temperatureSandwichInterval } from "./temperature-interval";
import { intervalJson, type ParameterInterval } from "./parameter-interval";
import { isChoices, toChoiceColumns, type Choices } from "../rankings/choices";
import { fitChoiceTemperature } from "./fit-choice-temperature";
import { RmcalRangeError } from "../../core/errors";
import { DEFAULT_BOUNDS, boundsOption, boundMessage, type BoundsInfo } from "./temperature-bounds";


export interface FitTemperatureOptions {
  /** "nll" (default): minimize the weighted mean NLL. "ece": minimize the ECE by a bracketing search over log T. */
  objective?: "nll" | "ece";
  /** [Tmin, Tmax], default [1e-3, 1e3]. A fit that reaches one reports it in `atBound`. */
  bounds?: readonly [number, number];
  /**
   * ECE objective only: the view whose ECE is minimized (default "folded", where ECE has a real optimum). In the
   * oriented view the ECE falls as every probability tends to ½, so a fit that gets there reports atBound "upper".
   */
  view?: View;
  /** ECE objective only: number of uniform bins (default 15). */
  bins?: number;
  /** Stored in rewardNormalization.clip: reward() clips transformed rewards to [−rewardClip, rewardClip] (docs/DESIGN.md §5.6). Default none. */
  rewardClip?: number | null;
  /** NLL objective only: the confidence of `interval` (default 0.95), in (0, 1). */
  confidence?: number;
}

const FIT_TEMPERATURE_OPTION_KEYS = optionKeys<FitTemperatureOptions>()(["objective", "bounds", "view", "bins", "rewardClip", "confidence"]);

/** A fitted temperature calibrator with its fitting report. */
export interface FittedTemperature extends TemperatureCalibrator {
  readonly objective: "nll" | "ece";
  /**
   * Newton iterations on all pairs (NLL) or ECE evaluations (ECE): each is one pass over the pairs. With
   * 2^18 pairs or more, Newton starts from the fit of a systematic subsample, whose passes are not counted.
   */
  readonly iterations: number;
  readonly converged: boolean;
  /** The bound of T the fit stopped at, or null for an interior optimum. */
  readonly atBound: "lower" | "upper" | null;
  /** What the result means when it is not a plain interior optimum; null otherwise. */
  readonly message: string | null;
  /** Weighted mean NLL at T = 1 and at the fitted T. */
  readonly nllBefore: number;
  readonly nllAfter: number;
  /**
   * NLL objective: the interval of T at options.confidence (docs/DESIGN.md §6.7). Without clusters, the
   * profile-likelihood interval (high may be Infinity: the data cannot rule out "no signal"; low may be 0:
   * separable data); with a cluster column, the cluster-robust sandwich interval (null at a bound, or with fewer
   * than two clusters). Null for the ECE objective, which has no likelihood to invert.
   */
  readonly interval: ParameterInterval | null;
}

/**
 * Temperature scaling of a reward model on preference pairs: finds T > 0 with P(A ≻ B) = σ((r_A − r_B)/T).
 * NLL objective: safeguarded third-order Newton iterations on a = 1/T from fused passes (the NLL and its first five
 * derivatives), one pass per iteration. Guo et al., "On Calibration of Modern Neural Networks", ICML 2017. O(n) per
 * iteration; about three passes for the fit and its interval from 2^18 pairs on (docs/DESIGN.md §5.1).
 * Separable pairs (no pair wrong) stop at the lower bound of T; pairs at or below chance stop at the upper bound;
 * `atBound` and `message` say so, naming options.bounds when the bound reached is one the caller set.
 * ECE objective in the oriented view: the ECE tends to that of the constant ½ as T grows, so it often has no finite
 * optimum. A search whose best T squeezes every probability to within one bin of ½ returns the upper bound, with
 * `atBound: "upper"` and a message to fit in the folded view (docs/DESIGN.md §5.2).
 * K-wise choices ({scores, best}, {scores, ranking} or long {prompt, score, best | rank}) are fitted by the NLL of
 * P(best = i) = softmax(r/T)_i, or Plackett–Luce for rankings, with the same Newton, bounds and interval; at K = 2
 * the result is the pairs' bit for bit (docs/DESIGN.md §5.12).
 * NLL objective: `interval` is the likelihood-ratio interval of T at options.confidence (0.95), found in a = 1/T
 * and mapped back; with a cluster column, the cluster-robust sandwich interval (docs/DESIGN.md §6.7).
 * @param pairs held-out pairs: {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight
 *   and cluster
 * @param options objective ("nll" | "ece"), bounds [1e-3, 1e3], view and bins (ECE), rewardClip, confidence (0.95)
 * @returns a frozen calibrator with temperature, predict, reward, toJSON and the fitting report, interval included
 * @throws {TypeError|RangeError} naming the first invalid field, index or option
 * @example fitTemperature({ margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0] }).temperature // => 1.7266…
 * @example fitTemperature({ margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0] }).interval.low // => 0.3835…
 */
export function fitTemperature(pairs: Pairs | Choices, options?: FitTemperatureOptions): FittedTemperature {
  const settings = temperatureFitSettings(options);
  const { objective, bounds, clip, confidence } = settings;
  if (isChoices(pairs)) {
    // K-wise choices have a likelihood (softmax, Plackett–Luce) but no pairwise view to bin (docs/DESIGN.md §5.12).
    if (objective !== "nll") {
      throw new RmcalRangeError("invalid-option", `options.objective is "${objective}"; K-wise choices are fitted by NLL only (objective "nll")`, { argument: "options.objective" });
    }
    return fitChoiceTemperature(toChoiceColumns(pairs), { bounds, clip, confidence });
  }
  return fitPairTemperature(toPairColumns(pairs), settings);
}

/** fitTemperature on validated pair columns, every pass in this thread. O(n) per pass. */
export function fitPairTemperature(columns: PairColumns, settings: TemperatureFitSettings): FittedTemperature {
  const { tLow, tHigh } = settings.bounds;
  // Separable pairs have no finite optimum: the NLL gradient tends to 0 as T → 0 and underflows to exactly 0
  // near T ≈ |d|/37, which Newton would take for convergence. Decide it exactly from the data instead.
  const separable = isSeparable(columns);
  return withResidentPairs(columns.margin, columns.label, columns.weight, (resident) =>
    finishTemperatureFit(resident, columns, settings, separable, fitInverseTemperature(resident, columns.n, tLow, tHigh, separable)));
}

/** fitTemperature's options, validated, with their defaults. */
export interface TemperatureFitSettings {
  objective: "nll" | "ece";
  bounds: BoundsInfo;
  view: View;
  nBins: number;
  clip: number | null;
  confidence: number;
}

/**
 * Validates fitTemperature's options, naming the first bad one, as every twin of fitTemperature does before any
 * pass (docs/DESIGN.md §6.10). O(1).
 * @throws {TypeError|RangeError} naming the option
 */
export function temperatureFitSettings(options: FitTemperatureOptions | undefined): TemperatureFitSettings {
  const o = optionsObject(options, FIT_TEMPERATURE_OPTION_KEYS);
  const objective = choiceOption(o.objective ?? "nll", "options.objective", ["nll", "ece"] as const);
  const [tLow, tHigh] = boundsOption(o.bounds);
  const bounds: BoundsInfo = { tLow, tHigh, userLow: tLow !== DEFAULT_BOUNDS[0], userHigh: tHigh !== DEFAULT_BOUNDS[1] };
  const view = choiceOption(o.view ?? "folded", "options.view", ["folded", "oriented"] as const);
  const nBins = integerOption(o.bins ?? 15, "options.bins", 1, MAX_BINS);
  const clip = rewardClipOption(o.rewardClip);
  const confidence = numberOption(o.confidence ?? 0.95, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  return { objective, bounds, view, nBins, clip, confidence };
}

/**
 * Everything after the NLL fit of a = 1/T on pairs: the ECE search (objective "ece"), the NLL after, the interval
 * and the calibrator, from the pairs resident in WebAssembly memory and the fit (however its passes were run).
 * O(n) per pass it takes: none for the NLL objective's interval from about 10^6 pairs on (docs/DESIGN.md §6.7).
 */
export function finishTemperatureFit(
  resident: ResidentPairs, columns: PairColumns, settings: TemperatureFitSettings, separable: boolean, fitted: InverseTemperatureFit,
): FittedTemperature {
  const { objective, bounds, view, nBins, clip, confidence } = settings;
  const { tLow, tHigh } = bounds;
  const { margin } = columns;
  const { weight: sumW, nllAtOne, correctAtOne, newton, model } = fitted;
  const accuracy = correctAtOne / sumW;
  // At a bound, T is the bound itself (not 1/(1/bound), which may differ in the last bit).
  const nllTemperature =
    newton.atBound === "lower" ? tLow : newton.atBound === "upper" ? tHigh : 1 / newton.a;
  let temperature = nllTemperature;
  let iterations = newton.iterations;
  let converged = newton.converged;
  let atBound = newton.atBound;
  const eceReport: Record<string, number> = {};
  let collapsed = false;
  if (objective === "ece") {
    const search = searchTemperatureByEce(columns, { tLow, tHigh, view, nBins, candidates: [1, nllTemperature] });
    ({ temperature, iterations, atBound, collapsed } = search);
    converged = true;
    eceReport.eceBefore = search.eceAtOne;
    eceReport.eceAfter = search.ece;
  }
  // N(â) comes from the Taylor model of the fit's last pass (exact to rounding, the step from it being below
  // 1e-4·â); an ECE-fitted T or a bound gets its own pass.
  const nllAfter = (objective === "nll" && model ? model.loss : resident.nll(temperature)[1]) / sumW;
  // The interval belongs to the likelihood; the ECE objective has none (docs/DESIGN.md §6.7). A Wald
  // interval needs an interior optimum, so with clusters a fit at a bound gets none.
  const interval = objective === "ece" ? null
    : columns.cluster !== null
      ? (newton.atBound === null ? temperatureSandwichInterval(resident, columns, newton.a, confidence) : null)
      : temperatureProfileInterval(resident, { a: newton.a, separable, ...(model ? { model } : {}) }, confidence);
  const message = boundMessage(atBound, accuracy, bounds, margin.every((d) => d === 0), objective, collapsed, separable)
    ?? (converged ? null : `Newton's method did not converge in ${iterations} iterations; T = ${temperature} is the last iterate`);
  const fit = {
    n: columns.n, weight: sumW, objective, ...(objective === "ece" ? { view, bins: nBins } : {}),
    bounds: [tLow, tHigh], iterations, converged, atBound, message, accuracy,
    nllBefore: nllAtOne / sumW, nllAfter, ...eceReport, ...(objective === "nll" ? { interval: intervalJson(interval) } : {}),
  };
  const range = fittedRangeOf(margin, columns.scoreA, columns.scoreB);
  return temperatureCalibrator(temperature, fit, rewardNormalization(columns, temperature, clip), range, {
    objective, iterations, converged, atBound, message, nllBefore: nllAtOne / sumW, nllAfter, interval,
  });
}

/**
 * Whether no pair with weight is on the wrong side and at least one margin is non-zero: every pair with d > 0 has
 * label 1 and every pair with d < 0 label 0 (tied margins add a constant to the NLL whatever T is).
 */
export function isSeparable({ margin, label, weight }: PairColumns): boolean {
  let anyNonZero = false;
  for (let i = 0; i < margin.length; i++) {
    if (weight !== null && weight[i] === 0) continue;
    const d = margin[i];
    if (d === 0) continue;
    anyNonZero = true;
    const y = label === null ? 1 : label[i];
    if (y !== (d > 0 ? 1 : 0)) return false;
  }
  return anyNonZero;
}

/** Mean and std of r/T over the fitting pairs' responses, when the input had per-response scores. */
function rewardNormalization(columns: PairColumns, temperature: number, clip: number | null) {
  if (!columns.scoreA || !columns.scoreB) return null;
  const a = columns.scoreA.map((r) => r / temperature);
  const b = columns.scoreB.map((r) => r / temperature);
  return rewardNormalizationOf(a, b, columns.weight, clip);
}
