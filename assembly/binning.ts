// Per-bin accumulation. Every metric and diagram is derived from five sums per bin, so bin statistics from
// shards merge by addition (DESIGN.md §2). Layout of the bins output: for bin b, at index 5·b:
//   [count of non-zero weights, Σw, Σw·v, Σw·k, Σw²]
// where v is the binned value (a probability or a confidence) and k the observed outcome.
import { uniformBinIndex, sortedEdgesBinIndex } from "./bin-index";
import { expNegAbs, sigmoidFrom, crossEntropyFrom } from "./logistic";

export const BIN_STRIDE = 5;
/** Layout of the totals output of accumulatePairs. */
export const TOTAL_WEIGHT = 0;
export const TOTAL_NLL = 1;
export const TOTAL_BRIER = 2;
export const TOTAL_CORRECT = 3;
export const TOTAL_COUNT = 4;
export const TOTALS_LENGTH = 5;

// @ts-ignore: decorator
@inline function binIndex(v: f64, nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32): i32 {
  return innerEdges == 0 ? uniformBinIndex(v, nBins, start, step) : sortedEdgesBinIndex(v, innerEdges, nInner);
}

// @ts-ignore: decorator
@inline function addToBin(bins: usize, b: i32, w: f64, v: f64, k: f64): void {
  const at = bins + (<usize>(b * BIN_STRIDE) << 3);
  if (w != 0) store<f64>(at, load<f64>(at) + 1.0);
  store<f64>(at + 8, load<f64>(at + 8) + w);
  store<f64>(at + 16, load<f64>(at + 16) + w * v);
  store<f64>(at + 24, load<f64>(at + 24) + w * k);
  store<f64>(at + 32, load<f64>(at + 32) + w * w);
}

/**
 * One fused pass over preference pairs: for each pair, z = d/T, the binned value v and outcome k of the
 * chosen view, the NLL and Brier terms, and the per-bin sums.
 *   folded:   v = σ(|z|) ∈ [0.5, 1], k = share agreeing with the model (y, 1 − y, or ½ for d = 0)
 *   oriented: v = σ(z) ∈ [0, 1],    k = y
 * labels == 0 means every label is 1; weights == 0 means every weight is 1.
 * innerEdges == 0 selects uniform bins (start, step); otherwise nInner sorted inner edges.
 * totals: [Σw, Σw·nll, Σw·(σ(z) − y)², Σw·correctness, count of non-zero weights]
 */
export function accumulatePairs(
  margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32,
  bins: usize, totals: usize,
): void {
  memory.fill(bins, 0, <usize>(nBins * BIN_STRIDE) << 3);
  let sumW = 0.0, sumNll = 0.0, sumBrier = 0.0, sumCorrect = 0.0, count = 0.0;
  // Invariant: the sums cover pairs [0, i), and bins holds their per-bin sums.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = labels == 0 ? 1.0 : load<f64>(labels + offset);
    const w = weights == 0 ? 1.0 : load<f64>(weights + offset);
    const z = d / temperature;
    const e = expNegAbs(z);
    const p = sigmoidFrom(z, e);
    const correct = d > 0 ? y : d < 0 ? 1.0 - y : 0.5;
    const v = folded ? 1.0 / (1.0 + e) : p;
    const k = folded ? correct : y;
    addToBin(bins, binIndex(v, nBins, start, step, innerEdges, nInner), w, v, k);
    const residual = p - y;
    sumW += w;
    // A pair of zero weight adds nothing, even when its loss is +∞ (d/T overflowed on the wrong side): 0·∞ is NaN.
    if (w != 0) sumNll += w * crossEntropyFrom(z, e, y);
    sumBrier += w * residual * residual;
    sumCorrect += w * correct;
    if (w != 0) count += 1.0;
  }
  store<f64>(totals + (TOTAL_WEIGHT << 3), sumW);
  store<f64>(totals + (TOTAL_NLL << 3), sumNll);
  store<f64>(totals + (TOTAL_BRIER << 3), sumBrier);
  store<f64>(totals + (TOTAL_CORRECT << 3), sumCorrect);
  store<f64>(totals + (TOTAL_COUNT << 3), count);
}

/**
 * Per-bin sums for plain binary data: v = yProb[i], k = yTrue[i] (soft labels allowed).
 * weights == 0 means every weight is 1. Sums run in index order, as numpy.bincount does, so unweighted
 * results match scikit-learn's calibration_curve bit for bit.
 */
export function accumulateProbabilities(
  yTrue: usize, yProb: usize, weights: usize, n: i32,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32, bins: usize,
): void {
  memory.fill(bins, 0, <usize>(nBins * BIN_STRIDE) << 3);
  // Invariant: bins holds the per-bin sums of rows [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const v = load<f64>(yProb + offset);
    const w = weights == 0 ? 1.0 : load<f64>(weights + offset);
    addToBin(bins, binIndex(v, nBins, start, step, innerEdges, nInner), w, v, load<f64>(yTrue + offset));
  }
}

/**
 * Weighted sums for the binary scores: out = [Σw, Σw·(p − y)², Σw·logloss] with p clipped to [eps, 1 − eps]
 * for the log loss, as scikit-learn's log_loss does.
 */
export function binaryScoreSums(yTrue: usize, yProb: usize, weights: usize, n: i32, eps: f64, out: usize): void {
  let sumW = 0.0, sumBrier = 0.0, sumLog = 0.0;
  // Invariant: the sums cover rows [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const y = load<f64>(yTrue + offset);
    const p = load<f64>(yProb + offset);
    const w = weights == 0 ? 1.0 : load<f64>(weights + offset);
    const clipped = Math.min(Math.max(p, eps), 1.0 - eps);
    const residual = p - y;
    sumW += w;
    sumBrier += w * (residual * residual);
    // 0·log(·) terms are skipped, not computed: with soft labels either may be 0.
    const positive = y > 0 ? y * Math.log(clipped) : 0.0;
    const negative = y < 1 ? (1.0 - y) * Math.log(1.0 - clipped) : 0.0;
    sumLog -= w * (positive + negative);
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, sumBrier);
  store<f64>(out + 16, sumLog);
}
