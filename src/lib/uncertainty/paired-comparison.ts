// Paired comparison of two predictions of the same pairs: both sides are resampled with the same indices, and the
// interval is that of the difference after − before (docs/DESIGN.md §6.6).
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { ASSESS_OPTION_KEYS, assessColumns, type AssessOptions } from "../metrics/assess";
import { smoothEceColumns } from "../metrics/smooth-ece";
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";
import { choiceOption, describeValue, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { sortedCopy } from "../sort/sorted-copy";
import { resampled, resamplingUnits, resampleUnitIndices, jackknifeValues, type ResamplingUnits } from "./resampling-units";
import { bootstrapInterval, BOOTSTRAP_METHODS, type BootstrapMethod } from "./bootstrap-interval";
import { fixedBins, MAX_RESAMPLES, withoutZeroWeights } from "./bootstrap-calibration";
import { binnedBootstrap } from "./binned-bootstrap";
import { binnedJackknife } from "./binned-jackknife";
import { progressHook, progressOption, signalOption, throwIfAborted, type ProgressCallback, type SignalLike } from "../validation/abort";

export type ComparedMetric = "nll" | "brier" | "ece" | "rmsce" | "mce" | "rmsceDebiased" | "smece" | "accuracy";

export interface ComparisonOptions extends Omit<AssessOptions, "temperature" | "interval"> {
  /** The metrics to compare, in the order given (default: all eight, in the order of ComparedMetric). */
  metrics?: ComparedMetric[];
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Coverage of the interval of each difference (default 0.9). */
  confidence?: number;
  /** "bca" (default), "percentile" or "basic" (docs/DESIGN.md §6.4). */
  method?: BootstrapMethod;
  /** Integer seed of the resampling stream, 0 ≤ seed < 2^53 (default 0): the same seed gives the same bits. */
  seed?: number;
  /** Stops the run between batches of resamples with an error of code "aborted", as bootstrapCalibration does. */
  signal?: SignalLike;
  /**
   * Called between batches with the work done and its total, counted in resamples of one side: each metric the
   * WebAssembly kernel takes is one pass of `resamples` per side, the recomputed metrics share one pass.
   */
  onProgress?: ProgressCallback;
}

export interface MetricComparison {
  metric: ComparedMetric;
  /** The metric of each side on the full data. */
  before: number;
  after: number;
  /** after − before on the full data. */
  delta: number;
  /** The bootstrap interval of delta. */
  low: number;
  high: number;
  /** The method the bounds come from: the one asked for, or "percentile" where BCa is undefined. */
  method: BootstrapMethod;
  /**
   * The share of resamples whose Δ* has the sign opposite to delta's, a Δ* of 0 counting ½; 1 when delta is 0
   * (no direction to keep), NaN when delta is NaN (both sides infinite). A small share: the sign of delta is
   * stable under resampling (docs/DESIGN.md §6.6).
   */
  signFlip: number;
  /** Whether the interval of delta excludes 0. */
  significant: boolean;
  /**
   * null when not significant; otherwise whether "after" is better, read from the side of 0 the interval lies on:
   * higher accuracy, lower everything else.
   */
  improved: boolean | null;
}

export interface CalibrationComparison {
  /** Number of pairs of non-zero weight. */
  n: number;
  resamples: number;
  confidence: number;
  seed: number;
  /** What was resampled whole: "pairs", or "clusters" when either side has a cluster column. */
  unit: "pairs" | "clusters";
  /** The number of units resampled. */
  units: number;
  metrics: MetricComparison[];
}

export const COMPARED_METRICS: readonly ComparedMetric[] = ["nll", "brier", "ece", "rmsce", "mce", "rmsceDebiased", "smece", "accuracy"];

/** The assess options a comparison passes on to both sides. */
const SIDE_OPTION_KEYS = ["bins", "binning", "view", "mceMinCount"] as const satisfies readonly (typeof ASSESS_OPTION_KEYS)[number][];

const COMPARISON_OPTION_KEYS = optionKeys<ComparisonOptions>()([
  ...SIDE_OPTION_KEYS, "metrics", "resamples", "confidence", "method", "seed", "signal", "onProgress",
]);

type MetricValues = Partial<Record<ComparedMetric, number>>;

/** The two sides, validated as the same pairs, with zero-weight pairs removed from both. */
export interface ComparedSides {
  readonly before: PairColumns;
  readonly after: PairColumns;
}

/**
 * Paired comparison of two predictions of the same pairs: before and after a calibrator, two calibrators, or two
 * reward models scored on the same pairs. Each metric is computed on both sides, and the pairs (or whole clusters)
 * are resampled once for both sides, so each resample gives a difference Δ* = after* − before* in which what the
 * two sides share (the labels, which pairs were drawn) cancels. The interval of Δ is therefore much narrower than
 * two separate intervals suggest (docs/DESIGN.md §6.6). The interval is BCa by default, with a jackknife
 * of Δ over the same units on both sides.
 * Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 14 (BCa) and ch. 16 (bootstrap tests).
 * O(R·n) per metric for uniform bins, NLL, Brier and accuracy without clusters (WebAssembly, twice); otherwise
 * O(R·n log n) per resample pass, and R smoothEce calls per side for "smece"; plus the jackknife.
 * @param before the pairs as the first prediction scores them ({chosen, rejected}, {scoreA, scoreB, label} or
 *   {margin, label}, optional weight and cluster)
 * @param after the same pairs as the second prediction scores them: the same n, labels, weights and clusters
 * @param options metrics, resamples, confidence, method, seed, and assess's bins, binning, view and mceMinCount
 * @returns for each metric the value of each side, delta = after − before, its interval, the sign-flip share and
 *   whether after is significantly better
 * @throws {TypeError|RangeError} naming the first field and index where the sides differ, or the invalid option
 * @example compareCalibration({ margin: [2, -1, 0.5, 3, -2, 1.5, 0.2, -0.7], label: [1, 0, 0, 1, 1, 1, 0, 1] }, { margin: [1, -0.5, 0.25, 1.5, -1, 0.75, 0.1, -0.35], label: [1, 0, 0, 1, 1, 1, 0, 1] }, { metrics: ["nll"], resamples: 200, seed: 7 }).metrics[0].delta // => -0.06873967...
 */
export function compareCalibration(before: Pairs, after: Pairs, options?: ComparisonOptions): CalibrationComparison {
  const plan = comparisonPlan(before, after, options);
  const { sides, metrics, sideOptions, seed } = plan.resampling;
  return plan.finish(resampledDeltas(sides, plan.units, metrics, sideOptions, plan.resamples, seed, plan.progress));
}

/**
 * What a range of a comparison's resamples needs, as plain data, so that it crosses to a worker by structured
 * clone: both sides, the metrics, the assess options of both sides and the seed.
 */
export interface ComparisonResampling {
  readonly sides: ComparedSides;
  readonly metrics: readonly ComparedMetric[];
  readonly sideOptions: AssessOptions;
  readonly seed: number;
}

/**
 * A validated comparison, split where it parallelizes (docs/DESIGN.md §6.10): the resampled differences, computed
 * by resampledDeltas over any ranges of resamples, and `finish`, which takes them in resample order and adds the
 * full-data values, the jackknife and the intervals.
 */
export interface ComparisonPlan {
  readonly resampling: ComparisonResampling;
  readonly resamples: number;
  readonly units: ResamplingUnits;
  readonly progress: { signal?: SignalLike; onProgress?: ProgressCallback };
  finish(deltas: Map<ComparedMetric, Float64Array>): CalibrationComparison;
}

/**
 * Validates a comparison's sides and options and computes both sides' metrics on the full data; the resampled
 * differences are left to resampledDeltas. O(n) plus one evaluation per side.
 * @throws {TypeError|RangeError} naming the first field and index where the sides differ, or the invalid option
 */
export function comparisonPlan(before: Pairs, after: Pairs, options?: ComparisonOptions): ComparisonPlan {
  const o = optionsObject(options, COMPARISON_OPTION_KEYS);
  const sides = comparedSides(toPairColumns(before, "before"), toPairColumns(after, "after"));
  const metrics = metricsOption(o.metrics);
  const resamples = integerOption(o.resamples ?? 1000, "options.resamples", 1, MAX_RESAMPLES);
  const confidence = numberOption(o.confidence ?? 0.9, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const method = choiceOption(o.method ?? "bca", "options.method", BOOTSTRAP_METHODS);
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, Number.MAX_SAFE_INTEGER);
  const signal = signalOption(o.signal, "options.signal");
  const onProgress = progressOption(o.onProgress, "options.onProgress");
  const sideOptions: AssessOptions = Object.fromEntries(SIDE_OPTION_KEYS.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));
  const evaluate = evaluator(metrics, sideOptions);
  const full = { before: evaluate(sides.before), after: evaluate(sides.after) }; // validates the assess options too
  throwIfAborted(signal, "compareCalibration");
  const units = resamplingUnits(sides.before);
  const finish = (deltas: Map<ComparedMetric, Float64Array>): CalibrationComparison => {
    const jackknife = method === "bca" ? deltaJackknife(sides, units, metrics, sideOptions) : null;
    return {
      n: sides.before.n, resamples, confidence, seed,
      unit: sides.before.cluster ? "clusters" : "pairs", units: units.count,
      metrics: metrics.map((metric) => {
        const b = full.before[metric] as number, a = full.after[metric] as number;
        const delta = a - b;
        const bounds = bootstrapInterval(sortedCopy(deltas.get(metric)!), delta, confidence, method, jackknife?.get(metric) ?? null);
        const significant = bounds.low > 0 || bounds.high < 0;
        return {
          metric, before: b, after: a, delta, low: bounds.low, high: bounds.high, method: bounds.method,
          signFlip: signFlipShare(deltas.get(metric)!, delta), significant,
          improved: significant ? (metric === "accuracy") === (bounds.low > 0) : null,
        };
      }),
    };
  };
  return {
    resampling: { sides, metrics, sideOptions, seed }, resamples, units, finish,
    progress: { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) },
  };
}

