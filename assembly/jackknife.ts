// The exact jackknife of the binned metrics with uniform bins, in O(n) (docs/DESIGN.md §6.4): the metric with
// one unit (a pair, or a cluster of pairs) left out, for every unit. With the bins fixed, leaving a unit out
// changes only the sums of the bins its pairs fall in and the totals, so each value costs O(bins it touches):
// the full data's per-bin terms W_b·|gap_b| (ECE), W_b·gap_b² (RMSCE), W_b·debiased_b are summed once, and a
// leave-one-out value replaces the touched bins' terms by their new ones. MCE keeps the eligible bins sorted by
// |gap|, so the largest untouched gap is the first untouched bin in that order. NLL, Brier and accuracy are
// totals, less the unit's share.
// The records are the bootstrap's (./bootstrap.ts) and the per-bin formulas calibrationErrors' helpers
// (./calibration-errors.ts), so a jackknife value is assess on the remaining pairs up to rounding.
// see: Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, §11.2 and §14.3 (jackknife, BCa acceleration)
import { BIN_STRIDE } from "./binning";
import {
  binGap, debiasedSquaredGap, effectiveSampleSize, ERROR_ECE, ERROR_RMSCE, ERROR_MCE, ERROR_RMSCE_DEBIASED,
} from "./calibration-errors";
import { RECORD, writePairRecord, addRecord } from "./bootstrap";
import { radixSortIndices, identityIndex } from "./radix-sort";

const METRIC_NLL = 4;

/** Bytes of scratch memory jackknifeBinnedMetric needs for n pairs and nBins bins. */
export function jackknifeScratchBytes(n: i32, nBins: i32): usize {
  const f64s = <usize>n * RECORD + <usize>nBins * (3 * BIN_STRIDE + 3);
  const i32s = <usize>n * 2 + <usize>nBins * 5 + 2;
  return (f64s << 3) + (i32s << 2);
}

/**
 * The term a bin adds to Σ_b W_b·term_b, whose ratio to W = Σ_b W_b is the error (ECE: |gap|; RMSCE: gap²;
 * debiased RMSCE: the debiased squared gap, 0 below an effective size of 2), as calibrationErrors computes it.
 * 0 for a bin without weight.
 */
// @ts-ignore: decorator
@inline function weightedBinTerm(at: usize, metric: i32): f64 {
  const weight = load<f64>(at, 8);
  if (!(weight > 0)) return 0.0;
  const observed = load<f64>(at, 24) / weight;
  const gap = binGap(at, weight, observed);
  if (metric == ERROR_ECE) return weight * Math.abs(gap);
  if (metric == ERROR_RMSCE) return weight * gap * gap;
  const nEffective = effectiveSampleSize(weight, load<f64>(at, 32), load<f64>(at));
  return nEffective >= 2 ? weight * debiasedSquaredGap(gap, observed, nEffective) : 0.0;
}

/** The bin's |gap| when MCE takes it (positive Σw, at least mceMinCount pairs), otherwise −1. */
// @ts-ignore: decorator
@inline function mceGap(at: usize, mceMinCount: f64): f64 {
  const weight = load<f64>(at, 8);
  if (!(weight > 0) || load<f64>(at) < mceMinCount) return -1.0;
  return Math.abs(binGap(at, weight, load<f64>(at, 24) / weight));
}

// @ts-ignore: decorator
@inline function unitOf(unitOfPair: usize, i: i32): i32 {
  return unitOfPair == 0 ? i : load<i32>(unitOfPair + (<usize>i << 2));
}

/**
 * out[u] = the metric (codes of ./bootstrap.ts: 0 ECE, 1 RMSCE, 2 MCE, 3 debiased RMSCE, 4 NLL, 5 Brier,
 * 6 accuracy) of the pairs without unit u, for u in [0, units), with nBins uniform bins (start, step) fixed.
 * unitStart == 0: every pair is a unit (units == n). Otherwise unit u owns the pairs
 * unitMembers[unitStart[u]] … unitMembers[unitStart[u + 1] − 1] (i32), as ResamplingUnits lays them out.
 * labels == 0 means all labels are 1, weights == 0 all weights 1. scratch holds jackknifeScratchBytes(n, nBins).
 * A touched bin's sums are the full sums less the unit's, except when the unit holds more than half of the
 * bin's Σw or Σw²: then the bin is summed again from its other pairs, in pair order, so a difference of nearly
 * equal sums never stands in for a small one. Each bin has at most one such unit, so this costs O(n) in all;
 * the same holds for the totals of NLL, Brier and accuracy.
 */
