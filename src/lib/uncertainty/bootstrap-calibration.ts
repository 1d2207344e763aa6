// Bootstrap intervals for calibration metrics (BCa by default), resampling whole pairs or whole clusters.
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { ASSESS_OPTION_KEYS, assessColumns, type AssessOptions } from "../metrics/assess";
import { uniformLayout } from "../metrics/bin-edges";
import type { BinnedMetric } from "../../core/bootstrap";
import { smoothEceColumns } from "../metrics/smooth-ece";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { sortedCopy } from "../sort/sorted-copy";
import { resampled, resamplingUnits, resampleUnitIndices, jackknifeValues, type ResamplingUnits } from "./resampling-units";
import { binnedJackknife, type FixedBinOptions } from "./binned-jackknife";
import { binnedBootstrap } from "./binned-bootstrap";
import { bootstrapInterval, BOOTSTRAP_METHODS, type BootstrapMethod } from "./bootstrap-interval";
import { progressHook, progressOption, signalOption, throwIfAborted, type ProgressCallback, type SignalLike } from "../validation/abort";

export type BootstrapMetric = BinnedMetric | "smece";

export interface BootstrapOptions extends AssessOptions {
  /** The metric to bootstrap (default "ece"); "smece" is smoothEce's smece. */
  metric?: BootstrapMetric;
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Coverage of the interval (default 0.9). */
  confidence?: number;
  /**
   * "bca" (default), "percentile" or "basic", as scipy.stats.bootstrap names them (docs/DESIGN.md §6.4). Not
   * `interval`, which assess's options already use for the per-bin interval.
   */
  method?: BootstrapMethod;
  /** Integer seed of the resampling stream, 0 ≤ seed < 2^53 (default 0): the same seed gives the same bits. */
  seed?: number;
  /**
   * Stops the run between batches of resamples with an error of code "aborted" (name "AbortError"), freeing its
   * memory. The call is synchronous: abort from onProgress, or before the call.
   */
  signal?: SignalLike;
  /** Called between batches of resamples with the number done and the total. */
  onProgress?: ProgressCallback;
}

const BOOTSTRAP_OPTION_KEYS = optionKeys<BootstrapOptions>()([
  ...ASSESS_OPTION_KEYS, "metric", "resamples", "confidence", "method", "seed", "signal", "onProgress",
]);

export interface BootstrapInterval {
  metric: BootstrapMetric;
  /** The metric on the full data. */
  estimate: number;
  /** Interval bounds. A BCa interval of a biased metric (binned ECE) may lie wholly below the estimate. */
  low: number;
  high: number;
  confidence: number;
  /**
   * The method the bounds come from: the one asked for, or "percentile" where BCa is undefined (every resampled
   * value on one side of the estimate, or an acceleration that leaves no level in [0, 1]).
   */
  method: BootstrapMethod;
  /** BCa only: the bias correction z₀ and the acceleration a. */
  biasCorrection?: number;
  acceleration?: number;
  /** What was resampled whole: "pairs", or "clusters" when the pairs have a cluster column. */
  unit: "pairs" | "clusters";
  /** The number of units resampled: pairs (of non-zero weight) or clusters. */
  units: number;
  /** Number of resamples. */
  resamples: number;
  seed: number;
  /** The metric on each resample, in resample order. */
  distribution: Float64Array;
}

const METRICS = ["ece", "rmsce", "mce", "rmsceDebiased", "nll", "brier", "accuracy", "smece"] as const;
export const MAX_RESAMPLES = 10_000_000;

