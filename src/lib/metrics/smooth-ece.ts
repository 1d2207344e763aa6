// Smooth ECE with its fixed-point bandwidth, on preference pairs.
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { sigmoidOfScaled } from "../../core/logistic";
import { withSmoothingGrids, type SmoothingGrids } from "../../core/smooth-ece";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { smoothBandCurves, smoothBandFromCurves, type SmoothBandResampling } from "../uncertainty/smooth-curve-band";
import type { View } from "./assess";
import { progressHook, progressOption, signalOption, throwIfAborted, type ProgressCallback, type SignalLike } from "../validation/abort";

export interface SmoothEceOptions {
  /** "folded" (default): confidence σ(|d|/T) on [0.5, 1]; "oriented": σ(d/T) on [0, 1] (docs/DESIGN.md §2.2). */
  view?: View;
  /** Probabilities are σ(d / temperature); default 1. */
  temperature?: number;
  /** Bootstrap resamples for a pointwise band around the curve (default 0: no band). */
  resamples?: number;
  /** Coverage of the band (default 0.9). */
  confidence?: number;
  /** Seed of the resampling stream (default 0), as in bootstrapCalibration. */
  seed?: number;
  /** Stops the band's resampling between resamples, as in bootstrapCalibration (error code "aborted"). */
  signal?: SignalLike;
  /** Called after each of the band's resamples with the number done and the total. */
  onProgress?: ProgressCallback;
}

const SMOOTH_ECE_OPTION_KEYS = optionKeys<SmoothEceOptions>()([
  "view", "temperature", "resamples", "confidence", "seed", "signal", "onProgress",
]);

/** The smoothed reliability curve: at each x, the kernel-weighted mean outcome, and the smoothed density of x. */
export interface SmoothCurve {
  x: number[];
  y: number[];
  /** Kernel density of the binned values at x (integrates to 1 over the range). */
  density: number[];
  /** With options.resamples: the pointwise bootstrap band of y (null where no resample has mass). */
  low?: (number | null)[];
  high?: (number | null)[];
}

export interface SmoothEce {
  /** smECE at the fixed-point bandwidth. */
  smece: number;
  /** The bandwidth σ with σ = smECE_σ (in probability units), or its bound when there is no crossing inside. */
  bandwidth: number;
  view: View;
  temperature: number;
  curve: SmoothCurve;
}

/** Points of the returned curve: 101 evenly spaced over the range. */
const CURVE_STEPS = 100;
/** Grid spacing at most σ/16, so the linear spreading onto the grid errs by about (h/σ)²/8 < 1e-3 relatively. */
const STEPS_PER_SIGMA = 16;
/** Bisection steps on σ: the bracket shrinks to (range)·2^-40. */
const BISECTION_STEPS = 40;
/** The smallest bandwidth searched, as a share of the range (relplot's eps = 0.001). */
const MIN_BANDWIDTH_SHARE = 1e-3;

/**
 * Smooth expected calibration error: the residuals (predicted − observed) are smoothed with a Gaussian kernel
 * reflected at the ends of the range ([0, 1] oriented, [0.5, 1] folded), smECE_σ = ∫ |r̂_σ(t)| dt, and the
 * bandwidth is the fixed point σ = smECE_σ, found by bisection (smECE_σ decreases in σ). Unlike binned ECE it
 * is continuous in the predictions and has no bin-count to choose.
 * Błasiok & Nakkiran, "Smooth ECE: Principled Reliability Diagrams via Kernel Smoothing", ICLR 2024.
 * O(n) to spread the pairs onto a grid of M ≈ 16·range/σ points, then O(M·σ/h) = O(M) per bisection step
 * with a kernel truncated at 8σ (the reference implementation's direct convolution is O(M²)).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight
 * @returns smece, bandwidth and the smoothed reliability curve (101 points)
 * @throws {TypeError|RangeError} naming the field and index of the first invalid value, or the invalid option
 * @example smoothEce({ margin: [2, -1, 0.5, 3], label: [1, 0, 0, 1] }).smece // => 0.128304...
 */
export function smoothEce(pairs: Pairs, options?: SmoothEceOptions): SmoothEce {
  return smoothEceColumns(toPairColumns(pairs), options);
}

/** `smoothEce` on pairs already validated by toPairColumns. */
export function smoothEceColumns(columns: PairColumns, options?: SmoothEceOptions): SmoothEce {
  const plan = smoothEcePlan(columns, options);
  if (plan.band === null) return plan.finish(null);
  return plan.finish(smoothBandCurves(plan.band, 0, plan.resamples, plan.afterResample));
}

/**
 * A validated smoothEce, split where it parallelizes (docs/DESIGN.md §6.10): the fixed-point bandwidth and the
 * curve are computed, and the band's resamples (with options.resamples) are left to smoothBandCurves over any
 * ranges; `finish` takes their curves in resample order (null without a band).
 */
export interface SmoothEcePlan {
  readonly band: SmoothBandResampling | null;
  readonly resamples: number;
  readonly afterResample: ((done: number) => void) | undefined;
  finish(curves: Float64Array | null): SmoothEce;
}

