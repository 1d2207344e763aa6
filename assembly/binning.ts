// Per-bin accumulation. Every metric and diagram is derived from five sums per bin, so bin statistics from
// shards merge by addition (docs/DESIGN.md §3.1). Layout of the bins output: for bin b, at index 5·b:
//   [count of non-zero weights, Σw, Σw·v, Σw·k, Σw²]
// where v is the binned value (a probability or a confidence) and k the observed outcome.
import { uniformBinIndex, uniformBinIndexScaled, uniformBinIndexPair, sortedEdgesBinIndex } from "./bin-index";
import { expNegAbs, sigmoidFrom, sigmoidPair, crossEntropyFrom, log1pUnitLanes } from "./logistic";
import { expLanes } from "./exp-lanes";

export const BIN_STRIDE = 5;
/** Layout of the totals output of accumulatePairs. */
export const TOTAL_WEIGHT = 0;
export const TOTAL_NLL = 1;
export const TOTAL_BRIER = 2;
export const TOTAL_CORRECT = 3;
export const TOTAL_COUNT = 4;
export const TOTALS_LENGTH = 5;

/** Bin of v: uniform bins (start, step) when innerEdges == 0, otherwise nInner sorted inner edges. */
// @ts-ignore: decorator
@inline export function binIndex(v: f64, nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32): i32 {
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
  memory.fill(totals, 0, TOTALS_LENGTH << 3);
  addPairs(margins, labels, weights, n, temperature, folded, nBins, start, step, innerEdges, nInner, bins, totals);
  if (weights == 0) completeUnweightedBins(bins, nBins);
}

/**
 * accumulatePairs continued: adds pairs [0, n) to bins and totals that already hold the sums of earlier pairs,
 * each sum continuing from its stored value, so that a caller streaming long columns through small buffers in
 * chunks of even length gets the one-call sums bit for bit. Unweighted, it adds the count, Σv and Σk of the bins
 * only: completeProbabilityBins fills in Σw and Σw² once, after the last chunk.
 */
export function addPairs(
  margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32,
  bins: usize, totals: usize,
): void {
  if (weights == 0) {
    unweightedPairs(margins, labels, n, temperature, folded, nBins, start, step, innerEdges, nInner, bins, totals);
    return;
  }
  let sumW = load<f64>(totals, TOTAL_WEIGHT << 3), sumNll = load<f64>(totals, TOTAL_NLL << 3);
  let sumBrier = load<f64>(totals, TOTAL_BRIER << 3), sumCorrect = load<f64>(totals, TOTAL_CORRECT << 3);
  let count = load<f64>(totals, TOTAL_COUNT << 3);
  // Invariant: the sums cover pairs [0, i) after the earlier ones, and bins holds their per-bin sums.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = labels == 0 ? 1.0 : load<f64>(labels + offset);
    const w = load<f64>(weights + offset);
    const z = d / temperature;
    const e = expNegAbs(z);
    const p = sigmoidFrom(z, e);
    const correct = correctness(d, y);
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
  storeTotals(totals, sumW, sumNll, sumBrier, sumCorrect, count);
}

/**
 * Share of annotators agreeing with the model: y when d > 0, 1 − y when d < 0, ½ for a tie. The accuracy of
 * assess, the temperature fit and the bootstrap, and the outcome k of the folded view.
 */
// @ts-ignore: decorator
@inline export function correctness(d: f64, y: f64): f64 {
  return select<f64>(y, select<f64>(1.0 - y, 0.5, d < 0), d > 0);
}

// @ts-ignore: decorator
@inline function storeTotals(totals: usize, sumW: f64, sumNll: f64, sumBrier: f64, sumCorrect: f64, count: f64): void {
  store<f64>(totals + (TOTAL_WEIGHT << 3), sumW);
  store<f64>(totals + (TOTAL_NLL << 3), sumNll);
  store<f64>(totals + (TOTAL_BRIER << 3), sumBrier);
  store<f64>(totals + (TOTAL_CORRECT << 3), sumCorrect);
  store<f64>(totals + (TOTAL_COUNT << 3), count);
}

