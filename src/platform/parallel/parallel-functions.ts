// The parallel twins of bootstrapCalibration, compareCalibration, smoothEce, assess and fitTemperature, for any host that can
// start threads (docs/DESIGN.md §6.10): the library plans the job and joins the chunks, the host gives only its
// core count and a pool. rmcal/node (worker threads) and rmcal/browser (Web Workers) export these under the same
// names, so the two cannot differ in validation, chunking, progress or join.
import { init } from "../entries/default";
import { toPairColumns, type PairColumns, type Pairs } from "../../lib/pairs/pairs";
import { bootstrapPlan, type BootstrapInterval, type BootstrapOptions } from "../../lib/uncertainty/bootstrap-calibration";
import { comparisonPlan, resampledDeltas, type CalibrationComparison, type ComparedMetric, type ComparisonOptions } from "../../lib/uncertainty/paired-comparison";
import { progressHook } from "../../lib/validation/abort";
import { smoothEcePlan, type SmoothEce, type SmoothEceOptions } from "../../lib/metrics/smooth-ece";
import { assessColumns, type Assessment, type AssessOptions } from "../../lib/metrics/assess";
import type { PartialJson } from "../../lib/metrics/partial-json";
import { assessChunking, assessChunkPartial, assessmentOfChunks } from "../../lib/parallel/assess-chunks";
import { withResidentPairs, PASS_CHUNK_PAIRS, type TemperatureExpansion } from "../../core/temperature";
import { isChoices, type Choices } from "../../lib/rankings/choices";
import {
  finishTemperatureFit, fitPairTemperature, fitTemperature, isSeparable, temperatureFitSettings,
  type FitTemperatureOptions, type FittedTemperature,
} from "../../lib/calibrators/fit-temperature";
import { inverseTemperatureFitSteps, type ExpansionRequest } from "../../lib/calibrators/inverse-temperature-fit";
import { expansionOf, expansionOfChunks, subsampleColumns, temperaturePassChunks, type TemperatureColumns } from "../../lib/parallel/temperature-chunks";
import { joinChunkDeltas, joinChunkValues, resampleRanges, RESAMPLING_TASKS, type ResampleRange, type ResamplingTask } from "../../lib/parallel/resampling-chunks";
import type { ChunkPool } from "./chunk-pool";
import { splitThreads, threadsFor } from "./thread-count";

export interface ThreadsOptions {
  /**
   * Threads to compute on, an integer from 1 to 256; 1 computes in the calling thread. By default the host's
   * cores (os.availableParallelism() in Node, navigator.hardwareConcurrency in a browser) when the job has at
   * least 2^22 pair draws (or reads), else 1: a worker's start costs more than a smaller job. The result has the
   * same bits whatever the number (docs/DESIGN.md §6.10).
   */
  threads?: number;
}

/** What a host brings: its core count, and its shared pool of `size` threads. */
export interface ParallelHost {
  cores(): number;
  pool(size: number): ChunkPool;
}

export async function bootstrapOnThreads(host: ParallelHost, pairs: Pairs, options: BootstrapOptions & ThreadsOptions): Promise<BootstrapInterval> {
  const cores = host.cores();
  const { threads, rest } = splitThreads(options, cores);
  await init();
  const plan = bootstrapPlan(toPairColumns(pairs), rest);
  const work = plan.resamples * plan.resampling.columns.n;
  const parts = await runChunks<Float64Array>(host, "bootstrap", plan.resampling, plan.resamples, threadsFor(threads, work, cores), plan.afterBatch);
  return plan.finish(joinChunkValues(parts));
}

export async function compareOnThreads(host: ParallelHost, before: Pairs, after: Pairs, options: ComparisonOptions & ThreadsOptions): Promise<CalibrationComparison> {
  const cores = host.cores();
  const { threads, rest } = splitThreads(options, cores);
  await init();
  const plan = comparisonPlan(before, after, rest);
  const { signal, onProgress } = plan.progress;
  const work = plan.resamples * plan.resampling.sides.before.n * plan.resampling.metrics.length;
  const count = threadsFor(threads, work, cores);
  if (count === 1) {
    // One thread: compareCalibration's own loop, whose progress counts each metric's passes.
    const { sides, metrics, sideOptions, seed } = plan.resampling;
    return plan.finish(resampledDeltas(sides, plan.units, metrics, sideOptions, plan.resamples, seed, plan.progress));
  }
  const afterChunk = progressHook(signal, onProgress, plan.resamples, "compareCalibration");
  const parts = await runChunks<Map<ComparedMetric, Float64Array>>(host, "comparison", plan.resampling, plan.resamples, count, afterChunk);
  return plan.finish(joinChunkDeltas(parts));
}

