// Assessment of a tie model on three-outcome pairs: the three-outcome NLL, and whether the predicted tie
// probability matches the observed tie rate (docs/DESIGN.md §5.10).
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";
import { naturalLog } from "../../core/logistic";
import { davidsonProbabilities, withDavidsonPasses } from "../../core/davidson";
import { toPairColumns, type Pairs } from "../pairs/pairs";
import { threeOutcomeLabels } from "../calibrators/fit-davidson";
import { wilsonBounds } from "../uncertainty/wilson-interval";
import { describeValue, integerOption, numberOption, optionKeys, optionsObject } from "../validation/columns";

/** One bin of pairs with similar predicted tie probability. */
export interface TieBin {
  /** Pairs in the bin (any weight) and their weight. */
  count: number;
  weight: number;
  /** Weighted mean predicted P(tie), and the weighted share of tied outcomes with its 95% Wilson interval. */
  predicted: number;
  observed: number;
  low: number;
  high: number;
}

export interface TieAssessment {
  /** Weighted mean three-outcome NLL: −ln P(observed outcome). */
  nll: number;
  /** Weighted shares of tied outcomes, observed and predicted (equal at a maximum-likelihood fit). */
  tieShare: number;
  predictedTieShare: number;
  /** The weighted mean |observed − predicted| over the bins: the tie rate's calibration error. */
  tieCalibrationError: number;
  bins: TieBin[];
}

export interface AssessTiesOptions {
  /** Equal-count bins of the predicted tie probability (default 10); equal predictions share a bin. */
  bins?: number;
}

const ASSESS_TIES_OPTION_KEYS = optionKeys<AssessTiesOptions>()(["bins"]);

/**
 * Assesses a Davidson tie model on three-outcome pairs: its NLL over the three outcomes, and a tie-rate reliability
 * check (predicted P(tie) against the observed tie share in equal-count bins of the prediction, with Wilson
 * intervals at the bins' effective sample sizes). Davidson, JASA 65 (1970). O(n log n).
 * @param pairs three-outcome pairs (labels 1, 0 or 0.5)
 * @param model the temperature T and tie parameter ν, e.g. a fitDavidson result
 * @param options bins (10)
 * @throws {RangeError} for labels outside {0, 0.5, 1}, no ties, T NaN or 0, or ν not finite and > 0
 * @example assessTies({ margin: [2, -1, 0, 1], label: [1, 0, 0.5, 0.5] }, { temperature: 1, nu: 1 }).tieShare // => 0.5
 */
export function assessTies(pairs: Pairs, model: { temperature: number; nu: number }, options?: AssessTiesOptions): TieAssessment {
  const o = optionsObject(options, ASSESS_TIES_OPTION_KEYS);
  const nBins = integerOption(o.bins ?? 10, "options.bins", 1, 1_000_000);
  if (model === null || typeof model !== "object") throw new RmcalTypeError("invalid-argument", "model must be an object { temperature, nu }", { argument: "model" });
  // ±Infinity is a fit's a = 1/T = 0 (margins carry no signal): allowed, as fitDavidson may return it.
  const temperature = model.temperature;
  if (typeof temperature !== "number" || Number.isNaN(temperature) || temperature === 0) {
    throw new RmcalRangeError("invalid-argument", `model.temperature is ${describeValue(temperature)}; it must be a number ≠ 0 (±Infinity for no signal)`, { argument: "model.temperature" });
  }
  const nu = numberOption(model.nu, "model.nu", (v) => v > 0 && Number.isFinite(v), "a finite number > 0");
  const columns = toPairColumns(pairs);
  const label = threeOutcomeLabels(columns);
  const { margin, weight } = columns;
  const a = 1 / temperature, lambda = naturalLog(nu);
  const sums = withDavidsonPasses(margin, label, weight, (pass) => pass(a, lambda));
  const tie = davidsonProbabilities(margin, a, lambda).tie;
  let predictedTies = 0;
  for (let i = 0; i < tie.length; i++) predictedTies += (weight === null ? 1 : weight[i]) * tie[i];
  const bins = tieBins(tie, label, weight, nBins);
  let gap = 0;
  for (const b of bins) gap += b.weight * Math.abs(b.observed - b.predicted);
  return {
    nll: sums.nll / sums.weight, tieShare: sums.tieWeight / sums.weight, predictedTieShare: predictedTies / sums.weight,
    tieCalibrationError: gap / sums.weight, bins,
  };
}

/** Equal-count bins over the pairs of positive weight sorted by predicted P(tie); a run of equal values is never split. */
function tieBins(tie: Float64Array, label: Float64Array, weight: Float64Array | null, nBins: number): TieBin[] {
  const order: number[] = [];
  for (let i = 0; i < tie.length; i++) if (weight === null || weight[i] > 0) order.push(i);
  order.sort((i, j) => tie[i] - tie[j] || i - j);
  const bins: TieBin[] = [];
  let start = 0;
  for (let b = 1; b <= nBins && start < order.length; b++) {
    let end = Math.max(start + 1, Math.round((b * order.length) / nBins));
    // Equal predictions (equal |margins|) stay together: the bin grows to the end of the run.
    while (end < order.length && tie[order[end]] === tie[order[end - 1]]) end++;
    if (b === nBins) end = order.length;
    let count = 0, w = 0, w2 = 0, predicted = 0, observed = 0;
    for (let k = start; k < end; k++) {
      const i = order[k], wi = weight === null ? 1 : weight[i];
      count++;
      w += wi;
      w2 += wi * wi;
      predicted += wi * tie[i];
      if (label[i] === 0.5) observed += wi;
    }
    const rate = observed / w;
    // The effective sample size (Σw)²/Σw² (docs/DESIGN.md §6.1).
    const [low, high] = wilsonBounds(rate, (w * w) / w2);
    bins.push({ count, weight: w, predicted: predicted / w, observed: rate, low, high });
    start = end;
  }
  return bins;
}
