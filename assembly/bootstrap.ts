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
const RECORD = 8;
/** Room for calibrationErrors' output: ECE, RMSCE, MCE, debiased RMSCE. */
const ERRORS = 4;

/**
 * Metric codes (src/core/bootstrap.ts): 0 … 3 are the binned errors, numbered as calibrationErrors lays out its
 * output (ECE, RMSCE, MCE, debiased RMSCE); 4, 5, 6 are the means of the records' NLL, Brier and correctness.
 */
const METRIC_NLL = 4;

/** Bytes of scratch memory bootstrapBinnedMetric needs for n pairs and nBins bins. */
export function bootstrapScratchBytes(n: i32, nBins: i32): usize {
  return ((<usize>n * RECORD + <usize>nBins * BIN_STRIDE + ERRORS) << 3) + (<usize>n << 2);
}

/**
 * out[r] = the metric on resample r (r in [first, first + resamples)) of the pairs, with bins fixed as given
 * (uniform: innerEdges == 0, start, step; otherwise nInner sorted inner edges). labels == 0 means all
 * labels are 1; weights == 0 means all weights are 1. scratch holds bootstrapScratchBytes(n, nBins) bytes.
 * The caller may run the resamples in chunks, so it can report progress and stop between them: the first call
 * (prepared false) writes each pair's record into scratch, later calls on the same scratch pass prepared true.
 * Resample r depends only on (seed, r) and the records, so chunking changes no bit of out.
 */
export function bootstrapBinnedMetric(
  margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32,
  metric: i32, first: i32, resamples: i32, prepared: bool, seed: f64, scratch: usize, out: usize,
): void {
  const records = scratch;
  const sums = scratch + ((<usize>n * RECORD) << 3);
  const errors = sums + ((<usize>nBins * BIN_STRIDE) << 3);
  const counts = errors + (ERRORS << 3);
  const unprepared = prepared ? 0 : n;
  // Invariant: records[0..i) hold the bin and weighted terms of pairs [0, i), as accumulatePairs computes them.
  for (let i = 0; i < unprepared; i++) {
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
    const at = records + ((<usize>i * RECORD) << 3);
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
  const state = memory.data(8);
  const binned = metric <= ERROR_RMSCE_DEBIASED;
  // Invariant: out[first..r) holds the metric of resamples [first, r).
  for (let r = first; r < first + resamples; r++) {
    store<u64>(state, streamStart(<u64>seed, <u64>r));
    memory.fill(sums, 0, (<usize>nBins * BIN_STRIDE) << 3);
    memory.fill(counts, 0, <usize>n << 2);
    // Invariant: counts[i] is the number of times pair i came up in the first j draws of resample r.
    for (let j = 0; j < n; j++) {
      const at = counts + (<usize>nextIndex(state, <u32>n) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
    let total = 0.0, totalMetric = 0.0;
    // Invariant: sums and totals cover pairs [0, i), each counted as often as it was drawn.
    for (let i = 0; i < n; i++) {
      const count = load<u32>(counts + (<usize>i << 2));
      if (count == 0) continue;
      const c = <f64>count;
      const at = records + ((<usize>i * RECORD) << 3);
      const w = load<f64>(at + 8);
      if (binned) {
        // The bin's five sums as accumulatePairs lays them out, pair i counted c times.
        const b = sums + ((<usize>(<i32>load<f64>(at)) * BIN_STRIDE) << 3);
        if (w != 0) store<f64>(b, load<f64>(b) + c);
        store<f64>(b + 8, load<f64>(b + 8) + c * w);
        store<f64>(b + 16, load<f64>(b + 16) + c * load<f64>(at + 16));
        store<f64>(b + 24, load<f64>(b + 24) + c * load<f64>(at + 24));
        store<f64>(b + 32, load<f64>(b + 32) + c * load<f64>(at + 32));
      } else {
        total += c * w;
        totalMetric += c * load<f64>(at + ((<usize>(metric - METRIC_NLL + 5)) << 3));
      }
    }
    // MCE over every non-empty bin: a resample with another minimum takes the general path (bootstrap-calibration.ts).
    if (binned) calibrationErrors(sums, nBins, 0, errors, 1.0);
    store<f64>(out + (<usize>r << 3), binned ? load<f64>(errors + (<usize>metric << 3)) : totalMetric / total);
  }
}
