// Typed wrappers of the binning kernels (assembly/binning.ts, assembly/calibration-errors.ts): copy in, call,
// copy out, free.
import { kernels } from "./instance";
import { withScope, type Scope } from "./memory";
import type { BinLayout } from "./bin-layout";

const BIN_STRIDE = 5;
const TOTALS_LENGTH = 5;
const ERRORS_LENGTH = 4;
/**
 * Rows per chunk when a long column is streamed through WebAssembly memory: 32,768 rows are 256 KiB per column,
 * so the chunk buffers stay in the core's L2 cache and the kernel reads them from there (docs/DESIGN.md §3.1).
 */
const CHUNK_ROWS = 1 << 15;

/** Sums of one pass over pairs: per-bin sums (5 per bin) and [Σw, Σw·nll, Σw·brier, Σw·correct, count]. */
export interface PairSums {
  bins: Float64Array;
  totals: Float64Array;
}

/**
 * The kernels' four bin-layout arguments (start, step, innerEdges, nInner), with the inner edges e_1 … e_{B−1}
 * copied into `scope`: uniform bins pass (start, step, 0, 0); edge layouts pass (0, 0, edges pointer, count).
 */
export function binLayoutArguments(
  scope: Scope, layout: BinLayout,
): [start: number, step: number, innerEdges: number, nInner: number] {
  if (layout.kind === "uniform") return [layout.start, layout.step, 0, 0];
  const inner = layout.edges.subarray(1, layout.edges.length - 1);
  // A zero-length inner-edge array still needs a non-null address, or the kernel would take uniform bins.
  return [0, 0, scope.f64In(inner.length > 0 ? inner : new Float64Array([Infinity])), inner.length];
}

/**
 * One fused pass over pairs (docs/DESIGN.md §3.1). Columns longer than a chunk are streamed through small buffers
 * chunk by chunk, each chunk continuing the bins and totals in pair order (the one-call sums bit for bit), so the
 * input is read once and never copied whole into WebAssembly memory.
 */
export function accumulatePairSums(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  temperature: number, folded: boolean, layout: BinLayout,
): PairSums {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const bins = binLayoutArguments(scope, layout);
    const binsPtr = scope.f64Out(layout.nBins * BIN_STRIDE);
    const totalsPtr = scope.f64Out(TOTALS_LENGTH);
    if (n <= CHUNK_ROWS) {
      k.accumulatePairs(scope.f64In(margin), scope.f64In(label), scope.f64In(weight), n, temperature, folded,
        layout.nBins, ...bins, binsPtr, totalsPtr);
    } else {
      const marginPtr = scope.f64Out(CHUNK_ROWS);
      const labelPtr = label === null ? 0 : scope.f64Out(CHUNK_ROWS);
      const weightPtr = weight === null ? 0 : scope.f64Out(CHUNK_ROWS);
      scope.f64View(binsPtr, layout.nBins * BIN_STRIDE).fill(0);
      scope.f64View(totalsPtr, TOTALS_LENGTH).fill(0);
      // Invariant: the bins and totals hold the sums of pairs [0, from), added in pair order.
      for (let from = 0; from < n; from += CHUNK_ROWS) {
        const to = Math.min(n, from + CHUNK_ROWS);
        scope.f64View(marginPtr, to - from).set(margin.subarray(from, to));
        if (label !== null) scope.f64View(labelPtr, to - from).set(label.subarray(from, to));
        if (weight !== null) scope.f64View(weightPtr, to - from).set(weight.subarray(from, to));
        k.addPairs(marginPtr, labelPtr, weightPtr, to - from, temperature, folded, layout.nBins, ...bins, binsPtr, totalsPtr);
      }
      if (weight === null) k.completeProbabilityBins(binsPtr, layout.nBins);
    }
    return { bins: scope.f64Read(binsPtr, layout.nBins * BIN_STRIDE), totals: scope.f64Read(totalsPtr, TOTALS_LENGTH) };
  });
}

/**
 * Per-bin sums (5 per bin) of binary (yTrue, yProb) rows, or null when some yTrue or yProb lies outside [0, 1]
 * (NaN included): the kernel checks the range in its binning pass, and the caller then locates the bad row.
 * Columns longer than a chunk are copied in chunk by chunk into the same small buffers, each chunk added to the
 * bins in row order (the one-call sums bit for bit): the input is read once and never copied whole, so the pass
 * moves the columns' bytes once and needs O(chunk) WebAssembly memory instead of O(n).
 */