/**
 * accumulatePairs without weights: w = 1 makes every w·x exactly x, and Σw = count = n, so the per-pair sums
 * are the weighted loop's, bit for bit, with three bin sums instead of five. Two pairs per step in f64x2 lanes:
 * exp (expLanes), the two sigmoid quotients, log1p (log1pUnitLanes) and the uniform bins are each lane's scalar
 * value bit for bit, and the lanes enter every sum lane 0 first, so pairs still enter every sum in index order
 * (docs/DESIGN.md §2.7, §3.1).
 */
function unweightedPairs(
  margins: usize, labels: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32, bins: usize, totals: usize,
): void {
  const last = i32x4.splat(nBins - 1), startLanes = f64x2.splat(start), stepLanes = f64x2.splat(step);
  const inverseStep = 1.0 / step, inverseStepLanes = f64x2.splat(inverseStep);
  const one = f64x2.splat(1.0), zero = f64x2.splat(0.0), temperatureLanes = f64x2.splat(temperature);
  let sumNll = load<f64>(totals, TOTAL_NLL << 3), sumBrier = load<f64>(totals, TOTAL_BRIER << 3);
  let sumCorrect = load<f64>(totals, TOTAL_CORRECT << 3);
  const pairs = n & ~1;
  // Invariant: the sums and bins cover pairs [0, i), added in index order.
  for (let i = 0; i < pairs; i += 2) {
    const offset = <usize>i << 3;
    const d = v128.load(margins + offset);
    const y = labels == 0 ? one : v128.load(labels + offset);
    // d/1 is d exactly, so the default temperature skips the division.
    const z = temperature == 1.0 ? d : f64x2.div(d, temperatureLanes);
    const e = expLanes(f64x2.neg(f64x2.abs(z)));
    const denominator = f64x2.add(one, e);
    const high = f64x2.div(one, denominator);
    const p = v128.bitselect(high, f64x2.div(e, denominator), f64x2.ge(z, zero));
    const correct = v128.bitselect(y, v128.bitselect(f64x2.sub(one, y), f64x2.splat(0.5), f64x2.lt(d, zero)), f64x2.gt(d, zero));
    const v = folded ? high : p;
    const k = folded ? correct : y;
    const residual = f64x2.sub(p, y);
    const brier = f64x2.mul(residual, residual);
    // crossEntropyFrom lane by lane: log1p(e) + the label shares of max(∓z, 0), a zero share skipped (+0).
    const minusZ = f64x2.neg(z);
    const positive = v128.and(f64x2.mul(y, v128.and(minusZ, f64x2.gt(minusZ, zero))), f64x2.ne(y, zero));
    const negative = v128.and(f64x2.mul(f64x2.sub(one, y), v128.and(z, f64x2.gt(z, zero))), f64x2.ne(y, one));
    const nll = f64x2.add(f64x2.add(log1pUnitLanes(e), positive), negative);
    sumNll += f64x2.extract_lane(nll, 0);
    sumNll += f64x2.extract_lane(nll, 1);
    sumBrier += f64x2.extract_lane(brier, 0);
    sumBrier += f64x2.extract_lane(brier, 1);
    sumCorrect += f64x2.extract_lane(correct, 0);
    sumCorrect += f64x2.extract_lane(correct, 1);
    const v0 = f64x2.extract_lane(v, 0), v1 = f64x2.extract_lane(v, 1);
    const k0 = f64x2.extract_lane(k, 0), k1 = f64x2.extract_lane(k, 1);
    if (innerEdges == 0) {
      const b = uniformBinIndexPair(v, last, startLanes, stepLanes, inverseStepLanes);
      addUnweighted(bins, i32x4.extract_lane(b, 0), v0, k0);
      addUnweighted(bins, i32x4.extract_lane(b, 1), v1, k1);
    } else {
      addUnweighted(bins, sortedEdgesBinIndex(v0, innerEdges, nInner), v0, k0);
      addUnweighted(bins, sortedEdgesBinIndex(v1, innerEdges, nInner), v1, k1);
    }
  }
  if (n & 1) {
    const offset = <usize>(n - 1) << 3;
    const d = load<f64>(margins + offset);
    const y = labels == 0 ? 1.0 : load<f64>(labels + offset);
    const z = temperature == 1.0 ? d : d / temperature;
    const e = expNegAbs(z);
    const quotients = sigmoidPair(e);
    const high = f64x2.extract_lane(quotients, 0);
    const p = select<f64>(high, f64x2.extract_lane(quotients, 1), z >= 0);
    const correct = correctness(d, y);
    const v = folded ? high : p;
    const residual = p - y;
    sumNll += crossEntropyFrom(z, e, y);
    sumBrier += residual * residual;
    sumCorrect += correct;
    const b = innerEdges == 0 ? uniformBinIndexScaled(v, nBins, start, step, inverseStep) : sortedEdgesBinIndex(v, innerEdges, nInner);
    addUnweighted(bins, b, v, folded ? correct : y);
  }
  const count = load<f64>(totals, TOTAL_COUNT << 3) + <f64>n;
  storeTotals(totals, count, sumNll, sumBrier, sumCorrect, count);
}

