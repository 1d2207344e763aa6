// Typed wrappers of the binning kernels (assembly/binning.ts): copy in, call, copy out, free.
import { kernels } from "./instance";
import { withScope } from "./memory";
import type { BinLayout } from "../metrics/bin-edges";

const BIN_STRIDE = 5;
const TOTALS_LENGTH = 5;

/** Sums of one pass over pairs: per-bin sums (5 per bin) and [Σw, Σw·nll, Σw·brier, Σw·correct, count]. */
export interface PairSums {
  bins: Float64Array;
  totals: Float64Array;
}

function layoutArguments(layout: BinLayout): [number, number] {
  return layout.kind === "uniform" ? [layout.start, layout.step] : [0, 0];
}

/** Inner edges e_1 … e_{B−1} of an edge layout, or null for uniform bins. */
function innerEdges(layout: BinLayout): Float64Array | null {
  return layout.kind === "edges" ? layout.edges.subarray(1, layout.edges.length - 1) : null;
}

export function accumulatePairSums(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  temperature: number, folded: boolean, layout: BinLayout,
): PairSums {
  return withScope((scope) => {
    const k = kernels();
    const inner = innerEdges(layout);
    const [start, step] = layoutArguments(layout);
    const marginPtr = scope.f64In(margin);
    const labelPtr = scope.f64In(label);
    const weightPtr = scope.f64In(weight);
    // A zero-length inner-edge array still needs a non-null address, or the kernel would take uniform bins.
    const edgesPtr = inner ? scope.f64In(inner.length > 0 ? inner : new Float64Array([Infinity])) : 0;
    const binsPtr = scope.f64Out(layout.nBins * BIN_STRIDE);
    const totalsPtr = scope.f64Out(TOTALS_LENGTH);
    k.accumulatePairs(marginPtr, labelPtr, weightPtr, margin.length, temperature, folded,
      layout.nBins, start, step, edgesPtr, inner ? inner.length : 0, binsPtr, totalsPtr);
    return { bins: scope.f64Read(binsPtr, layout.nBins * BIN_STRIDE), totals: scope.f64Read(totalsPtr, TOTALS_LENGTH) };
  });
}

/**
 * Per-bin sums (5 per bin) of binary (yTrue, yProb) rows, or null when some yTrue or yProb lies outside [0, 1]
 * (NaN included): the kernel checks the range in its binning pass, and the caller then locates the bad row.
 */
export function accumulateProbabilitySums(
  yTrue: Float64Array, yProb: Float64Array, weight: Float64Array | null, layout: BinLayout,
): Float64Array | null {
  return withScope((scope) => {
    const inner = innerEdges(layout);
    const [start, step] = layoutArguments(layout);
    const yTruePtr = scope.f64In(yTrue);
    const yProbPtr = scope.f64In(yProb);
    const weightPtr = scope.f64In(weight);
    const edgesPtr = inner ? scope.f64In(inner.length > 0 ? inner : new Float64Array([Infinity])) : 0;
    const binsPtr = scope.f64Out(layout.nBins * BIN_STRIDE);
    const outside = kernels().accumulateProbabilities(yTruePtr, yProbPtr, weightPtr, yTrue.length,
      layout.nBins, start, step, edgesPtr, inner ? inner.length : 0, binsPtr);
    return outside ? null : scope.f64Read(binsPtr, layout.nBins * BIN_STRIDE);
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