export async function smoothEceOnThreads(host: ParallelHost, pairs: Pairs, options: SmoothEceOptions & ThreadsOptions): Promise<SmoothEce> {
  const cores = host.cores();
  const { threads, rest } = splitThreads(options, cores);
  await init();
  const plan = smoothEcePlan(toPairColumns(pairs), rest);
  if (plan.band === null) return plan.finish(null);
  const work = plan.resamples * plan.band.columns.n;
  const parts = await runChunks<Float64Array>(host, "smoothBand", plan.band, plan.resamples, threadsFor(threads, work, cores), plan.afterResample);
  return plan.finish(joinChunkValues(parts));
}

export async function assessOnThreads(host: ParallelHost, pairs: Pairs, options: AssessOptions & ThreadsOptions): Promise<Assessment> {
  const cores = host.cores();
  const { threads, rest } = splitThreads(options, cores);
  await init();
  const columns = toPairColumns(pairs);
  const plan = assessChunking(columns, rest);
  if (plan === null) return assessColumns(columns, rest);
  const { chunking, ranges } = plan;
  const count = threadsFor(threads, columns.n, cores);
  if (count === 1) return assessmentOfChunks(ranges.map((range) => assessChunkPartial(chunking, range)), rest);
  const sent = { ...chunking, columns: columnsToSend(chunking.columns) };
  return assessmentOfChunks(await host.pool(count).run<PartialJson>("assessChunk", sent, ranges), rest);
}

export async function fitTemperatureOnThreads(
  host: ParallelHost, pairs: Pairs | Choices, options: FitTemperatureOptions & ThreadsOptions,
): Promise<FittedTemperature> {
  const cores = host.cores();
  const { threads, rest } = splitThreads(options, cores);
  await init();
  const settings = temperatureFitSettings(rest);
  if (isChoices(pairs)) return fitTemperature(pairs, rest);
  const columns = toPairColumns(pairs);
  const count = threadsFor(threads, columns.n, cores);
  if (count === 1 || columns.n <= PASS_CHUNK_PAIRS) return fitPairTemperature(columns, settings);
  const separable = isSeparable(columns);
  const { tLow, tHigh } = settings.bounds;
  const sent = columnsToSend(columns);
  const input: TemperatureColumns = { margin: sent.margin, label: sent.label, weight: sent.weight };
  let subsample: { stride: number; columns: TemperatureColumns } | null = null;
  const pass = async ({ a, withLoss, stride }: ExpansionRequest): Promise<TemperatureExpansion> => {
    if (stride === 1) return expansionOfChunks(a, await host.pool(count).run<Float64Array>("temperatureChunk", input, temperaturePassChunks(columns.n, { a, withLoss })));
    // The warm start's passes cover about 2^17 pairs: here, on the subsample gathered once.
    if (subsample?.stride !== stride) subsample = { stride, columns: subsampleColumns(columns, stride) };
    return expansionOf(subsample.columns, a, withLoss);
  };
  const steps = inverseTemperatureFitSteps(columns.n, tLow, tHigh, separable);
  let step = steps.next();
  while (!step.done) step = steps.next(await pass(step.value));
  const fitted = step.value;
  return withResidentPairs(columns.margin, columns.label, columns.weight, (resident) => finishTemperatureFit(resident, columns, settings, separable, fitted));
}

/**
 * The values of `resamples` resamples of a task, in chunks in resample order: on the host's pool, or with one
 * thread as one range in the calling thread (a resample's value does not depend on the range it is computed in,
 * so this is the same bits without the chunks' setup). `afterChunk(done)` gets the resamples done and may throw
 * to stop.
 */
async function runChunks<Part>(
  host: ParallelHost, task: ResamplingTask, input: unknown, resamples: number, threads: number, afterChunk?: (done: number) => void,
): Promise<Part[]> {
  if (threads === 1) {
    const run = RESAMPLING_TASKS[task] as (input: unknown, range: ResampleRange, afterBatch?: (done: number) => void) => Part;
    return [run(input, { first: 0, count: resamples }, afterChunk)];
  }
  const ranges = resampleRanges(resamples, task);
  // Chunks finish in any order and all but the last have one size: progress counts resamples done, whichever.
  return host.pool(threads).run<Part>(task, input, ranges, afterChunk && ((finished) => afterChunk(Math.min(resamples, finished * ranges[0].count))));
}

/**
 * The columns an assess chunk reads, as the threads get them. Where memory can be shared (Node; a page that is
 * cross-origin isolated), in SharedArrayBuffers: every thread reads its chunks in place, after one copy here
 * unless the caller's arrays are shared already. Elsewhere (a page without cross-origin isolation has no
 * SharedArrayBuffer) the plain arrays, which postMessage copies to each thread once per job. O(n).
 */
function columnsToSend(columns: PairColumns): PairColumns {
  const canShare = typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  const share = (column: Float64Array | null): Float64Array | null => {
    if (column === null || !canShare || column.buffer instanceof SharedArrayBuffer) return column;
    const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
    shared.set(column);
    return shared;
  };
  return { ...columns, margin: share(columns.margin)!, label: share(columns.label), weight: share(columns.weight), scoreA: null, scoreB: null, cluster: null };
}