/**
 * Validates smoothEce's options, finds the bandwidth and draws the curve; the band's resamples are left to
 * smoothBandCurves. O(n) plus O(M) per bisection step.
 * @throws {TypeError|RangeError} naming the invalid option
 */
export function smoothEcePlan(columns: PairColumns, options?: SmoothEceOptions): SmoothEcePlan {
  const o = optionsObject(options, SMOOTH_ECE_OPTION_KEYS);
  const view = choiceOption(o.view ?? "folded", "options.view", ["folded", "oriented"] as const);
  const temperature = numberOption(o.temperature ?? 1, "options.temperature", (t) => t > 0, "a finite number > 0");
  const resamples = integerOption(o.resamples ?? 0, "options.resamples", 0, 1_000_000);
  const confidence = numberOption(o.confidence ?? 0.9, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, Number.MAX_SAFE_INTEGER);
  const signal = signalOption(o.signal, "options.signal");
  const afterResample = progressHook(signal, progressOption(o.onProgress, "options.onProgress"), resamples, "smoothEce");
  throwIfAborted(signal, "smoothEce");
  const folded = view === "folded";
  const { values, outcomes } = valuesAndOutcomes(columns, folded, temperature);
  const lower = folded ? 0.5 : 0;
  const range = 1 - lower;
  let totalWeight = columns.n;
  if (columns.weight) totalWeight = columns.weight.reduce((sum, w) => sum + w, 0);
  const result = withSmoothingGrids(values, outcomes, columns.weight, totalWeight, lower, 1, (grids) => {
    const bandwidth = fixedPointBandwidth(grids, range);
    const m = gridSize(bandwidth, range);
    const smece = grids.smoothEce(bandwidth, m);
    // The curve's grid is at least as fine, with M − 1 a multiple of 100 so the curve's points are grid points.
    const curveM = CURVE_STEPS * Math.ceil((m - 1) / CURVE_STEPS) + 1;
    return { smece, bandwidth, curveM, ...smoothCurve(grids, bandwidth, curveM, lower, range) };
  });
  const { smece, bandwidth, curve, gridIndices, curveM } = result;
  const band = resamples > 0 ? { columns, values, outcomes, lower, bandwidth, m: curveM, indices: gridIndices, seed } : null;
  return {
    band, resamples, afterResample,
    finish: (curves) => {
      if (curves !== null) Object.assign(curve, smoothBandFromCurves(curves, gridIndices.length, confidence));
      return { smece, bandwidth, view, temperature, curve };
    },
  };
}

/** The binned value v and outcome k of each pair, as assess defines them for the view. */
function valuesAndOutcomes(columns: PairColumns, folded: boolean, temperature: number): { values: Float64Array; outcomes: Float64Array } {
  const { margin, label } = columns;
  const values = sigmoidOfScaled(folded ? margin.map(Math.abs) : margin, temperature);
  const outcomes = new Float64Array(margin.length);
  for (let i = 0; i < margin.length; i++) {
    const y = label ? label[i] : 1;
    outcomes[i] = !folded ? y : margin[i] > 0 ? y : margin[i] < 0 ? 1 - y : 0.5;
  }
  return { values, outcomes };
}

/** Grid size M for bandwidth σ: spacing h ≤ σ/16 (so 8σ is 128 taps), and at least 101 points. */
function gridSize(sigma: number, range: number): number {
  return Math.max(100, Math.ceil((STEPS_PER_SIGMA * range) / sigma)) + 1;
}

/**
 * Bisection for σ = smECE_σ on [range·1e-3, range]; returns the end of the final bracket where σ ≥ smECE_σ.
 * The lower end is never evaluated (its grid is the finest and costliest): when every midpoint is at or above
 * its smECE, the bracket closes onto the lower end, which is then the answer, as in relplot.
 */
function fixedPointBandwidth(grids: SmoothingGrids, range: number): number {
  const above = (sigma: number) => sigma >= grids.smoothEce(sigma, gridSize(sigma, range));
  let low = MIN_BANDWIDTH_SHARE * range;
  let high = range;
  if (!above(high)) return high;
  // Invariant: σ = high is at or above its smECE, and every σ tried below low was below it.
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = 0.5 * (low + high);
    if (above(middle)) high = middle;
    else low = middle;
  }
  return high;
}

function smoothCurve(grids: SmoothingGrids, sigma: number, m: number, lower: number, range: number): { curve: SmoothCurve; gridIndices: number[] } {
  const [, density, outcome] = grids.smoothAll(sigma, m);
  const stride = (m - 1) / CURVE_STEPS;
  const curve: SmoothCurve = { x: [], y: [], density: [] };
  const gridIndices: number[] = [];
  for (let i = 0; i <= CURVE_STEPS; i++) {
    const d = density[i * stride];
    // Beyond 8σ from every point the truncated kernel leaves no mass: there is no curve to draw there.
    if (!(d > 0)) continue;
    curve.x.push(lower + i * (range / CURVE_STEPS));
    curve.y.push(outcome[i * stride] / d);
    curve.density.push(d);
    gridIndices.push(i * stride);
  }
  return { curve, gridIndices };
}
