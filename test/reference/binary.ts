// Reference scikit-learn-shaped helpers for binary (label, probability) rows.
import { linspaceEdges, percentileEdges } from "./bins";
import { binSums, calibrationErrors } from "./calibration";

export interface ReferenceBinaryOptions {
  nBins?: number;
  strategy?: "uniform" | "quantile";
  sampleWeight?: ArrayLike<number>;
}

const list = (column: ArrayLike<number>): number[] => Array.from(column, Number);

function weightsOf(n: number, sampleWeight?: ArrayLike<number>): number[] {
  return sampleWeight === undefined ? new Array<number>(n).fill(1) : list(sampleWeight);
}

/**
 * scikit-learn's bins: linspace edges, or numpy percentiles of yProb with duplicates kept (they give empty bins).
 * Zero-weight rows take no part in the percentiles.
 */
function sklearnEdges(yProb: readonly number[], weights: readonly number[], nBins: number, strategy: "uniform" | "quantile"): number[] {
  return strategy === "uniform" ? linspaceEdges(0, nBins) : percentileEdges(yProb.filter((_, i) => weights[i] !== 0), nBins);
}

/** sklearn.calibration.calibration_curve with weights, empty bins dropped; counts are rows with non-zero weight. */
export function referenceCalibrationCurve(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: ReferenceBinaryOptions = {}) {
  const { nBins = 5, strategy = "uniform" } = options;
  const p = list(yProb), y = list(yTrue), w = weightsOf(p.length, options.sampleWeight);
  const bins = binSums(p, y, w, sklearnEdges(p, w, nBins, strategy)).filter((bin) => bin.weight > 0);
  return {
    probTrue: bins.map((bin) => bin.sumOutcome / bin.weight),
    probPred: bins.map((bin) => bin.sumValue / bin.weight),
    counts: bins.map((bin) => bin.count),
  };
}

/** ECE in the l1, l2 (RMSCE) or max (MCE) norm over calibrationCurve's bins. */
export function referenceExpectedCalibrationError(
  yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: ReferenceBinaryOptions & { norm?: "l1" | "l2" | "max" } = {},
): number {
  const { nBins = 15, strategy = "uniform", norm = "l1" } = options;
  const p = list(yProb), y = list(yTrue), w = weightsOf(p.length, options.sampleWeight);
  const errors = calibrationErrors(binSums(p, y, w, sklearnEdges(p, w, nBins, strategy)));
  return norm === "l1" ? errors.ece : norm === "l2" ? errors.rmsce : errors.mce;
}

function weightedMean(terms: readonly number[], weights: readonly number[]): number {
  let sum = 0, total = 0;
  terms.forEach((t, i) => {
    sum += weights[i] * t;
    total += weights[i];
  });
  return sum / total;
}

/** sklearn.metrics.brier_score_loss: weighted mean of (p − y)². */
export function referenceBrierScore(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: { sampleWeight?: ArrayLike<number> } = {}): number {
  const p = list(yProb), y = list(yTrue);
  return weightedMean(p.map((pi, i) => (pi - y[i]) ** 2), weightsOf(p.length, options.sampleWeight));
}

/** sklearn.metrics.log_loss for (soft) binary labels: p clipped to [eps, 1 − eps], natural log, weighted mean. */
export function referenceLogLoss(
  yTrue: ArrayLike<number>, yProb: ArrayLike<number>, options: { sampleWeight?: ArrayLike<number>; eps?: number } = {},
): number {
  const eps = options.eps ?? Number.EPSILON;
  const p = list(yProb), y = list(yTrue);
  const terms = p.map((pi, i) => {
    const q = Math.min(Math.max(pi, eps), 1 - eps);
    return -(y[i] === 0 ? 0 : y[i] * Math.log(q)) - (y[i] === 1 ? 0 : (1 - y[i]) * Math.log(1 - q));
  });
  return weightedMean(terms, weightsOf(p.length, options.sampleWeight));
}