/**
 * Checks that the two sides are the same pairs (n, labels, weights, clusters; a missing label column is all 1, a
 * missing weight column all 1) and returns both with one cluster column and without zero-weight pairs.
 */
export function comparedSides(before: PairColumns, after: PairColumns): ComparedSides {
  if (before.n !== after.n) {
    throw new RmcalRangeError("length-mismatch", `before has ${before.n} pairs and after ${after.n}; a comparison needs the same pairs on both sides`, { argument: "after" });
  }
  const clusterColumn = before.cluster && after.cluster ? "cluster" : null;
  for (let i = 0; i < before.n; i++) {
    const b = before.label ? before.label[i] : 1, a = after.label ? after.label[i] : 1;
    if (a !== b) throw differing("label", i, b, a);
    const bw = before.weight ? before.weight[i] : 1, aw = after.weight ? after.weight[i] : 1;
    if (aw !== bw) throw differing("weight", i, bw, aw);
    // Codes follow first appearance, so equal codes are the same grouping of the pairs, whatever the ids.
    if (clusterColumn && before.cluster![i] !== after.cluster![i]) {
      throw new RmcalRangeError("invalid-argument", `after.cluster[${i}] puts pair ${i} in another cluster than before.cluster does; a comparison needs the same clusters on both sides`, { argument: "after.cluster", index: i });
    }
  }
  const cluster = before.cluster ?? after.cluster;
  const clusterCount = before.cluster ? before.clusterCount : after.clusterCount;
  return {
    before: withoutZeroWeights({ ...before, cluster, clusterCount }),
    after: withoutZeroWeights({ ...after, cluster, clusterCount }),
  };
}

