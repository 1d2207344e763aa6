// The pair bootstrap of binned calibration metrics. Each pair's contribution to its bin is computed once;
// each resample then draws n pair indices with replacement (a pair is drawn whole, never one orientation
// of it) as multiplicities c_i, and adds c_i times each pair's contribution to the bins in one sequential
// pass. Drawing a pair c times is the same as giving it weight c·w, so a resample equals assess on the
// resampled pairs. Counting first and summing in pair order keeps the memory access sequential: only the
// 4-byte counters are touched at random, not the 64-byte records.
// see: Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 6 and 13 (percentile intervals)
import { expNegAbs, sigmoidFrom, crossEntropyFrom } from "./logistic";
import { streamStart, nextIndex } from "./random";
import { loadOrOne } from "./optional-column";
import { BIN_STRIDE, binIndex, correctness } from "./binning";
import { calibrationErrors, ERROR_RMSCE_DEBIASED } from "./calibration-errors";

/** Per-pair record: [bin, w, w·v, w·k, w², w·nll, w·brier, w·correct]. */
export const RECORD = 8;
/** Room for calibrationErrors' output: ECE, RMSCE, MCE, debiased RMSCE. */
const ERRORS = 4;

/**
 * Metric codes (src/core/bootstrap.ts): 0 … 3 are the binned errors, numbered as calibrationErrors lays out its
 * output (ECE, RMSCE, MCE, debiased RMSCE); 4, 5, 6 are the means of the records' NLL, Brier and correctness.
 */
const METRIC_NLL = 4;

/**
 * Writes pair i's record [bin, w, w·v, w·k, w², w·nll, w·brier, w·correct] at `at`: its bin and the terms it
 * adds to its bin's sums and to the totals, computed as accumulatePairs computes them. The one definition the
 * bootstrap and the jackknife (./jackknife.ts) share.
 */
// @ts-ignore: decorator
@inline export function writePairRecord(
  margins: usize, labels: usize, weights: usize, i: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32, at: usize,
): void {
  const offset = <usize>i << 3;
  const d = load<f64>(margins + offset);
  const y = loadOrOne(labels, offset);
  const w = loadOrOne(weights, offset);
  const z = d / temperature;
  const e = expNegAbs(z);
  const p = sigmoidFrom(z, e);
  const correct = correctness(d, y);
  const v = folded ? 1.0 / (1.0 + e) : p;
  const k = folded ? correct : y;
  const bin = binIndex(v, nBins, start, step, innerEdges, nInner);
  const residual = p - y;
  store<f64>(at, <f64>bin);
  store<f64>(at + 8, w);
  store<f64>(at + 16, w * v);
  store<f64>(at + 24, w * k);
  store<f64>(at + 32, w * w);
  store<f64>(at + 40, w * crossEntropyFrom(z, e, y));
  store<f64>(at + 48, w * residual * residual);
  store<f64>(at + 56, w * correct);
}

/** Adds c times a record's five bin terms [1 if w ≠ 0, w, w·v, w·k, w²] to the bin sums at `bin`. */
// @ts-ignore: decorator
@inline export function addRecord(bin: usize, record: usize, c: f64): void {
  const w = load<f64>(record, 8);
  if (w != 0) store<f64>(bin, load<f64>(bin) + c);
  store<f64>(bin, load<f64>(bin, 8) + c * w, 8);
  store<f64>(bin, load<f64>(bin, 16) + c * load<f64>(record, 16), 16);
  store<f64>(bin, load<f64>(bin, 24) + c * load<f64>(record, 24), 24);
  store<f64>(bin, load<f64>(bin, 32) + c * load<f64>(record, 32), 32);
}

/** Bytes of scratch memory bootstrapBinnedMetric needs for n pairs and nBins bins. */
export function bootstrapScratchBytes(n: i32, nBins: i32): usize {
  return ((<usize>n * RECORD + <usize>nBins * BIN_STRIDE + ERRORS) << 3) + (<usize>n << 2);
}

