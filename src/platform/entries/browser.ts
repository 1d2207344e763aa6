// Entry for browsers (rmcal/browser): the default entry, plus the parallel functions on Web Workers
// (docs/DESIGN.md §6.10). Kept apart from the default entry so that Node, Deno, Bun and workerd users of "rmcal"
// never load a Web Worker pool, and rmcal/node's functions of the same names stay Node's.
/**
 * The library for browsers: `init`, every function of the public API, and the parallel functions on Web Workers.
 * @module rmcal/browser
 */
import type { Pairs } from "../../lib/pairs/pairs";
import type { BootstrapInterval, BootstrapOptions } from "../../lib/uncertainty/bootstrap-calibration";
import type { CalibrationComparison, ComparisonOptions } from "../../lib/uncertainty/paired-comparison";
import type { SmoothEce, SmoothEceOptions } from "../../lib/metrics/smooth-ece";
import type { Assessment, AssessOptions } from "../../lib/metrics/assess";
import type { Choices } from "../../lib/rankings/choices";
import type { FitTemperatureOptions, FittedTemperature } from "../../lib/calibrators/fit-temperature";
import { assessOnThreads, bootstrapOnThreads, compareOnThreads, fitTemperatureOnThreads, smoothEceOnThreads, type ThreadsOptions } from "../parallel/parallel-functions";
import { BROWSER_HOST } from "../browser/web-worker-pool";

export * from "./default";
export type { ThreadsOptions } from "../parallel/parallel-functions";
export { MAX_THREADS } from "../../lib/parallel/threads-option";

/**
 * bootstrapCalibration on every core, on Web Workers: the same validation, estimate and interval, with the
 * resamples computed in fixed chunks and joined in resample order, so the result has bootstrapCalibration's bits
 * whatever `threads` is (by default navigator.hardwareConcurrency for 2^22 pair draws or more). Efron &
 * Tibshirani 1993, ch. 13–14. O(R·n / threads).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight and cluster
 * @param options bootstrapCalibration's options, and threads
 * @returns what bootstrapCalibration returns
 * @throws {TypeError|RangeError} as bootstrapCalibration does, and for threads that is not an integer from 1 to 256
 * @example const interval = await bootstrapCalibrationParallel(pairs, { resamples: 2000, threads: 4 });
 */
export function bootstrapCalibrationParallel(pairs: Pairs, options: BootstrapOptions & ThreadsOptions = {}): Promise<BootstrapInterval> {
  return bootstrapOnThreads(BROWSER_HOST, pairs, options);
}

/**
 * compareCalibration on every core, on Web Workers: both sides resampled with the same units in fixed chunks,
 * the differences joined in resample order, so the result has compareCalibration's bits whatever `threads` is.
 * O(R·n / threads) per metric.
 * @param before the pairs as the first prediction scores them
 * @param after the same pairs as the second prediction scores them
 * @param options compareCalibration's options, and threads
 * @returns what compareCalibration returns
 * @throws {TypeError|RangeError} as compareCalibration does, and for threads that is not an integer from 1 to 256
 * @example const comparison = await compareCalibrationParallel(before, after, { threads: 4 });
 */
export function compareCalibrationParallel(before: Pairs, after: Pairs, options: ComparisonOptions & ThreadsOptions = {}): Promise<CalibrationComparison> {
  return compareOnThreads(BROWSER_HOST, before, after, options);
}

/**
 * smoothEce on every core, on Web Workers: the bandwidth and curve as smoothEce finds them, and the band's
 * resamples computed in fixed chunks and joined in resample order, so the result has smoothEce's bits whatever
 * `threads` is. Błasiok & Nakkiran, ICLR 2024. O(n + R·(n + M) / threads).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight and cluster
 * @param options smoothEce's options, and threads
 * @returns what smoothEce returns
 * @throws {TypeError|RangeError} as smoothEce does, and for threads that is not an integer from 1 to 256
 * @example const { curve } = await smoothEceParallel(pairs, { resamples: 1000, threads: 4 });
 */
export function smoothEceParallel(pairs: Pairs, options: SmoothEceOptions & ThreadsOptions = {}): Promise<SmoothEce> {
  return smoothEceOnThreads(BROWSER_HOST, pairs, options);
}

/**
 * assess on every core, on Web Workers: past 2^20 pairs with uniform bins, chunks of 2^20 pairs whose exact
 * partial sums merge (docs/DESIGN.md §3.8), the same bits for every `threads`, 1 included; otherwise assess, bit
 * for bit. The columns go to the workers as shared memory on a cross-origin-isolated page, else as a copy.
 * O(n / threads + chunks · bins).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight
 * @param options assess's options, and threads
 * @returns what assessParallel of rmcal/node returns
 * @throws {TypeError|RangeError} as assess does, and for threads that is not an integer from 1 to 256
 * @example const report = await assessParallel({ margin, label }, { bins: 20 });
 */
export function assessParallel(pairs: Pairs, options: AssessOptions & ThreadsOptions = {}): Promise<Assessment> {
  return assessOnThreads(BROWSER_HOST, pairs, options);
}

/**
 * fitTemperature on every core, on Web Workers, bit for bit: past 2^20 pairs each full pass of the NLL fit is cut
 * into the chunks of 2^20 pairs that fitTemperature's own passes sum, the workers sum the chunks and the calling
 * thread adds them in chunk order (docs/DESIGN.md §6.10). K-wise choices, 2^20 pairs or fewer, and threads 1 are
 * fitTemperature itself. Guo et al. 2017. O(n / threads) per pass, about three passes.
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight and cluster; or choices
 * @param options fitTemperature's options, and threads
 * @returns what fitTemperature returns
 * @throws {TypeError|RangeError} as fitTemperature does, and for threads that is not an integer from 1 to 256
 * @example const calibrator = await fitTemperatureParallel({ margin, label }, { threads: 2 });
 */
export function fitTemperatureParallel(pairs: Pairs | Choices, options: FitTemperatureOptions & ThreadsOptions = {}): Promise<FittedTemperature> {
  return fitTemperatureOnThreads(BROWSER_HOST, pairs, options);
}