export function accumulateProbabilitySums(
  yTrue: Float64Array, yProb: Float64Array, weight: Float64Array | null, layout: BinLayout,
): Float64Array | null {
  return withScope((scope) => {
    const k = kernels();
    const n = yTrue.length;
    const bins = binLayoutArguments(scope, layout);
    const binsPtr = scope.f64Out(layout.nBins * BIN_STRIDE);
    if (n <= CHUNK_ROWS) {
      const outside = k.accumulateProbabilities(scope.f64In(yTrue), scope.f64In(yProb), scope.f64In(weight), n, layout.nBins, ...bins, binsPtr);
      return outside ? null : scope.f64Read(binsPtr, layout.nBins * BIN_STRIDE);
    }
    const yTruePtr = scope.f64Out(CHUNK_ROWS), yProbPtr = scope.f64Out(CHUNK_ROWS);
    const weightPtr = weight === null ? 0 : scope.f64Out(CHUNK_ROWS);
    scope.f64View(binsPtr, layout.nBins * BIN_STRIDE).fill(0);
    let outside = 0;
    // Invariant: the bins hold the sums of rows [0, from), added in row order.
    for (let from = 0; from < n; from += CHUNK_ROWS) {
      const to = Math.min(n, from + CHUNK_ROWS);
      scope.f64View(yTruePtr, to - from).set(yTrue.subarray(from, to));
      scope.f64View(yProbPtr, to - from).set(yProb.subarray(from, to));
      if (weight !== null) scope.f64View(weightPtr, to - from).set(weight.subarray(from, to));
      outside |= k.addProbabilities(yTruePtr, yProbPtr, weightPtr, to - from, layout.nBins, ...bins, binsPtr);
    }
    if (outside) return null;
    if (weight === null) k.completeProbabilityBins(binsPtr, layout.nBins);
    return scope.f64Read(binsPtr, layout.nBins * BIN_STRIDE);
  });
}

/** [Σw, Σw·(p − y)², Σw·logloss] with p clipped to [eps, 1 − eps] for the log loss. */
export function binaryScoreSums(yTrue: Float64Array, yProb: Float64Array, weight: Float64Array | null, eps: number): Float64Array {
  return withScope((scope) => {
    const out = scope.f64Out(3);
    kernels().binaryScoreSums(scope.f64In(yTrue), scope.f64In(yProb), scope.f64In(weight), yTrue.length, eps, out);
    return scope.f64Read(out, 3);
  });
}

/** The binned calibration errors (docs/DESIGN.md §3), as assembly/calibration-errors.ts defines them. */
export interface CalibrationErrors {
  /** Σ_b (W_b/W)·|v̄_b − k̄_b|. */
  ece: number;
  /** sqrt(Σ_b (W_b/W)·(v̄_b − k̄_b)²). */
  rmsce: number;
  /** Largest gap over the bins of at least mceMinCount pairs (every non-empty bin by default). */
  mce: number;
  /** Kumar et al. (2019) debiased RMSCE: each bin's squared gap less k̄(1 − k̄)/(n_b − 1), floored at 0 overall. */
  rmsceDebiased: number;
}

/**
 * The calibration errors of per-bin sums (5 per bin, as the accumulate kernels return them), and each bin's
 * Kish effective sample size n_b ∈ [1, count], which the bins' intervals use too. MCE leaves out bins of fewer
 * than mceMinCount pairs (docs/DESIGN.md §3.2).
 */
export function calibrationErrors(bins: Float64Array, mceMinCount = 1): { errors: CalibrationErrors; effectiveSizes: Float64Array } {
  const nBins = bins.length / BIN_STRIDE;
  return withScope((scope) => {
    const effectiveSizes = scope.f64Out(nBins);
    const out = scope.f64Out(ERRORS_LENGTH);
    kernels().calibrationErrors(scope.f64In(bins), nBins, effectiveSizes, out, mceMinCount);
    const [ece, rmsce, mce, rmsceDebiased] = scope.f64Read(out, ERRORS_LENGTH);
    return { errors: { ece, rmsce, mce, rmsceDebiased }, effectiveSizes: scope.f64Read(effectiveSizes, nBins) };
  });
}