/**
 * Per-bin sums for plain binary data: v = yProb[i], k = yTrue[i] (soft labels allowed).
 * weights == 0 means every weight is 1. Sums run in index order, as numpy.bincount does, so unweighted
 * results match scikit-learn's calibration_curve bit for bit.
 * Returns 1 when some yTrue or yProb lies outside [0, 1] (NaN included), else 0: the range check rides along
 * the binning pass (bin indices are clamped, so such rows cannot write out of bounds) and the facade, told of
 * a bad row, locates it and throws. One pass over the inputs instead of two.
 */
export function accumulateProbabilities(
  yTrue: usize, yProb: usize, weights: usize, n: i32,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32, bins: usize,
): i32 {
  memory.fill(bins, 0, <usize>(nBins * BIN_STRIDE) << 3);
  const outside = addProbabilities(yTrue, yProb, weights, n, nBins, start, step, innerEdges, nInner, bins);
  if (weights == 0) completeUnweightedBins(bins, nBins);
  return outside;
}

/**
 * accumulateProbabilities continued: adds rows [0, n) to bins that already hold the sums of earlier rows, without
 * zeroing them first, so that a caller streaming a long column through a small cache-resident buffer in chunks
 * gets the one-call sums bit for bit (each bin's sums still run in row order). Unweighted, it adds the count, Σv
 * and Σk only: completeProbabilityBins fills in Σw and Σw² once, after the last chunk.
 * Returns 1 when some yTrue or yProb of these rows lies outside [0, 1] (NaN included), else 0.
 */
export function addProbabilities(
  yTrue: usize, yProb: usize, weights: usize, n: i32,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32, bins: usize,
): i32 {
  if (weights == 0) {
    return innerEdges == 0
      ? unweightedUniformProbabilities(yTrue, yProb, n, nBins, start, step, bins)
      : unweightedEdgeProbabilities(yTrue, yProb, n, innerEdges, nInner, bins);
  }
  let inside = true;
  // Invariant: bins holds the per-bin sums of rows [0, i) added to what it held; inside tells whether their v
  // and k lie in [0, 1].
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const v = load<f64>(yProb + offset);
    const w = load<f64>(weights + offset);
    const k = load<f64>(yTrue + offset);
    inside = inside && v >= 0 && v <= 1 && k >= 0 && k <= 1;
    addToBin(bins, binIndex(v, nBins, start, step, innerEdges, nInner), w, v, k);
  }
  return inside ? 0 : 1;
}

/** Σw and Σw² of unweighted bins filled by addProbabilities: both equal the count. */
export function completeProbabilityBins(bins: usize, nBins: i32): void {
  completeUnweightedBins(bins, nBins);
}