function differing(field: "label" | "weight", i: number, before: number, after: number): RmcalRangeError {
  return new RmcalRangeError("invalid-argument", `after.${field}[${i}] is ${describeValue(after)} but before.${field}[${i}] is ${describeValue(before)}; a comparison needs the same pairs on both sides`, { argument: `after.${field}`, index: i });
}

function metricsOption(value: unknown): ComparedMetric[] {
  if (value === undefined) return [...COMPARED_METRICS];
  if (!Array.isArray(value) || value.length === 0) {
    throw new RmcalTypeError("invalid-option", `options.metrics is ${describeValue(value)}; it must be a non-empty array of metric names`, { argument: "options.metrics" });
  }
  const metrics = value.map((m, i) => choiceOption(m, `options.metrics[${i}]`, COMPARED_METRICS));
  const repeated = metrics.findIndex((m, i) => metrics.indexOf(m) !== i);
  if (repeated >= 0) {
    throw new RmcalRangeError("invalid-option", `options.metrics[${repeated}] repeats "${metrics[repeated]}"`, { argument: "options.metrics", index: repeated });
  }
  return metrics;
}

/** The requested metrics of one side's pairs: one assess call for all but smece, one smoothEce call for smece. */
function evaluator(metrics: readonly ComparedMetric[], options: AssessOptions): (columns: PairColumns) => MetricValues {
  const assessed = metrics.filter((m): m is Exclude<ComparedMetric, "smece"> => m !== "smece");
  const smooth = metrics.includes("smece");
  return (columns) => {
    const values: MetricValues = {};
    if (assessed.length > 0) {
      const report = assessColumns(columns, options);
      for (const m of assessed) values[m] = report[m];
    }
    if (smooth) values.smece = smoothEceColumns(columns, options.view === undefined ? {} : { view: options.view }).smece;
    return values;
  };
}

