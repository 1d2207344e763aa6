// The binned calibration errors (docs/DESIGN.md §3): ECE, RMSCE, MCE and the debiased RMSCE, from the per-bin
// sums of ./binning.ts. This is their only definition: assess, expectedCalibrationError, the ECE temperature
// search and the bootstrap all call it, so an estimate and the resamples of its interval cannot drift apart.
import { BIN_STRIDE } from "./binning";

/** Layout of the errors output. */
export const ERROR_ECE = 0;
export const ERROR_RMSCE = 1;
export const ERROR_MCE = 2;
export const ERROR_RMSCE_DEBIASED = 3;

/**
 * Kish's effective sample size (Σw)²/Σw² of a bin: the count itself when all weights are equal. It always lies
 * in [1, count] (Cauchy–Schwarz), so it is clamped there: rounding can step outside, and when Σw² underflows
 * (weights below ~1e-154 times the largest) the ratio is 0/0 or x/0, and 1, the widest interval, is the honest
 * answer.
 */
// @ts-ignore: decorator
@inline export function effectiveSampleSize(weight: f64, squaredWeight: f64, count: f64): f64 {
  const n = (weight * weight) / squaredWeight;
  if (isNaN(n)) return 1.0;
  return min(max(n, 1.0), max(count, 1.0));
}

/** The gap v̄_b − k̄_b of a bin with positive Σw (at: its five sums), given its observed rate k̄_b. */
// @ts-ignore: decorator
@inline export function binGap(at: usize, weight: f64, observed: f64): f64 {
  return load<f64>(at, 16) / weight - observed;
}

/** The bin's debiased squared gap (v̄_b − k̄_b)² − k̄_b(1 − k̄_b)/(n_b − 1), for n_b ≥ 2 (Kumar, Liang & Ma 2019). */
// @ts-ignore: decorator
@inline export function debiasedSquaredGap(gap: f64, observed: f64, nEffective: f64): f64 {
  return gap * gap - (observed * (1 - observed)) / (nEffective - 1);
}

/**
 * From nBins bins of five sums [count, Σw, Σw·v, Σw·k, Σw²] (W = Σ_b W_b, v̄_b − k̄_b the bin's gap):
 *   out = [ECE = Σ_b (W_b/W)·|v̄_b − k̄_b|, RMSCE = sqrt(Σ_b (W_b/W)·(v̄_b − k̄_b)²), MCE = the largest gap,
 *          debiased RMSCE = sqrt(max(0, Σ_b (W_b/W)·((v̄_b − k̄_b)² − k̄_b(1 − k̄_b)/(n_b − 1))))]
 * where n_b is the bin's effective sample size; bins with n_b < 2 add nothing to the debiased sum, and bins
 * without weight count in no error (Kumar, Liang & Ma, "Verified Uncertainty Calibration", NeurIPS 2019).
 * W is summed over the bins in bin order, so the errors depend on the bin sums alone (shards merge by addition).
 * When effectiveSizes is not 0, effectiveSizes[b] receives n_b (1 for an empty bin), for the bins' intervals.
 * MCE takes only bins of at least mceMinCount pairs (1: every non-empty bin, as torchmetrics and netcal do).
 */
export function calibrationErrors(bins: usize, nBins: i32, effectiveSizes: usize, out: usize, mceMinCount: f64): void {
  let total = 0.0;
  // Invariant: total is Σw of bins [0, b).
  for (let b = 0; b < nBins; b++) total += load<f64>(bins + (<usize>(b * BIN_STRIDE) << 3), 8);
  let ece = 0.0, squared = 0.0, debiased = 0.0, mce = 0.0;
  // Invariant: the sums cover bins [0, b), and effectiveSizes[0, b) is written.
  for (let b = 0; b < nBins; b++) {
    const at = bins + (<usize>(b * BIN_STRIDE) << 3);
    const weight = load<f64>(at, 8);
    const nEffective = effectiveSampleSize(weight, load<f64>(at, 32), load<f64>(at));
    if (effectiveSizes != 0) store<f64>(effectiveSizes + (<usize>b << 3), nEffective);
    if (!(weight > 0)) continue;
    const share = weight / total;
    const observed = load<f64>(at, 24) / weight;
    const gap = binGap(at, weight, observed);
    const absGap = Math.abs(gap);
    ece += share * absGap;
    squared += share * gap * gap;
    if (nEffective >= 2) debiased += share * debiasedSquaredGap(gap, observed, nEffective);
    if (absGap > mce && load<f64>(at) >= mceMinCount) mce = absGap;
  }
  store<f64>(out, ece, ERROR_ECE << 3);
  store<f64>(out, Math.sqrt(squared), ERROR_RMSCE << 3);
  store<f64>(out, mce, ERROR_MCE << 3);
  store<f64>(out, Math.sqrt(Math.max(0.0, debiased)), ERROR_RMSCE_DEBIASED << 3);
}