/**
 * out[r] = the metric on resample r (r in [first, first + resamples)) of the pairs, with bins fixed as given
 * (uniform: innerEdges == 0, start, step; otherwise nInner sorted inner edges). labels == 0 means all
 * labels are 1; weights == 0 means all weights are 1. MCE takes bins of at least mceMinCount pairs.
 * scratch holds bootstrapScratchBytes(n, nBins) bytes.
 * The caller may run the resamples in chunks, so it can report progress and stop between them: the first call
 * (prepared false) writes each pair's record into scratch, later calls on the same scratch pass prepared true.
 * Resample r depends only on (seed, r) and the records, so chunking changes no bit of out.
 * Clusters (docs/DESIGN.md §6.5): when unitOfPair is not 0, it holds each pair's unit (an i32 in [0, units)), and
 * resample r draws `units` unit indices from the same stream as resampleIndices(units, seed, r); each pair then
 * counts as often as its unit was drawn, which is assess on the pairs of the drawn units (resampleUnitIndices).
 * units ≤ n, so the unit counters fit in the pair counters' room.
 */
export function bootstrapBinnedMetric(
  margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32,
  metric: i32, mceMinCount: f64, first: i32, resamples: i32, prepared: bool, seed: f64, unitOfPair: usize, units: i32,
  scratch: usize, out: usize,
): void {
  const records = scratch;
  const sums = scratch + ((<usize>n * RECORD) << 3);
  const errors = sums + ((<usize>nBins * BIN_STRIDE) << 3);
  const counts = errors + (ERRORS << 3);
  const unprepared = prepared ? 0 : n;
  // Invariant: records[0..i) hold the bin and weighted terms of pairs [0, i), as accumulatePairs computes them.
  for (let i = 0; i < unprepared; i++) {
    writePairRecord(margins, labels, weights, i, temperature, folded, nBins, start, step, innerEdges, nInner,
      records + ((<usize>i * RECORD) << 3));
  }
  const state = memory.data(8);
  const binned = metric <= ERROR_RMSCE_DEBIASED;
  // Invariant: out[first..r) holds the metric of resamples [first, r).
  for (let r = first; r < first + resamples; r++) {
    store<u64>(state, streamStart(<u64>seed, <u64>r));
    memory.fill(sums, 0, (<usize>nBins * BIN_STRIDE) << 3);
    const draws = unitOfPair == 0 ? n : units;
    memory.fill(counts, 0, <usize>draws << 2);
    // Invariant: counts[u] is the number of times unit u (a pair, or a cluster) came up in the first j draws.
    for (let j = 0; j < draws; j++) {
      const at = counts + (<usize>nextIndex(state, <u32>draws) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
    let total = 0.0, totalMetric = 0.0;
    // Invariant: sums and totals cover pairs [0, i), each counted as often as it was drawn.
    for (let i = 0; i < n; i++) {
      const unit = unitOfPair == 0 ? i : load<i32>(unitOfPair + (<usize>i << 2));
      const count = load<u32>(counts + (<usize>unit << 2));
      if (count == 0) continue;
      const c = <f64>count;
      const at = records + ((<usize>i * RECORD) << 3);
      const w = load<f64>(at + 8);
      if (binned) {
        // The bin's five sums as accumulatePairs lays them out, pair i counted c times.
        addRecord(sums + ((<usize>(<i32>load<f64>(at)) * BIN_STRIDE) << 3), at, c);
      } else {
        total += c * w;
        totalMetric += c * load<f64>(at + ((<usize>(metric - METRIC_NLL + 5)) << 3));
      }
    }
    // A bin's count in a resample is its pairs' draw counts summed, as assess counts the resampled pairs, so MCE's
    // minimum count applies as it does there.
    if (binned) calibrationErrors(sums, nBins, 0, errors, mceMinCount);
    store<f64>(out + (<usize>r << 3), binned ? load<f64>(errors + (<usize>metric << 3)) : totalMetric / total);
  }
}
