// The resampling functions on every core: bootstrapCalibration, compareCalibration and smoothEce's band, their
// resamples cut into fixed chunks that worker threads compute (docs/DESIGN.md §6.10).
import { init } from "../entries/default";
import { toPairColumns, type Pairs } from "../../lib/pairs/pairs";
import { bootstrapPlan, type BootstrapInterval, type BootstrapOptions } from "../../lib/uncertainty/bootstrap-calibration";
import { comparisonPlan, resampledDeltas, type CalibrationComparison, type ComparedMetric, type ComparisonOptions } from "../../lib/uncertainty/paired-comparison";
import { progressHook } from "../../lib/validation/abort";
import { smoothEcePlan, type SmoothEce, type SmoothEceOptions } from "../../lib/metrics/smooth-ece";
import { joinChunkDeltas, joinChunkValues, resampleRanges, RESAMPLING_TASKS, type ResampleRange, type ResamplingTask } from "../../lib/parallel/resampling-chunks";
import { splitThreads, threadsFor } from "./thread-count";
import { sharedPool } from "./worker-pool";

export interface ThreadsOptions {
  /**
   * Threads to compute on, an integer from 1 to 256; 1 computes in the calling thread. By default the machine's
   * cores (os.availableParallelism()) when the job has at least 2^22 pair draws (or reads), else 1: a worker's start
   * costs more than a smaller job. The result has the same bits whatever the number (docs/DESIGN.md §6.10).
   */
  threads?: number;
}

/**
 * bootstrapCalibration on every core: the same validation, estimate and interval, with the resamples computed by
 * worker threads in fixed chunks and joined in resample order, so the result has bootstrapCalibration's bits
 * whatever `threads` is. Efron & Tibshirani 1993, ch. 13–14. O(R·n / threads) (see bootstrapCalibration).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight and cluster
 * @param options bootstrapCalibration's options, and threads
 * @returns what bootstrapCalibration returns
 * @throws {TypeError|RangeError} as bootstrapCalibration does, and for threads that is not an integer from 1 to 256
 * @example const interval = await bootstrapCalibrationParallel(pairs, { resamples: 2000, threads: 4 });
 */
export async function bootstrapCalibrationParallel(pairs: Pairs, options: BootstrapOptions & ThreadsOptions = {}): Promise<BootstrapInterval> {
  const { threads, rest } = splitThreads(options);
  await init();
  const plan = bootstrapPlan(toPairColumns(pairs), rest);
  const work = plan.resamples * plan.resampling.columns.n;
  const parts = await runChunks<Float64Array>("bootstrap", plan.resampling, plan.resamples, threadsFor(threads, work), plan.afterBatch);
  return plan.finish(joinChunkValues(parts));
}

/**
 * compareCalibration on every core: both sides resampled with the same units in fixed chunks on worker threads,
 * the differences joined in resample order, so the result has compareCalibration's bits whatever `threads` is.
 * O(R·n / threads) per metric (see compareCalibration).
 * @param before the pairs as the first prediction scores them
 * @param after the same pairs as the second prediction scores them
 * @param options compareCalibration's options, and threads
 * @returns what compareCalibration returns
 * @throws {TypeError|RangeError} as compareCalibration does, and for threads that is not an integer from 1 to 256
 * @example const comparison = await compareCalibrationParallel(before, after, { threads: 4 });
 */
export async function compareCalibrationParallel(before: Pairs, after: Pairs, options: ComparisonOptions & ThreadsOptions = {}): Promise<CalibrationComparison> {
  const { threads, rest } = splitThreads(options);
  await init();
  const plan = comparisonPlan(before, after, rest);
  const { signal, onProgress } = plan.progress;
  const work = plan.resamples * plan.resampling.sides.before.n * plan.resampling.metrics.length;
  const count = threadsFor(threads, work);
  if (count === 1) {
    // One thread: compareCalibration's own loop, whose progress counts each metric's passes.
    const { sides, metrics, sideOptions, seed } = plan.resampling;
    return plan.finish(resampledDeltas(sides, plan.units, metrics, sideOptions, plan.resamples, seed, plan.progress));
  }
  const afterChunk = progressHook(signal, onProgress, plan.resamples, "compareCalibration");
  const parts = await runChunks<Map<ComparedMetric, Float64Array>>("comparison", plan.resampling, plan.resamples, count, afterChunk);
  return plan.finish(joinChunkDeltas(parts));
}

/**
 * smoothEce on every core: the bandwidth and curve as smoothEce finds them, and the band's resamples (with
 * options.resamples) computed by worker threads in fixed chunks and joined in resample order, so the result has
 * smoothEce's bits whatever `threads` is. Błasiok & Nakkiran, ICLR 2024. O(n + R·(n + M) / threads).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight and cluster
 * @param options smoothEce's options, and threads
 * @returns what smoothEce returns
 * @throws {TypeError|RangeError} as smoothEce does, and for threads that is not an integer from 1 to 256
 * @example const { curve } = await smoothEceParallel(pairs, { resamples: 1000, threads: 4 });
 */
export async function smoothEceParallel(pairs: Pairs, options: SmoothEceOptions & ThreadsOptions = {}): Promise<SmoothEce> {
  const { threads, rest } = splitThreads(options);
  await init();
  const plan = smoothEcePlan(toPairColumns(pairs), rest);
  if (plan.band === null) return plan.finish(null);
  const work = plan.resamples * plan.band.columns.n;
  const parts = await runChunks<Float64Array>("smoothBand", plan.band, plan.resamples, threadsFor(threads, work), plan.afterResample);
  return plan.finish(joinChunkValues(parts));
}

/**
 * The values of `resamples` resamples of a task, in chunks in resample order: on the shared pool, or with one
 * thread as one range in the calling thread (a resample's value does not depend on the range it is computed in,
 * so this is the same bits without the chunks' setup). `afterChunk(done)` gets the resamples done and may throw
 * to stop.
 */
async function runChunks<Part>(
  task: ResamplingTask, input: unknown, resamples: number, threads: number, afterChunk?: (done: number) => void,
): Promise<Part[]> {
  if (threads === 1) {
    const run = RESAMPLING_TASKS[task] as (input: unknown, range: ResampleRange, afterBatch?: (done: number) => void) => Part;
    return [run(input, { first: 0, count: resamples }, afterChunk)];
  }
  const ranges = resampleRanges(resamples);
  // Chunks finish in any order and all but the last have one size: progress counts resamples done, whichever.
  return sharedPool(threads).run<Part>(task, input, ranges, afterChunk && ((finished) => afterChunk(Math.min(resamples, finished * ranges[0].count))));
}