/**
 * Bootstrap interval of a calibration metric: the pairs are resampled with replacement (a pair is drawn whole,
 * never one orientation of it; with a cluster column, whole clusters are drawn), the metric is computed on each
 * resample, and the interval is the BCa interval of those values (or the percentile or basic one). BCa's
 * acceleration comes from a jackknife over the same units: exact (every unit left out, from the bin sums) for
 * uniform bins, NLL, Brier and accuracy; grouped into at most 100 groups otherwise (docs/DESIGN.md §6.4).
 * The stream is seeded integer arithmetic in WebAssembly, so results are reproducible bit for bit in every
 * runtime. Bins stay fixed for uniform binning; quantile and sweep bins are recomputed on each resample, as assess
 * would on that data.
 * Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13–14; Davison & Hinkley, "Bootstrap Methods
 * and their Application", 1997, §3.8 (resampling clusters).
 * O(R·n) for uniform-bin metrics, NLL, Brier and accuracy (one pass per resample, in WebAssembly, pairs or clusters);
 * O(R·n log n) for quantile and sweep bins; R smoothEce calls for "smece"; plus the jackknife.
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight
 * @param options metric, resamples, confidence, seed, and assess's options (bins, binning, view, temperature)
 * @returns the estimate on the full data, the interval and the resampled values
 * @throws {TypeError|RangeError} naming the field and index of the first invalid value, or the invalid option
 * @example bootstrapCalibration({ margin: [2, -1, 0.5, 3, -2, 1.5, 0.2, -0.7], label: [1, 0, 0, 1, 1, 1, 0, 1] }, { bins: 5, resamples: 200, seed: 7 }).high // => 0.49023482...
 */
export function bootstrapCalibration(pairs: Pairs, options?: BootstrapOptions): BootstrapInterval {
  return bootstrapCalibrationColumns(toPairColumns(pairs), options);
}

/** `bootstrapCalibration` on pairs already validated by toPairColumns. */
export function bootstrapCalibrationColumns(all: PairColumns, options?: BootstrapOptions): BootstrapInterval {
  const plan = bootstrapPlan(all, options);
  return plan.finish(bootstrapValues(plan.resampling, 0, plan.resamples, plan.afterBatch, plan.units));
}

/**
 * What a range of resamples needs, as plain data (typed arrays, numbers, strings), so it crosses to a worker by
 * structured clone: the pairs of non-zero weight, the metric, assess's options and the seed.
 */
export interface BootstrapResampling {
  readonly columns: PairColumns;
  readonly metric: BootstrapMetric;
  readonly assessOptions: AssessOptions;
  readonly seed: number;
}

/**
 * A validated bootstrap, split where it parallelizes (docs/DESIGN.md §6.10): the resampled values, computed by
 * bootstrapValues over any ranges of resamples, and `finish`, which takes them in resample order and adds the
 * estimate, the jackknife and the interval.
 */
export interface BootstrapPlan {
  readonly resampling: BootstrapResampling;
  readonly resamples: number;
  readonly units: ResamplingUnits;
  /** The progress and abort hook of options.signal and options.onProgress, called with the resamples done. */
  readonly afterBatch: ((done: number) => void) | undefined;
  finish(distribution: Float64Array): BootstrapInterval;
}

/**
 * Validates a bootstrap's pairs and options and computes its estimate; the resampled values are left to
 * bootstrapValues. O(n) plus one evaluation of the metric.
 * @throws {TypeError|RangeError} naming the field and index of the first invalid value, or the invalid option
 */
