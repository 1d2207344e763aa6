// Top-1 calibration of K-wise choices: how often the response a reward model would pick, at the probability it
// gives it, is the one people chose (docs/DESIGN.md §5.12).
import { choiceTerms } from "../../core/plackett-luce";
import { accumulateProbabilitySums, calibrationErrors, type CalibrationErrors } from "../../core/binning";
import { resampleIndices } from "../../core/bootstrap";
import { scaleWeights, timesPowerOfTwo } from "../../core/weight-scale";
import type { BinLayout } from "../../core/bin-layout";
import { uniformLayout, percentileEdgesOfSorted, distinctEdges, layoutEdges, withPositiveWeight, type Binning } from "../metrics/bin-edges";
import { reliabilityBins, type ReliabilityBin, type BinInterval } from "../metrics/reliability-bins";
import { MAX_BINS } from "../metrics/assess";
import { MAX_RESAMPLES } from "../uncertainty/bootstrap-calibration";
import { bootstrapInterval } from "../uncertainty/bootstrap-interval";
import { sortedCopy } from "../sort/sorted-copy";
import { choiceOption, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";
import { toChoiceColumns, type Choices, type ChoiceColumns } from "./choices";

export interface AssessBestOfNOptions {
  /** Number of bins (default 15) over [1/K_max, 1], the range of a top-1 probability. */
  bins?: number;
  /** Equal-width (default) or equal-count bins of the top-1 probabilities. */
  binning?: Binning;
  /** Probabilities are softmax(r / temperature); default 1. */
  temperature?: number;
  /** Per-bin 95% interval of the observed rate: "wilson" (default) or "clopper-pearson". */
  interval?: BinInterval;
  /** MCE leaves out bins of fewer prompts than this (default 1). */
  mceMinCount?: number;
  /** Bootstrap resamples of the prompts for the intervals of ECE, NLL and accuracy (default 1000; 0: none). */
  resamples?: number;
  /** Coverage of those intervals (default 0.9, as bootstrapCalibration's). */
  confidence?: number;
  /** Integer seed of the resampling stream, 0 ≤ seed < 2^53 (default 0). */
  seed?: number;
}

const OPTION_KEYS = optionKeys<AssessBestOfNOptions>()([
  "bins", "binning", "temperature", "interval", "mceMinCount", "resamples", "confidence", "seed",
]);

/** A percentile bootstrap interval over prompts. */
export interface PromptInterval {
  low: number;
  high: number;
}

export interface BestOfNAssessment extends CalibrationErrors {
  /** Prompts with non-zero weight. */
  n: number;
  /** Σw over prompts. */
  weight: number;
  /** "best-of-n": one chosen response per prompt; "plackett-luce": full rankings. */
  model: "best-of-n" | "plackett-luce";
  /** Responses in all, and the fewest and most of a prompt. */
  responses: number;
  minK: number;
  maxK: number;
  binning: Binning;
  temperature: number;
  /** Weighted mean share of the top the chosen response holds: 1 alone on top, 1/c tied with c − 1 others, else 0. */
  accuracy: number;
  /** Weighted mean 1/K: the accuracy of a scorer with no signal (¼ for 1 chosen against 3 rejected). */
  chance: number;
  /** Weighted mean NLL: of the chosen response under softmax(r/T), or of the ranking under Plackett–Luce. */
  nll: number;
  /** Reliability bins of the predicted winner's probability max_i softmax(r/T)_i against its share of the choice. */
  bins: ReliabilityBin[];
  /** Percentile bootstrap intervals resampling whole prompts; null when options.resamples is 0. */
  intervals: { ece: PromptInterval; nll: PromptInterval; accuracy: PromptInterval } | null;
  resamples: number;
  confidence: number;
  seed: number;
}

/**
 * Top-1 calibration of a reward model on best-of-N or ranking data, K responses per prompt (K may vary): the
 * reliability diagram and ECE of the predicted winner's probability max_i softmax(r/T)_i, the NLL (softmax, or
 * Plackett–Luce for rankings), top-1 accuracy against chance, with bootstrap intervals that resample prompts.
 * At K = 2 every field `assess` also has equals assess's on the pairs (chosen, rejected), bit for bit.
 * Guo et al., "On Calibration of Modern Neural Networks", ICML 2017 (top-label diagram); Plackett (1975).
 * O(Σ K) for uniform bins, plus O(R·n) for R resamples.
 * @param choices {scores, best}, {scores, ranking} or {prompt, score, best | rank}
 * @param options bins (15), binning, temperature (1), interval, mceMinCount, resamples (1000), confidence (0.9), seed
 * @returns metrics, bins and intervals
 * @throws {TypeError|RangeError} naming the field, prompt and response of the first invalid value, or the option
 * @example assessBestOfN({ scores: [[2, 1, 0, 0], [0, 3, 1, 1]], best: [0, 2] }, { resamples: 0 }).accuracy // => 0.5
 */
export function assessBestOfN(choices: Choices, options?: AssessBestOfNOptions): BestOfNAssessment {
  const o = optionsObject(options, OPTION_KEYS);
  const nBins = integerOption(o.bins ?? 15, "options.bins", 1, MAX_BINS);
  const binning = choiceOption(o.binning ?? "uniform", "options.binning", ["uniform", "quantile"] as const);
  const temperature = numberOption(o.temperature ?? 1, "options.temperature", (t) => t > 0, "a finite number > 0");
  const interval = choiceOption(o.interval ?? "wilson", "options.interval", ["wilson", "clopper-pearson"] as const);
  const mceMinCount = integerOption(o.mceMinCount ?? 1, "options.mceMinCount", 1, Number.MAX_SAFE_INTEGER);
  const resamples = integerOption(o.resamples ?? 1000, "options.resamples", 0, MAX_RESAMPLES);
  const confidence = numberOption(o.confidence ?? 0.9, "options.confidence", (c) => c > 0 && c < 1, "a number in (0, 1)");
  const seed = integerOption(o.seed ?? 0, "options.seed", 0, Number.MAX_SAFE_INTEGER);
  const columns = toChoiceColumns(choices);
  const terms = choiceTerms(columns, temperature);
  // Weights scaled by a power of two, exactly as assess scales them (docs/DESIGN.md §2.5).
  const scaled = scaleWeights(columns.weight);
  const layout = binLayout(terms.confidence, scaled.weights, nBins, binning, columns.maxK);
  const summary = (rows: Int32Array | null) => summarize(terms, scaled.weights, layout, mceMinCount, rows);
  const full = summary(null);
  const reliability = reliabilityBins(full.bins, layoutEdges(layout), full.effectiveSizes, interval);
  for (const bin of reliability) bin.weight = timesPowerOfTwo(bin.weight, scaled.exponent);
  return {
    n: full.count, weight: timesPowerOfTwo(full.weight, scaled.exponent),
    model: columns.ranked ? "plackett-luce" : "best-of-n",
    responses: columns.scores.length, minK: columns.minK, maxK: columns.maxK, binning, temperature,
    accuracy: full.accuracy, chance: chanceRate(columns, scaled.weights), nll: full.nll, ...full.errors, bins: reliability,
    intervals: resamples === 0 ? null : promptIntervals(columns, full, summary, resamples, confidence, seed),
    resamples, confidence, seed,
  };
}

interface Summary {
  count: number;
  weight: number;
  accuracy: number;
  nll: number;
  errors: CalibrationErrors;
  bins: Float64Array;
  effectiveSizes: Float64Array;
}

/**
 * The metrics of the prompts `rows` (all when null; a resample repeats indices). The sums run in row order with
 * assess's operations (w·x, a zero weight adding no loss), so K = 2 data give assess's bits.
 */
function summarize(
  terms: { confidence: Float64Array; correct: Float64Array; nll: Float64Array }, weight: Float64Array | null,
  layout: BinLayout, mceMinCount: number, rows: Int32Array | null,
): Summary {
  const pick = (column: Float64Array) => (rows === null ? column : Float64Array.from(rows, (i) => column[i]));
  const confidence = pick(terms.confidence), correct = pick(terms.correct), nll = pick(terms.nll);
  const w = weight === null ? null : pick(weight);
  let sumW = 0, sumNll = 0, sumCorrect = 0, count = 0;
  for (let i = 0; i < nll.length; i++) {
    const wi = w === null ? 1 : w[i];
    sumW += wi;
    if (wi !== 0) {
      sumNll += wi * nll[i];
      count++;
    }
    sumCorrect += wi * correct[i];
  }
  // The binning kernel of calibrationCurve bins v = confidence against k = correct: the same sums as assess's pass.
  const bins = accumulateProbabilitySums(correct, confidence, w, layout);
  if (bins === null) throw new Error("assessBestOfN: a top-1 probability or share left [0, 1]; please report this bug");
  const { errors, effectiveSizes } = calibrationErrors(bins, mceMinCount);
  return { count, weight: sumW, accuracy: sumCorrect / sumW, nll: sumNll / sumW, errors, bins, effectiveSizes };
}

/**
 * Uniform bins span [1/K_max, 1], every value a top-1 probability can take (at K = 2, assess's folded [½, 1]);
 * quantile bins are numpy's percentiles of the prompts of positive weight, duplicates removed, as in assess.
 */
function binLayout(confidence: Float64Array, weight: Float64Array | null, nBins: number, binning: Binning, maxK: number): BinLayout {
  if (binning === "uniform") return uniformLayout(nBins, 1 / maxK);
  const edges = distinctEdges(percentileEdgesOfSorted(sortedCopy(withPositiveWeight(confidence, weight)), nBins));
  return { kind: "edges", nBins: edges.length - 1, edges };
}

function chanceRate({ offsets }: ChoiceColumns, weight: Float64Array | null): number {
  let sumW = 0, sum = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const w = weight === null ? 1 : weight[i];
    sumW += w;
    sum += w / (offsets[i + 1] - offsets[i]);
  }
  return sum / sumW;
}

/**
 * Percentile intervals from R resamples of the prompts, drawn whole (docs/DESIGN.md §6.3, §6.5: a prompt is the
 * cluster of its responses). The bins stay those of the full data. Prompts of zero weight are left out of the draw.
 */
function promptIntervals(
  columns: ChoiceColumns, full: Summary, summary: (rows: Int32Array) => Summary,
  resamples: number, confidence: number, seed: number,
): BestOfNAssessment["intervals"] {
  const kept = Int32Array.from({ length: columns.n }, (_, i) => i).filter((i) => columns.weight === null || columns.weight[i] > 0);
  const ece = new Float64Array(resamples), nll = new Float64Array(resamples), accuracy = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const drawn = resampleIndices(kept.length, seed, r);
    const s = summary(drawn.map((u) => kept[u]));
    ece[r] = s.errors.ece;
    nll[r] = s.nll;
    accuracy[r] = s.accuracy;
  }
  const bounds = (values: Float64Array, estimate: number) => {
    const { low, high } = bootstrapInterval(sortedCopy(values), estimate, confidence, "percentile", null);
    return { low, high };
  };
  return { ece: bounds(ece, full.errors.ece), nll: bounds(nll, full.nll), accuracy: bounds(accuracy, full.accuracy) };
}
