import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { accumulatePairSums } from "../wasm/binning";
import { sigmoidOfScaled } from "../wasm/logistic";
import { uniformLayout, distinctQuantileEdges, layoutEdges, withPositiveWeight, type BinLayout, type Binning } from "./bin-edges";
import { reliabilityBins, calibrationErrors, type ReliabilityBin } from "./reliability-bins";
import { choiceOption, integerOption, numberOption, optionsObject } from "../validate/columns";
import { scaleWeights, timesPowerOfTwo } from "./weight-scale";

/** Folded: confidence σ(|d|/T) against the share agreeing with the model. Oriented: σ(d/T) against the label. */
export type View = "folded" | "oriented";

export interface AssessOptions {
  /** Number of bins (default 15). */
  bins?: number;
  /** Equal-width bins, or equal-count bins at the quantiles of the binned values (duplicates removed). */
  binning?: Binning;
  /** Default "folded" (DESIGN.md §2). */
  view?: View;
  /** Probabilities are σ(d / temperature); default 1. */
  temperature?: number;
}

export interface Assessment {
  /** Number of pairs with non-zero weight. */
  n: number;
  /** Σw. */
  weight: number;
  view: View;
  binning: Binning;
  temperature: number;
  /** Weighted mean share agreeing with the model; a tied margin scores ½. */
  accuracy: number;
  /**
   * Weighted mean negative log-likelihood of the labels under σ(d/T) (natural log). Never NaN; +Infinity only
   * when the true value (nearly) exceeds float64: a pair on the wrong side with d/T beyond ±1.8e308 (−log 0), or
   * losses near 1e308 that add up past it.
   */
  nll: number;
  /** Weighted mean (σ(d/T) − y)². */
  brier: number;
  ece: number;
  rmsce: number;
  mce: number;
  /** Debiased RMSCE (Kumar et al. 2019, DESIGN.md §2). */
  rmsceDebiased: number;
  bins: ReliabilityBin[];
}

export const MAX_BINS = 1_000_000;

/**
 * Calibration of a reward model on preference pairs: accuracy, NLL, Brier, ECE/RMSCE/MCE and the reliability bins.
 * Folded view by default (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017, top-label diagram).
 * O(n) for uniform bins, O(n log n) for quantile bins.
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight; or rows of those
 * @returns metrics and one entry per bin (empty bins have count 0 and null statistics)
 * @throws {TypeError|RangeError} naming the field and index of the first invalid value, or the invalid option
 * @example assess({ chosen: [2.1, 0.3, 1.5], rejected: [0.4, 0.9, 1.5] }).accuracy // => 0.5
 */
export function assess(pairs: Pairs, options?: AssessOptions): Assessment {
  return assessColumns(toPairColumns(pairs), options);
}

/** `assess` on pairs already validated by toPairColumns (for callers that assess the same pairs many times). */
export function assessColumns(columns: PairColumns, options?: AssessOptions): Assessment {
  const o = optionsObject(options);
  const nBins = integerOption(o.bins ?? 15, "options.bins", 1, MAX_BINS);
  const binning = choiceOption(o.binning ?? "uniform", "options.binning", ["uniform", "quantile"] as const);
  const view = choiceOption(o.view ?? "folded", "options.view", ["folded", "oriented"] as const);
  const temperature = numberOption(o.temperature ?? 1, "options.temperature", (t) => t > 0, "a finite number > 0");
  const folded = view === "folded";
  // Every metric is a ratio of sums, so weights rescaled by a power of two give the same results; only the
  // reported Σw are scaled back (./weight-scale.ts says why huge and subnormal weights need this).
  const scaled = scaleWeights(columns.weight);
  const layout = binLayout(columns.margin, scaled.weights, nBins, binning, folded, temperature);
  const { bins, totals } = accumulatePairSums(columns.margin, columns.label, scaled.weights, temperature, folded, layout);
  const [weight, sumNll, sumBrier, sumCorrect, count] = totals;
  const reliability = reliabilityBins(bins, layoutEdges(layout));
  for (const bin of reliability) bin.weight = timesPowerOfTwo(bin.weight, scaled.exponent);
  return {
    n: count,
    weight: timesPowerOfTwo(weight, scaled.exponent),
    view,
    binning,
    temperature,
    accuracy: sumCorrect / weight,
    nll: sumNll / weight,
    brier: sumBrier / weight,
    ...calibrationErrors(bins, layout.nBins),
    bins: reliability,
  };
}

function binLayout(
  margin: Float64Array, weight: Float64Array | null, nBins: number, binning: Binning, folded: boolean, temperature: number,
): BinLayout {
  if (binning === "uniform") return uniformLayout(nBins, folded ? 0.5 : 0);
  // Pairs of zero weight take no part in the edges, so adding them changes nothing (a slice by 0/1 weights
  // gives the same report as the subset itself).
  const weighted = withPositiveWeight(margin, weight);
  const margins = folded ? weighted.map(Math.abs) : weighted;
  const edges = distinctQuantileEdges(sigmoidOfScaled(margins, temperature), nBins);
  return { kind: "edges", nBins: edges.length - 1, edges };
}