/**
 * Δ*_r = after*_r − before*_r for each metric and resample r, both sides drawn with resampleUnitIndices(units,
 * seed, r). A metric with fixed bins (bootstrapCalibration's fixedBins: uniform-bin errors, NLL, Brier, accuracy)
 * runs in the WebAssembly bootstrap once per side with the same seed and units: the kernel draws the same stream,
 * so its resample r is the same pairs or clusters. The other metrics are recomputed on each resample.
 * `kernel: false` forces the recomputation (for tests). `first` numbers the resamples from first on: resample r
 * draws the same units in any range, so ranges computed apart (in workers, docs/DESIGN.md §6.10) and joined in
 * order give the bits of one run.
 */
export function resampledDeltas(
  sides: ComparedSides, units: ResamplingUnits, metrics: readonly ComparedMetric[], options: AssessOptions,
  resamples: number, seed: number, progress: { signal?: SignalLike; onProgress?: ProgressCallback } = {}, kernel = true,
  first = 0,
): Map<ComparedMetric, Float64Array> {
  const { before, after } = sides;
  const deltas = new Map<ComparedMetric, Float64Array>();
  const viaKernel = kernel ? metrics.filter((m) => m !== "smece" && fixedBins(m, options) !== null) : [];
  const recomputed = metrics.filter((m) => !viaKernel.includes(m));
  const passes = 2 * viaKernel.length + (recomputed.length > 0 ? 1 : 0);
  const hook = progressHook(progress.signal, progress.onProgress, passes * resamples, "compareCalibration");
  let passesDone = 0;
  const pass = () => {
    const offset = passesDone++ * resamples;
    return hook && ((done: number) => hook(offset + done));
  };
  for (const m of viaKernel) {
    const fixed = fixedBins(m as Exclude<ComparedMetric, "smece">, options)!;
    const b = binnedBootstrap(before, units, m as Exclude<ComparedMetric, "smece">, fixed, resamples, seed, pass(), first);
    const a = binnedBootstrap(after, units, m as Exclude<ComparedMetric, "smece">, fixed, resamples, seed, pass(), first);
    deltas.set(m, a.map((x, r) => x - b[r]));
  }
  if (recomputed.length === 0) return deltas;
  for (const m of recomputed) deltas.set(m, new Float64Array(resamples));
  const evaluate = evaluator(recomputed, options);
  const afterResample = pass();
  for (let r = 0; r < resamples; r++) {
    const indices = resampleUnitIndices(units, seed, first + r);
    const b = evaluate(resampled(before, indices)), a = evaluate(resampled(after, indices));
    for (const m of recomputed) deltas.get(m)![r] = (a[m] as number) - (b[m] as number);
    afterResample?.(r + 1);
  }
  return deltas;
}

/**
 * The jackknife of Δ for BCa's acceleration, after's minus before's values over the same left-out units: exact
 * leave-one-unit-out values from the WebAssembly kernel for metrics with fixed bins (docs/DESIGN.md §6.4); for the
 * others, one evaluation per left-out group and side gives every such metric.
 */
function deltaJackknife(
  sides: ComparedSides, units: ResamplingUnits, metrics: readonly ComparedMetric[], options: AssessOptions,
): Map<ComparedMetric, Float64Array> {
  const jackknife = new Map<ComparedMetric, Float64Array>();
  const grouped: ComparedMetric[] = [];
  for (const m of metrics) {
    const fixed = m === "smece" ? null : fixedBins(m, options);
    if (!fixed) {
      grouped.push(m);
      continue;
    }
    const b = binnedJackknife(sides.before, units, m as Exclude<ComparedMetric, "smece">, fixed);
    const a = binnedJackknife(sides.after, units, m as Exclude<ComparedMetric, "smece">, fixed);
    jackknife.set(m, a.map((x, u) => x - b[u]));
  }
  if (grouped.length === 0) return jackknife;
  const evaluate = evaluator(grouped, options);
  const valuesOf = (columns: PairColumns) => {
    const rows: MetricValues[] = [];
    jackknifeValues(columns, units, (kept) => {
      rows.push(evaluate(kept));
      return 0;
    });
    return rows;
  };
  const before = valuesOf(sides.before), after = valuesOf(sides.after);
  for (const m of grouped) jackknife.set(m, Float64Array.from(after, (a, g) => (a[m] as number) - (before[g][m] as number)));
  return jackknife;
}

/** The share of Δ* on the other side of 0 from delta, a Δ* of 0 counting ½ (docs/DESIGN.md §6.6). */
function signFlipShare(deltas: Float64Array, delta: number): number {
  if (Number.isNaN(delta)) return NaN;
  if (delta === 0) return 1;
  let flips = 0;
  for (const d of deltas) flips += d === 0 ? 0.5 : (d > 0) !== (delta > 0) ? 1 : 0;
  return flips / deltas.length;
}