/** All-ones lanes where both f64 lanes of x lie in [0, 1] (false for NaN). */
// @ts-ignore: decorator
@inline function inUnitInterval(x: v128): v128 {
  return v128.and(f64x2.ge(x, f64x2.splat(0)), f64x2.le(x, f64x2.splat(1)));
}

// Without weights, Σw and Σw² of a bin both equal its count, so the loops below keep three sums per row instead
// of five: the count, Σv and Σk. Each sum still runs in index order with the same additions as the weighted loop
// (1·v is v exactly), so the results are bit-identical to it. completeUnweightedBins then copies the count.

// @ts-ignore: decorator
@inline function addUnweighted(bins: usize, b: i32, v: f64, k: f64): void {
  const at = bins + (<usize>(b * BIN_STRIDE) << 3);
  store<f64>(at, load<f64>(at) + 1.0);
  store<f64>(at + 16, load<f64>(at + 16) + v);
  store<f64>(at + 24, load<f64>(at + 24) + k);
}

/** Returns 1 when some v or k is outside [0, 1] (see accumulateProbabilities), else 0. */
function unweightedUniformProbabilities(yTrue: usize, yProb: usize, n: i32, nBins: i32, start: f64, step: f64, bins: usize): i32 {
  const last = i32x4.splat(nBins - 1), startLanes = f64x2.splat(start), stepLanes = f64x2.splat(step);
  const inverseStep = 1.0 / step, inverseStepLanes = f64x2.splat(inverseStep);
  const pairs = n & ~1;
  let inside = i64x2.splat(-1);
  // Invariant: bins holds the count, Σv and Σk of rows [0, i) per bin; rows are added in index order; inside
  // has all-ones lanes only if every v and k of those rows lies in [0, 1].
  for (let i = 0; i < pairs; i += 2) {
    const offset = <usize>i << 3;
    const v = v128.load(yProb + offset);
    const k = v128.load(yTrue + offset);
    inside = v128.and(inside, v128.and(inUnitInterval(v), inUnitInterval(k)));
    const b = uniformBinIndexPair(v, last, startLanes, stepLanes, inverseStepLanes);
    addUnweighted(bins, i32x4.extract_lane(b, 0), f64x2.extract_lane(v, 0), f64x2.extract_lane(k, 0));
    addUnweighted(bins, i32x4.extract_lane(b, 1), f64x2.extract_lane(v, 1), f64x2.extract_lane(k, 1));
  }
  let tailInside = true;
  if (pairs < n) {
    const offset = <usize>pairs << 3;
    const v = load<f64>(yProb + offset);
    const k = load<f64>(yTrue + offset);
    tailInside = v >= 0 && v <= 1 && k >= 0 && k <= 1;
    addUnweighted(bins, uniformBinIndexScaled(v, nBins, start, step, inverseStep), v, k);
  }
  return i64x2.all_true(inside) && tailInside ? 0 : 1;
}

/** Returns 1 when some v or k is outside [0, 1] (see accumulateProbabilities), else 0. */
function unweightedEdgeProbabilities(yTrue: usize, yProb: usize, n: i32, innerEdges: usize, nInner: i32, bins: usize): i32 {
  let inside = true;
  // Invariant: bins holds the count, Σv and Σk of rows [0, i) per bin; inside tells whether their v and k lie
  // in [0, 1].
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const v = load<f64>(yProb + offset);
    const k = load<f64>(yTrue + offset);
    inside = inside && v >= 0 && v <= 1 && k >= 0 && k <= 1;
    addUnweighted(bins, sortedEdgesBinIndex(v, innerEdges, nInner), v, k);
  }
  return inside ? 0 : 1;
}

/** Σw and Σw² of unweighted bins: both equal the count. */
function completeUnweightedBins(bins: usize, nBins: i32): void {
  // Invariant: bins [0, b) have Σw and Σw² filled in.
  for (let b = 0; b < nBins; b++) {
    const at = bins + (<usize>(b * BIN_STRIDE) << 3);
    const count = load<f64>(at);
    store<f64>(at + 8, count);
    store<f64>(at + 32, count);
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
