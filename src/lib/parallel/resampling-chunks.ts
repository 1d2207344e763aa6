// How a resampling job splits into chunks that workers compute apart, and how their results join, in a fixed order
// (docs/DESIGN.md §6.10). Pure and synchronous: the platform decides where a chunk runs (this thread, a worker
// thread, a Web Worker); nothing here knows.
import { bootstrapValues, type BootstrapResampling } from "../uncertainty/bootstrap-calibration";
import { resampledDeltas, type ComparedMetric, type ComparisonResampling } from "../uncertainty/paired-comparison";
import { resamplingUnits } from "../uncertainty/resampling-units";
import { smoothBandCurves, type SmoothBandResampling } from "../uncertainty/smooth-curve-band";

/**
 * A job's resamples are cut into at most this many chunks, whatever the number of workers: enough for a few
 * dozen workers to share the load. The count never depends on the workers (nor could the values: resample r's
 * value depends only on the seed and r).
 */
const RESAMPLE_CHUNKS = 64;

/**
 * The fewest resamples in a chunk, by task. A bootstrap or comparison chunk prepares its pairs once (the kernel's
 * per-pair records, an exp and a log per pair), which costs about five resamples' draws (measured at 10^6 pairs:
 * chunks of 4 took 1.6× the CPU time of one range), so such a chunk holds at least 16. A smooth-ECE band chunk
 * prepares only the resampling units, and each of its resamples recomputes a whole curve (seconds at 10^7 pairs),
 * so one resample is chunk enough: a band of 10 resamples would otherwise be one chunk, on one thread.
 */
const MIN_CHUNK_RESAMPLES: Readonly<Record<ResamplingTask, number>> = { bootstrap: 16, comparison: 16, smoothBand: 1 };

/** Resamples first … first + count − 1 of a job. */
export interface ResampleRange {
  readonly first: number;
  readonly count: number;
}

/**
 * The chunks of a job of R resamples of a task, in resample order: ranges of max(⌈R/64⌉, the task's fewest)
 * resamples, the last one possibly shorter, so at most 64. O(1) per chunk.
 * @example resampleRanges(130, "bootstrap").length // => 9
 */
export function resampleRanges(resamples: number, task: ResamplingTask): ResampleRange[] {
  const size = Math.max(MIN_CHUNK_RESAMPLES[task], Math.ceil(resamples / RESAMPLE_CHUNKS));
  const ranges: ResampleRange[] = [];
  for (let first = 0; first < resamples; first += size) ranges.push({ first, count: Math.min(size, resamples - first) });
  return ranges;
}

/**
 * The chunk functions a worker runs, by name: each takes a job's input (plain data, sent once per worker) and one
 * range, and returns that range's resampled values; `afterBatch(done)`, in the calling thread only, reports
 * progress between batches and may throw to stop.
 */
export const RESAMPLING_TASKS = {
  bootstrap: (input: BootstrapResampling, range: ResampleRange, afterBatch?: (done: number) => void): Float64Array =>
    bootstrapValues(input, range.first, range.count, afterBatch),
  comparison: (input: ComparisonResampling, range: ResampleRange): Map<ComparedMetric, Float64Array> =>
    resampledDeltas(input.sides, resamplingUnits(input.sides.before), input.metrics, input.sideOptions, range.count, input.seed, {}, true, range.first),
  smoothBand: (input: SmoothBandResampling, range: ResampleRange, afterBatch?: (done: number) => void): Float64Array =>
    smoothBandCurves(input, range.first, range.count, afterBatch),
};

export type ResamplingTask = keyof typeof RESAMPLING_TASKS;

/**
 * The chunks' values joined in chunk order, which is resample order: the array one run over every resample gives.
 * @example joinChunkValues([Float64Array.of(1, 2), Float64Array.of(3)]) // => Float64Array [1, 2, 3]
 */
export function joinChunkValues(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Each metric's differences joined in chunk order, as joinChunkValues joins one metric's. */
export function joinChunkDeltas(parts: readonly Map<ComparedMetric, Float64Array>[]): Map<ComparedMetric, Float64Array> {
  const joined = new Map<ComparedMetric, Float64Array>();
  for (const metric of parts[0].keys()) joined.set(metric, joinChunkValues(parts.map((part) => part.get(metric)!)));
  return joined;
}