export function bootstrapPlan(all: PairColumns, options?: BootstrapOptions): BootstrapPlan {
  const o = optionsObject(options, BOOTSTRAP_OPTION_KEYS);
  // Pairs of weight 0 change no metric; leaving them out keeps every resample's total weight positive.
  const columns = withoutZeroWeights(all);
  const metric = choiceOption(o.metric ?? "ece", "options.metric", METRICS);
  const resamples = integerOption(o.resamples ?? 1000, "options.resamples", 1, MAX_RESAMPLES);
  const confidence = numberOption(o.confidence ?? 0.9, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const method = choiceOption(o.method ?? "bca", "options.method", BOOTSTRAP_METHODS);
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, Number.MAX_SAFE_INTEGER);
  const signal = signalOption(o.signal, "options.signal");
  const onProgress = progressOption(o.onProgress, "options.onProgress");
  // Only assess's own keys go on to assess, which refuses any other (docs/DESIGN.md §8.2).
  const assessOptions: AssessOptions = Object.fromEntries(ASSESS_OPTION_KEYS.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));
  const value = metricOf(metric, assessOptions);
  const estimate = value(columns); // validates the assess options too
  throwIfAborted(signal, "bootstrapCalibration");
  const units = resamplingUnits(columns);
  const finish = (distribution: Float64Array): BootstrapInterval => {
    const fixed = metric === "smece" ? null : fixedBins(metric, assessOptions);
    // The exact jackknife where the bins are fixed; the grouped one where they move with the data (§6.4).
    const jackknife = method !== "bca" ? null
      : fixed ? binnedJackknife(columns, units, metric as BinnedMetric, fixed) : jackknifeValues(columns, units, value);
    const bounds = bootstrapInterval(sortedCopy(distribution), estimate, confidence, method, jackknife);
    return {
      metric, estimate, confidence, resamples, seed, distribution, ...bounds,
      unit: columns.cluster ? "clusters" : "pairs", units: units.count,
    };
  };
  return {
    resampling: { columns, metric, assessOptions, seed }, resamples, units, finish,
    afterBatch: progressHook(signal, onProgress, resamples, "bootstrapCalibration"),
  };
}

/**
 * The metric on resamples first … first + count − 1 of a bootstrap: resample r draws resampleUnitIndices(units,
 * seed, r), whatever range it is computed in, so ranges computed apart and joined in order give the bits of one
 * run. The WebAssembly kernel where the bins are fixed; quantile, sweep and smece recomputed per resample.
 * O(count·n) (O(count·n log n) recomputed). `afterBatch(done)` runs between batches and may throw to stop.
 */
export function bootstrapValues(
  resampling: BootstrapResampling, first: number, count: number, afterBatch?: (done: number) => void,
  units = resamplingUnits(resampling.columns),
): Float64Array {
  const { columns, metric, assessOptions, seed } = resampling;
  const fixed = metric === "smece" ? null : fixedBins(metric, assessOptions);
  if (fixed) return binnedBootstrap(columns, units, metric as BinnedMetric, fixed, count, seed, afterBatch, first);
  const value = metricOf(metric, assessOptions);
  return Float64Array.from({ length: count }, (_, j) => {
    const x = value(resampled(columns, resampleUnitIndices(units, seed, first + j)));
    afterBatch?.(j + 1);
    return x;
  });
}

function metricOf(metric: BootstrapMetric, options: AssessOptions): (columns: PairColumns) => number {
  if (metric === "smece") {
    const { view, temperature } = options;
    return (columns) => smoothEceColumns(columns, { view, temperature }).smece;
  }
  return (columns) => assessColumns(columns, options)[metric];
}

/**
 * The fixed bins of `metric` under assess's options: uniform bins for the binned errors, or any for NLL, Brier and
 * accuracy, which bin nothing; null when the bins move with the data (quantile or sweep), so resamples and the
 * jackknife recompute them. The paired comparison asks too (docs/DESIGN.md §6.6): this is the rule's one home.
 */
export function fixedBins(metric: BinnedMetric, options: AssessOptions): FixedBinOptions | null {
  const binned = metric === "ece" || metric === "rmsce" || metric === "mce" || metric === "rmsceDebiased";
  if (binned && (options.bins === "sweep" || (options.binning ?? "uniform") !== "uniform")) return null;
  const folded = (options.view ?? "folded") === "folded";
  const nBins = typeof options.bins === "number" ? options.bins : 15;
  return {
    temperature: options.temperature ?? 1, folded, layout: uniformLayout(nBins, folded ? 0.5 : 0),
    mceMinCount: options.mceMinCount ?? 1,
  };
}

/** The pairs of non-zero weight (the same object when there are none of weight 0), in pair order. */
export function withoutZeroWeights(columns: PairColumns): PairColumns {
  const { weight } = columns;
  if (!weight || weight.every((w) => w > 0)) return columns;
  const kept: number[] = [];
  weight.forEach((w, i) => {
    if (w > 0) kept.push(i);
  });
  return resampled(columns, Int32Array.from(kept));
}
