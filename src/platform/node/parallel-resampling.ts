// The resampling functions on every core: bootstrapCalibration, compareCalibration and smoothEce's band, their
// resamples cut into fixed chunks that worker threads compute (docs/DESIGN.md §6.10). The functions themselves
// are the hosts' shared ones (platform/parallel/parallel-functions.ts); Node brings its cores and worker threads.
import type { Pairs } from "../../lib/pairs/pairs";
import type { BootstrapInterval, BootstrapOptions } from "../../lib/uncertainty/bootstrap-calibration";
import type { CalibrationComparison, ComparisonOptions } from "../../lib/uncertainty/paired-comparison";
import type { SmoothEce, SmoothEceOptions } from "../../lib/metrics/smooth-ece";
import { bootstrapOnThreads, compareOnThreads, smoothEceOnThreads, type ThreadsOptions } from "../parallel/parallel-functions";
import { NODE_HOST } from "./node-host";

export type { ThreadsOptions } from "../parallel/parallel-functions";

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
export function bootstrapCalibrationParallel(pairs: Pairs, options: BootstrapOptions & ThreadsOptions = {}): Promise<BootstrapInterval> {
  return bootstrapOnThreads(NODE_HOST, pairs, options);
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
export function compareCalibrationParallel(before: Pairs, after: Pairs, options: ComparisonOptions & ThreadsOptions = {}): Promise<CalibrationComparison> {
  return compareOnThreads(NODE_HOST, before, after, options);
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
export function smoothEceParallel(pairs: Pairs, options: SmoothEceOptions & ThreadsOptions = {}): Promise<SmoothEce> {
  return smoothEceOnThreads(NODE_HOST, pairs, options);
}
