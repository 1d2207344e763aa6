import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { accumulatePairSums, calibrationErrors, type PairSums } from "../../core/binning";
import { sigmoidOfScaled } from "../../core/logistic";
import { withSortedPairConfidences } from "../../core/order-statistics";
import {
  uniformLayout, distinctEdges, percentileEdgesOfSorted, layoutEdges, withPositiveWeight, type Binning,
} from "./bin-edges";
import type { BinLayout } from "../../core/bin-layout";
import { reliabilityBins, type ReliabilityBin, type BinInterval } from "./reliability-bins";
import { monotoneSweepLayout } from "./monotone-sweep";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { scaleWeights, timesPowerOfTwo } from "../../core/weight-scale";

/** Folded: confidence σ(|d|/T) against the share agreeing with the model. Oriented: σ(d/T) against the label. */
export type View = "folded" | "oriented";

export interface AssessOptions {
  /**
   * Number of bins (default 15), or "sweep": the largest number of equal-mass bins whose observed rates stay
   * monotone (Roelofs et al. 2022); `binning` is then ignored.
   */
  bins?: number | "sweep";
  /** Equal-width bins, or equal-count bins at the quantiles of the binned values (duplicates removed). */
  binning?: Binning;
  /** Default "folded" (docs/DESIGN.md §2.2). */
  view?: View;
  /** Probabilities are σ(d / temperature); default 1. */
  temperature?: number;
  /** Per-bin 95% interval of the observed rate: "wilson" (default) or "clopper-pearson". */
  interval?: BinInterval;
  /**
   * MCE leaves out bins of fewer pairs than this (an integer ≥ 1). Default 1: every non-empty bin counts, as in
   * torchmetrics and netcal, though the gap of a bin of one or two pairs is mostly noise (docs/DESIGN.md §3.2).
   */
  mceMinCount?: number;
}

export const ASSESS_OPTION_KEYS = optionKeys<AssessOptions>()(["bins", "binning", "view", "temperature", "interval", "mceMinCount"]);

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
  /** Debiased RMSCE (Kumar et al. 2019, docs/DESIGN.md §3.3). */
  rmsceDebiased: number;
  /** With bins: "sweep", the number of equal-mass bins the sweep chose. */
  sweepBins?: number;
  bins: ReliabilityBin[];
}

/** The most bins any function (and the CLI's --bins) accepts: one limit, stated in the README. */
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
  const o = optionsObject(options, ASSESS_OPTION_KEYS);
  const sweep = o.bins === "sweep";
  const nBins = sweep ? 1 : integerOption(o.bins ?? 15, "options.bins", 1, MAX_BINS);
  const binning = sweep ? "quantile" : choiceOption(o.binning ?? "uniform", "options.binning", ["uniform", "quantile"] as const);
  const interval = choiceOption(o.interval ?? "wilson", "options.interval", ["wilson", "clopper-pearson"] as const);
  const view = choiceOption(o.view ?? "folded", "options.view", ["folded", "oriented"] as const);
  const temperature = numberOption(o.temperature ?? 1, "options.temperature", (t) => t > 0, "a finite number > 0");
  const mceMinCount = integerOption(o.mceMinCount ?? 1, "options.mceMinCount", 1, Number.MAX_SAFE_INTEGER);
  const folded = view === "folded";
  const layout = sweep
    ? monotoneSweepLayout(columns, binnedValues(columns, folded, temperature), temperature, folded)
    : binLayout(columns, nBins, binning, folded, temperature);
  // Every metric is a ratio of sums, so weights rescaled by a power of two give the same results; only the
  // reported Σw are scaled back (core/weight-scale.ts says why: w·loss stays finite wherever the mean is).
  const scaled = scaleWeights(columns.weight);
  const { bins, totals } = accumulatePairSums(columns.margin, columns.label, scaled.weights, temperature, folded, layout);
  const settings = { view, binning, temperature, interval, mceMinCount, ...(sweep ? { sweepBins: layout.nBins } : {}) };
  return assessmentOfSums({ bins, totals }, scaled.exponent, layoutEdges(layout), settings);
}

/** What an assessment reports besides its sums: the settings it was computed with. */
export interface AssessmentSettings {
  view: View;
  binning: Binning;
  temperature: number;
  interval: BinInterval;
  mceMinCount: number;
  sweepBins?: number;
}

/**
 * The assessment of one pass's sums (5 per bin, and the totals [Σw, Σw·nll, Σw·brier, Σw·correct, count]) of
 * weights scaled by 2^−exponent: the one place where sums become metrics, for assess and for merged partials
 * (docs/DESIGN.md §3.8), so equal sums give equal bits.
 */
export function assessmentOfSums(sums: PairSums, exponent: number, edges: Float64Array, settings: AssessmentSettings): Assessment {
  const [weight, sumNll, sumBrier, sumCorrect, count] = sums.totals;
  const { errors, effectiveSizes } = calibrationErrors(sums.bins, settings.mceMinCount);
  const reliability = reliabilityBins(sums.bins, edges, effectiveSizes, settings.interval);
  for (const bin of reliability) bin.weight = timesPowerOfTwo(bin.weight, exponent);
  return {
    n: count,
    weight: timesPowerOfTwo(weight, exponent),
    view: settings.view,
    binning: settings.binning,
    temperature: settings.temperature,
    accuracy: sumCorrect / weight,
    nll: sumNll / weight,
    brier: sumBrier / weight,
    ...errors,
    ...(settings.sweepBins === undefined ? {} : { sweepBins: settings.sweepBins }),
    bins: reliability,
  };
}

function binLayout(columns: PairColumns, nBins: number, binning: Binning, folded: boolean, temperature: number): BinLayout {
  if (binning === "uniform") return uniformLayout(nBins, folded ? 0.5 : 0);
  // Pairs of zero weight take no part in the edges, so adding them changes nothing (a slice by 0/1 weights
  // gives the same report as the subset itself). The kernel leaves them out while computing the values, and
  // sorts them where they are (WebAssembly memory): these are the values binnedValues returns, sorted.
  const edges = withSortedPairConfidences(columns.margin, columns.weight, temperature, folded,
    (sorted) => distinctEdges(percentileEdgesOfSorted(sorted, nBins)));
  return { kind: "edges", nBins: edges.length - 1, edges };
}

/**
 * The values whose quantiles make the edges: σ(|d|/T) folded, σ(d/T) oriented. Pairs of zero weight take no
 * part in the edges, so adding them changes nothing (a slice by 0/1 weights gives the same report as the subset).
 */
function binnedValues(columns: PairColumns, folded: boolean, temperature: number): Float64Array {
  const weighted = withPositiveWeight(columns.margin, columns.weight);
  return sigmoidOfScaled(folded ? weighted.map(Math.abs) : weighted, temperature);
}
