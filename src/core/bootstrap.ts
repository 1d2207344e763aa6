// Typed wrappers of the resampling kernels (assembly/random.ts, assembly/bootstrap.ts).
import { kernels } from "./instance";
import { withScope } from "./memory";
import { binLayoutArguments } from "./binning";
import type { BinLayout } from "./bin-layout";

/** Metric codes of assembly/bootstrap.ts. */
export const BINNED_METRIC_CODES = {
  ece: 0, rmsce: 1, mce: 2, rmsceDebiased: 3, nll: 4, brier: 5, accuracy: 6,
} as const;
export type BinnedMetric = keyof typeof BINNED_METRIC_CODES;

/** The n pair indices, drawn with replacement, of resample `resample` of the stream `seed`. */
export function resampleIndices(n: number, seed: number, resample: number): Int32Array {
  return withScope((scope) => {
    const out = scope.f64Out(Math.ceil(n / 2));
    const k = kernels();
    k.resampleIndices(n, seed, resample, out);
    return new Int32Array(k.memory.buffer, out, n).slice();
  });
}

/**
 * About this many pair draws per kernel call: a chunk of resamples takes some milliseconds, so `afterChunk` can
 * report progress and stop the run between chunks (docs/DESIGN.md §6.3) at a cost of one call per chunk.
 */
const DRAWS_PER_CHUNK = 1 << 22;

/**
 * Whole clusters to draw instead of pairs (docs/DESIGN.md §6.5): `count` units, and the unit of each pair as a
 * code in [0, count).
 */
export interface DrawnUnits {
  readonly count: number;
  readonly unitOfPair: Int32Array;
}

/**
 * The metric on each of `resamples` resamples, with the bins of `layout` held fixed: resamples of the pairs, or of
 * `units` when given (resample r draws units.count units from the stream of resampleIndices(units.count, seed, r),
 * and each pair counts as often as its unit was drawn). The resamples run in chunks; `afterChunk(done)` is called
 * after each, and may throw to stop the run (its WebAssembly memory is freed). MCE takes bins of at least
 * mceMinCount resampled pairs, as assess does. `first` numbers the resamples from first to first + resamples − 1:
 * resample r's value depends only on (seed, r), so a range computed alone (in a worker, docs/DESIGN.md §6.10) has
 * the bits it has within the whole run.
 */
export function bootstrapBinnedMetric(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  temperature: number, folded: boolean, layout: BinLayout,
  metric: BinnedMetric, resamples: number, seed: number, afterChunk?: (done: number) => void,
  units: DrawnUnits | null = null, mceMinCount = 1, first = 0,
): Float64Array {
  return withScope((scope) => {
    const k = kernels();
    const marginPtr = scope.f64In(margin);
    const labelPtr = scope.f64In(label);
    const weightPtr = scope.f64In(weight);
    const unitPtr = scope.i32In(units ? units.unitOfPair : null);
    const bins = binLayoutArguments(scope, layout);
    const scratch = scope.f64Out(Math.ceil(bootstrapScratchBytes(margin.length, layout.nBins) / 8));
    const out = scope.f64Out(resamples);
    const chunk = afterChunk ? Math.max(1, Math.floor(DRAWS_PER_CHUNK / margin.length)) : resamples;
    // The kernel stores resample r at out + 8r; out holds resamples first.., so it is handed out − 8·first. wasm32
    // addresses wrap modulo 2³², so the sum lands in the block even when that start lies below address 0.
    const outBase = (out - 8 * first) | 0;
    for (let done = 0; done < resamples; done += chunk) {
      const count = Math.min(chunk, resamples - done);
      k.bootstrapBinnedMetric(marginPtr, labelPtr, weightPtr, margin.length, temperature, folded,
        layout.nBins, ...bins, BINNED_METRIC_CODES[metric], mceMinCount, first + done, count, done > 0, seed,
        unitPtr, units ? units.count : 0, scratch, outBase);
      afterChunk?.(done + count);
    }
    return scope.f64Read(out, resamples);
  });
}

/**
 * The kernel's scratch size for n pairs, without wasm32's wrap: the kernel computes it as a 32-bit usize, which
 * wraps past 4 GiB (n ≳ 63 million), and a wrapped, small size would let the kernel write past its block. The
 * size is linear in n, so it is rebuilt from the kernel's sizes at n = 0 and n = 1, exactly, in doubles; the
 * allocator then refuses it with the capacity message (docs/DESIGN.md §2.6).
 */
function bootstrapScratchBytes(n: number, nBins: number): number {
  const k = kernels();
  const fixed = k.bootstrapScratchBytes(0, nBins) >>> 0;
  const perPair = (k.bootstrapScratchBytes(1, nBins) >>> 0) - fixed;
  return fixed + perPair * n;
}
