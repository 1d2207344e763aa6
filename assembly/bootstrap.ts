// The pair bootstrap of binned calibration metrics. Each pair's contribution to its bin is computed once;
// each resample then draws n pair indices with replacement (a pair is drawn whole, never one orientation
// of it) as multiplicities c_i, and adds c_i times each pair's contribution to the bins in one sequential
// pass. Drawing a pair c times is the same as giving it weight c·w, so a resample equals assess on the
// resampled pairs. Counting first and summing in pair order keeps the memory access sequential: only the
// 4-byte counters are touched at random, not the 64-byte records.
// see: Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 6 and 13 (percentile intervals)
import { uniformBinIndex, sortedEdgesBinIndex } from "./bin-index";
import { expNegAbs, sigmoidFrom, crossEntropyFrom } from "./logistic";
import { streamStart, nextIndex } from "./random";
import { loadOrOne } from "./optional-column";

/** Per-pair record: [bin, w, w·v, w·k, w², w·nll, w·brier, w·correct]. */
const RECORD = 8;
/** Per-bin sums: [Σw, Σw·v, Σw·k, Σw²]. */
const SUMS = 4;

export const METRIC_ECE = 0;
export const METRIC_RMSCE = 1;
export const METRIC_MCE = 2;
export const METRIC_RMSCE_DEBIASED = 3;
export const METRIC_NLL = 4;
export const METRIC_BRIER = 5;
export const METRIC_ACCURACY = 6;

/** Bytes of scratch memory bootstrapBinnedMetric needs for n pairs and nBins bins. */
export function bootstrapScratchBytes(n: i32, nBins: i32): usize {
  return ((<usize>n * RECORD + <usize>nBins * SUMS) << 3) + (<usize>n << 2);
}

/**
 * out[r] = the metric on resample r (r in [0, resamples)) of the pairs, with bins fixed as given
 * (uniform: innerEdges == 0, start, step; otherwise nInner sorted inner edges). labels == 0 means all
 * labels are 1; weights == 0 means all weights are 1. scratch holds bootstrapScratchBytes(n, nBins) bytes.
 */
export function bootstrapBinnedMetric(
  margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, folded: bool,
  nBins: i32, start: f64, step: f64, innerEdges: usize, nInner: i32,
  metric: i32, resamples: i32, seed: f64, scratch: usize, out: usize,
): void {
  const records = scratch;
  const sums = scratch + ((<usize>n * RECORD) << 3);
  const counts = sums + ((<usize>nBins * SUMS) << 3);
  // Invariant: records[0..i) hold the bin and weighted terms of pairs [0, i), as accumulatePairs computes them.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = loadOrOne(labels, offset);
    const w = loadOrOne(weights, offset);
    const z = d / temperature;
    const e = expNegAbs(z);
    const p = sigmoidFrom(z, e);
    const correct = d > 0 ? y : d < 0 ? 1.0 - y : 0.5;
    const v = folded ? 1.0 / (1.0 + e) : p;
    const k = folded ? correct : y;
    const bin = innerEdges == 0 ? uniformBinIndex(v, nBins, start, step) : sortedEdgesBinIndex(v, innerEdges, nInner);
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
  const binned = metric <= METRIC_RMSCE_DEBIASED;
  // Invariant: out[0..r) holds the metric of resamples [0, r).
  for (let r = 0; r < resamples; r++) {
    store<u64>(state, streamStart(<u64>seed, <u64>r));
    memory.fill(sums, 0, (<usize>nBins * SUMS) << 3);
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
      total += c * load<f64>(at + 8);
      if (binned) {
        const b = sums + ((<usize>(<i32>load<f64>(at)) * SUMS) << 3);
        store<f64>(b, load<f64>(b) + c * load<f64>(at + 8));
        store<f64>(b + 8, load<f64>(b + 8) + c * load<f64>(at + 16));
        store<f64>(b + 16, load<f64>(b + 16) + c * load<f64>(at + 24));
        store<f64>(b + 24, load<f64>(b + 24) + c * load<f64>(at + 32));
      } else {
        totalMetric += c * load<f64>(at + ((<usize>(metric - METRIC_NLL + 5)) << 3));
      }
    }
    store<f64>(out + (<usize>r << 3), binned ? binnedMetric(sums, nBins, total, metric) : totalMetric / total);
  }
}

/** ECE, RMSCE, MCE or debiased RMSCE from per-bin sums, as src/lib/metrics/reliability-bins.ts defines them. */
function binnedMetric(sums: usize, nBins: i32, total: f64, metric: i32): f64 {
  let ece = 0.0, squared = 0.0, debiased = 0.0, mce = 0.0;
  // Invariant: the sums cover bins [0, b); empty bins count in no metric.
  for (let b = 0; b < nBins; b++) {
    const at = sums + ((<usize>b * SUMS) << 3);
    const weight = load<f64>(at);
    if (!(weight > 0)) continue;
    const share = weight / total;
    const observed = load<f64>(at + 16) / weight;
    const gap = load<f64>(at + 8) / weight - observed;
    const absGap = Math.abs(gap);
    ece += share * absGap;
    squared += share * gap * gap;
    const nEffective = (weight * weight) / load<f64>(at + 24);
    if (nEffective >= 2) debiased += share * (gap * gap - (observed * (1 - observed)) / (nEffective - 1));
    if (absGap > mce) mce = absGap;
  }
  if (metric == METRIC_ECE) return ece;
  if (metric == METRIC_RMSCE) return Math.sqrt(squared);
  if (metric == METRIC_MCE) return mce;
  return Math.sqrt(Math.max(0.0, debiased));
}