export function jackknifeBinnedMetric(
  margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, unitStart: usize, unitMembers: usize, units: i32,
  metric: i32, mceMinCount: f64, scratch: usize, out: usize,
): void {
  const binBytes = (<usize>nBins * BIN_STRIDE) << 3;
  const records = scratch;
  const sums = records + ((<usize>n * RECORD) << 3);
  const removed = sums + binBytes;
  const fresh = removed + binBytes;
  const keys = fresh + binBytes;
  const keysAlt = keys + (<usize>nBins << 3);
  const gaps = keysAlt + (<usize>nBins << 3);
  const binStart = gaps + (<usize>nBins << 3);
  const binMembers = binStart + ((<usize>nBins + 2) << 2);
  const unitOfPair: usize = unitStart == 0 ? 0 : binMembers + (<usize>n << 2);
  const stamp = binMembers + (<usize>(2 * n) << 2);
  const touched = stamp + (<usize>nBins << 2);
  const order = touched + (<usize>nBins << 2);
  const orderAlt = order + (<usize>nBins << 2);

  memory.fill(sums, 0, binBytes);
  memory.fill(binStart, 0, (<usize>nBins + 2) << 2);
  let totalWeight = 0.0, totalTerm = 0.0;
  const term = (metric - METRIC_NLL + 5) << 3;
  // Invariant: records[0, i) are written, and sums, binStart (bin sizes, shifted by one) and the totals cover
  // the pairs [0, i) of non-zero weight, added in pair order as accumulatePairs adds them.
  for (let i = 0; i < n; i++) {
    const at = records + ((<usize>i * RECORD) << 3);
    writePairRecord(margins, labels, weights, i, temperature, folded, nBins, start, step, 0, 0, at);
    const w = load<f64>(at, 8);
    if (w == 0) continue;
    const bin = <i32>load<f64>(at);
    addRecord(sums + ((<usize>(bin * BIN_STRIDE)) << 3), at, 1.0);
    const size = binStart + ((<usize>bin + 1) << 2);
    store<i32>(size, load<i32>(size) + 1);
    totalWeight += w;
    totalTerm += load<f64>(at + term);
  }
  // Bin member lists (a stable counting sort by bin), so a bin can be summed again in pair order.
  // Invariant: binStart[b + 1] is the first slot after bins [0, b].
  for (let b = 0; b < nBins; b++) {
    const next = binStart + ((<usize>b + 1) << 2);
    store<i32>(next, load<i32>(next) + load<i32>(binStart + (<usize>b << 2)));
  }
  memory.copy(stamp, binStart, <usize>nBins << 2); // stamp serves as the fill cursor here
  // Invariant: the pairs [0, i) of non-zero weight are placed in their bins' lists, in pair order.
  for (let i = 0; i < n; i++) {
    const at = records + ((<usize>i * RECORD) << 3);
    if (load<f64>(at, 8) == 0) continue;
    const cursor = stamp + (<usize>(<i32>load<f64>(at)) << 2);
    store<i32>(binMembers + (<usize>load<i32>(cursor) << 2), i);
    store<i32>(cursor, load<i32>(cursor) + 1);
  }
  if (unitStart != 0) {
    // Invariant: unitOfPair holds the unit of every pair of units [0, u).
    for (let u = 0; u < units; u++) {
      for (let j = load<i32>(unitStart + (<usize>u << 2)); j < load<i32>(unitStart + ((<usize>u + 1) << 2)); j++) {
        store<i32>(unitOfPair + (<usize>load<i32>(unitMembers + (<usize>j << 2)) << 2), u);
      }
    }
  }
  memory.fill(stamp, 0xff, <usize>nBins << 2); // −1: no unit has touched the bin yet

  let totalBinWeight = 0.0, totalBinTerm = 0.0;
  const binned = metric < METRIC_NLL;
  if (binned) {
    // Invariant: the totals cover bins [0, b), in bin order as calibrationErrors sums them.
    for (let b = 0; b < nBins; b++) {
      const at = sums + ((<usize>(b * BIN_STRIDE)) << 3);
      totalBinWeight += load<f64>(at, 8);
      if (metric != ERROR_MCE) totalBinTerm += weightedBinTerm(at, metric);
      store<f64>(gaps + (<usize>b << 3), mceGap(at, mceMinCount));
    }
    // The bins in ascending order of the |gap| MCE would take (−1 for bins it does not take).
    if (metric == ERROR_MCE) {
      identityIndex(order, nBins);
      radixSortIndices(gaps, order, nBins, keys, keysAlt, orderAlt);
    }
  }

  // Invariant: out[0, u) holds the leave-one-out values of units [0, u).
  for (let u = 0; u < units; u++) {
    const first = unitStart == 0 ? u : load<i32>(unitStart + (<usize>u << 2));
    const end = unitStart == 0 ? u + 1 : load<i32>(unitStart + ((<usize>u + 1) << 2));
    if (!binned) {
      let weight = 0.0, sum = 0.0;
      // Invariant: weight and sum cover the unit's pairs before j.
      for (let j = first; j < end; j++) {
        const at = records + ((<usize>(unitStart == 0 ? j : load<i32>(unitMembers + (<usize>j << 2))) * RECORD) << 3);
        if (load<f64>(at, 8) == 0) continue;
        weight += load<f64>(at, 8);
        sum += load<f64>(at + term);
      }
      if (2 * weight > totalWeight || 2 * sum > totalTerm || !isFinite(sum)) {
        weight = 0.0;
        sum = 0.0;
        // Invariant: weight and sum cover the pairs [0, i) outside unit u, in pair order.
        for (let i = 0; i < n; i++) {
          const at = records + ((<usize>i * RECORD) << 3);
          if (load<f64>(at, 8) == 0 || unitOf(unitOfPair, i) == u) continue;
          weight += load<f64>(at, 8);
          sum += load<f64>(at + term);
        }
      } else {
        weight = totalWeight - weight;
        sum = totalTerm - sum;
      }
      store<f64>(out + (<usize>u << 3), sum / weight);
      continue;
    }
    let nTouched = 0;
    // Invariant: removed holds, for each bin touched so far (listed in touched), the sums of the unit's pairs in it.
    for (let j = first; j < end; j++) {
      const i = unitStart == 0 ? j : load<i32>(unitMembers + (<usize>j << 2));
      const at = records + ((<usize>i * RECORD) << 3);
      if (load<f64>(at, 8) == 0) continue;
      const bin = <i32>load<f64>(at);
      const binAt = removed + ((<usize>(bin * BIN_STRIDE)) << 3);
      if (load<i32>(stamp + (<usize>bin << 2)) != u) {
        store<i32>(stamp + (<usize>bin << 2), u);
        store<i32>(touched + (<usize>nTouched << 2), bin);
        nTouched++;
        memory.fill(binAt, 0, BIN_STRIDE << 3);
      }
      addRecord(binAt, at, 1.0);
    }
    let weightChange = 0.0, termChange = 0.0, touchedMce = 0.0;
    // Invariant: the changes cover touched bins [0, t); each touched bin's slot in `removed` has been replaced by
    // the bin's sums without the unit.
    for (let t = 0; t < nTouched; t++) {
      const bin = load<i32>(touched + (<usize>t << 2));
      const at = sums + ((<usize>(bin * BIN_STRIDE)) << 3);
      const less = removed + ((<usize>(bin * BIN_STRIDE)) << 3);
      if (load<f64>(at) == load<f64>(less)) {
        memory.fill(fresh, 0, BIN_STRIDE << 3); // every pair of the bin left: the bin is empty, exactly
      } else if (2 * load<f64>(less, 8) > load<f64>(at, 8) || 2 * load<f64>(less, 32) > load<f64>(at, 32)) {
        memory.fill(fresh, 0, BIN_STRIDE << 3);
        // Invariant: fresh covers the bin's pairs before slot j outside unit u, in pair order.
        for (let j = load<i32>(binStart + (<usize>bin << 2)); j < load<i32>(binStart + ((<usize>bin + 1) << 2)); j++) {
          const i = load<i32>(binMembers + (<usize>j << 2));
          if (unitOf(unitOfPair, i) != u) addRecord(fresh, records + ((<usize>i * RECORD) << 3), 1.0);
        }
      } else {
        // Invariant: fresh[0, s) = the bin's sums less the unit's.
        for (let s = 0; s < BIN_STRIDE; s++) {
          const offset = <usize>s << 3;
          store<f64>(fresh + offset, load<f64>(at + offset) - load<f64>(less + offset));
        }
      }
      memory.copy(less, fresh, BIN_STRIDE << 3);
      weightChange += load<f64>(less, 8) - load<f64>(at, 8);
      if (metric == ERROR_MCE) touchedMce = max(touchedMce, mceGap(less, mceMinCount));
      else termChange += weightedBinTerm(less, metric) - weightedBinTerm(at, metric);
    }
    let binWeight = totalBinWeight + weightChange, binTerm = totalBinTerm + termChange;
    // A unit holding over half of W (at most one does), or whose removal takes most of an ECE's or RMSCE's sum of
    // non-negative terms, would leave a difference of nearly equal totals: sum the bins again instead, in bin order.
    // (The debiased terms have either sign and their sum is often near 0; its error stays ~ε·Σ|terms|.)
    const mostTermGone = metric != ERROR_RMSCE_DEBIASED && 16 * binTerm < totalBinTerm;
    if (metric != ERROR_MCE && (2 * binWeight < totalBinWeight || mostTermGone)) {
      binWeight = 0.0;
      binTerm = 0.0;
      // Invariant: the totals cover bins [0, b), with the touched bins' sums less the unit's.
      for (let b = 0; b < nBins; b++) {
        const offset = (<usize>(b * BIN_STRIDE)) << 3;
        const at = (load<i32>(stamp + (<usize>b << 2)) == u ? removed : sums) + offset;
        binWeight += load<f64>(at, 8);
        binTerm += weightedBinTerm(at, metric);
      }
    }
    let value = 0.0;
    if (metric == ERROR_MCE) {
      let untouchedMce = 0.0;
      // Invariant: the bins after position k in `order` were all touched by unit u.
      for (let k = nBins - 1; k >= 0; k--) {
        const bin = load<i32>(order + (<usize>k << 2));
        if (load<i32>(stamp + (<usize>bin << 2)) == u) continue;
        untouchedMce = max(0.0, load<f64>(gaps + (<usize>bin << 3)));
        break;
      }
      value = max(untouchedMce, touchedMce);
    } else {
      const mean = binTerm / binWeight;
      value = metric == ERROR_ECE ? mean : Math.sqrt(Math.max(0.0, mean));
    }
    store<f64>(out + (<usize>u << 3), value);
  }
}
