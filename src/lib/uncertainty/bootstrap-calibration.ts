// Percentile-bootstrap intervals for calibration metrics, resampling whole pairs.
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { ASSESS_OPTION_KEYS, assessColumns, type AssessOptions } from "../metrics/assess";
import { uniformLayout } from "../metrics/bin-edges";
import { bootstrapBinnedMetric, resampleIndices, type BinnedMetric } from "../../core/bootstrap";
import { smoothEceColumns } from "../metrics/smooth-ece";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { sortedCopy } from "../sort/sorted-copy";
import { linearQuantile } from "./linear-quantile";
import { progressHook, progressOption, signalOption, throwIfAborted, type ProgressCallback, type SignalLike } from "../validation/abort";

export type BootstrapMetric = BinnedMetric | "smece";

export interface BootstrapOptions extends AssessOptions {
  /** The metric to bootstrap (default "ece"); "smece" is smoothEce's smece. */
  metric?: BootstrapMetric;
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Coverage of the percentile interval (default 0.9). */
  confidence?: number;
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
  ...ASSESS_OPTION_KEYS, "metric", "resamples", "confidence", "seed", "signal", "onProgress",
]);

export interface BootstrapInterval {
  metric: BootstrapMetric;
  /** The metric on the full data. */
  estimate: number;
  /** Percentile interval bounds: the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the resampled metric. */
  low: number;
  high: number;
  confidence: number;
  /** Number of resamples. */
  resamples: number;
  seed: number;
  /** The metric on each resample, in resample order. */
  distribution: Float64Array;
}

const METRICS = ["ece", "rmsce", "mce", "rmsceDebiased", "nll", "brier", "accuracy", "smece"] as const;
const MAX_RESAMPLES = 10_000_000;

/**
 * Bootstrap interval of a calibration metric: the pairs are resampled with replacement (a pair is drawn whole,
 * never one orientation of it), the metric is computed on each resample, and the interval is the percentile
 * interval of those values. The stream is seeded integer arithmetic in WebAssembly, so results are reproducible
 * bit for bit in every runtime. Bins stay fixed for uniform binning; quantile and sweep bins are recomputed on
 * each resample, as assess would on that data.
 * Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13 (percentile interval).
 * O(R·n) for uniform-bin metrics, NLL, Brier and accuracy (one pass per resample, in WebAssembly);
 * O(R·n log n) for quantile and sweep bins; R smoothEce calls for "smece".
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight
 * @param options metric, resamples, confidence, seed, and assess's options (bins, binning, view, temperature)
 * @returns the estimate on the full data, the interval and the resampled values
 * @throws {TypeError|RangeError} naming the field and index of the first invalid value, or the invalid option
 * @example bootstrapCalibration({ margin: [2, -1, 0.5, 3, -2, 1.5, 0.2, -0.7], label: [1, 0, 0, 1, 1, 1, 0, 1] }, { bins: 5, resamples: 200, seed: 7 }).high // => 0.56109436...
 */
export function bootstrapCalibration(pairs: Pairs, options?: BootstrapOptions): BootstrapInterval {
  return bootstrapCalibrationColumns(toPairColumns(pairs), options);
}

/** `bootstrapCalibration` on pairs already validated by toPairColumns. */
export function bootstrapCalibrationColumns(all: PairColumns, options?: BootstrapOptions): BootstrapInterval {
  const o = optionsObject(options, BOOTSTRAP_OPTION_KEYS);
  // Pairs of weight 0 change no metric; leaving them out keeps every resample's total weight positive.
  const columns = withoutZeroWeights(all);
  const metric = choiceOption(o.metric ?? "ece", "options.metric", METRICS);
  const resamples = integerOption(o.resamples ?? 1000, "options.resamples", 1, MAX_RESAMPLES);
  const confidence = numberOption(o.confidence ?? 0.9, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, Number.MAX_SAFE_INTEGER);
  const signal = signalOption(o.signal, "options.signal");
  const onProgress = progressOption(o.onProgress, "options.onProgress");
  // Only assess's own keys go on to assess, which refuses any other (docs/DESIGN.md §8.2).
  const assessOptions: AssessOptions = Object.fromEntries(ASSESS_OPTION_KEYS.filter((k) => Object.hasOwn(o, k)).map((k) => [k, o[k]]));
  const value = metricOf(metric, assessOptions);
  const estimate = value(columns); // validates the assess options too
  throwIfAborted(signal, "bootstrapCalibration");
  const afterBatch = progressHook(signal, onProgress, resamples, "bootstrapCalibration");
  const distribution = fastPath(columns, metric, assessOptions, resamples, seed, afterBatch)
    ?? Float64Array.from({ length: resamples }, (_, r) => {
      const x = value(resampled(columns, resampleIndices(columns.n, seed, r)));
      afterBatch?.(r + 1);
      return x;
    });
  const sorted = sortedCopy(distribution);
  return {
    metric, estimate, confidence, resamples, seed, distribution,
    low: linearQuantile(sorted, (1 - confidence) / 2),
    high: linearQuantile(sorted, (1 + confidence) / 2),
  };
}

function metricOf(metric: BootstrapMetric, options: AssessOptions): (columns: PairColumns) => number {
  if (metric === "smece") {
    const { view, temperature } = options;
    return (columns) => smoothEceColumns(columns, { view, temperature }).smece;
  }
  return (columns) => assessColumns(columns, options)[metric];
}

/** The one-pass WebAssembly bootstrap, when the bins do not depend on the resample; otherwise null. */
function fastPath(
  columns: PairColumns, metric: BootstrapMetric, options: AssessOptions, resamples: number, seed: number,
  afterBatch: ((done: number) => void) | undefined,
): Float64Array | null {
  if (metric === "smece") return null;
  const binned = metric === "ece" || metric === "rmsce" || metric === "mce" || metric === "rmsceDebiased";
  if (binned && (options.bins === "sweep" || (options.binning ?? "uniform") !== "uniform")) return null;
  // The kernel's MCE takes every non-empty bin; another minimum count goes through assess.
  if (metric === "mce" && (options.mceMinCount ?? 1) !== 1) return null;
  const folded = (options.view ?? "folded") === "folded";
  const nBins = typeof options.bins === "number" ? options.bins : 15;
  return bootstrapBinnedMetric(columns.margin, columns.label, columns.weight, options.temperature ?? 1, folded,
    uniformLayout(nBins, folded ? 0.5 : 0), metric, resamples, seed, afterBatch);
}

function withoutZeroWeights(columns: PairColumns): PairColumns {
  const { weight } = columns;
  if (!weight || weight.every((w) => w > 0)) return columns;
  const kept: number[] = [];
  weight.forEach((w, i) => {
    if (w > 0) kept.push(i);
  });
  return resampled(columns, Int32Array.from(kept));
}

/** The pairs at the given indices (a bootstrap resample). */
export function resampled(columns: PairColumns, indices: Int32Array): PairColumns {
  const pick = (column: Float64Array | null) => (column ? Float64Array.from(indices, (i) => column[i]) : null);
  return {
    shape: columns.shape, n: indices.length, margin: pick(columns.margin) as Float64Array,
    label: pick(columns.label), weight: pick(columns.weight), scoreA: pick(columns.scoreA), scoreB: pick(columns.scoreB),
  };
}
