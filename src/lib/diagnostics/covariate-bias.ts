// Does the reward model's margin follow a per-response covariate (length, most often) rather than the labels? The
// length-bias check of reward-hacking studies, as four numbers and a diagram (docs/DESIGN.md §7.6).
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";
import { toPairColumns, type Pairs, type PairColumns } from "../pairs/pairs";
import { ASSESS_OPTION_KEYS, assessColumns, type AssessOptions, type Assessment } from "../metrics/assess";
import { resampled } from "../uncertainty/resampling-units";
import { numpyPercentileEdges } from "../metrics/bin-edges";
import { finiteColumn, integerOption, optionKeys, optionsObject, requireSameLength, describeValue } from "../validation/columns";

/** A numeric covariate of each response: a for response A (chosen), b for response B (rejected). */
export interface Covariate {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
}

export interface CovariateBiasOptions extends AssessOptions {
  /** Equal-count bins of the covariate difference Δ = a − b for the calibration table (default 5). */
  differenceBins?: number;
}

const OPTION_KEYS = optionKeys<CovariateBiasOptions>()([...ASSESS_OPTION_KEYS, "differenceBins"]);

/** The pairs whose covariate difference falls in (lower, upper] (the first bin also takes its lower edge). */
export interface DifferenceBin {
  lower: number;
  upper: number;
  /** Pairs with non-zero weight in the bin. */
  n: number;
  /** The pairs' assessment with the given assess options: accuracy, NLL, ECE and the bin's reliability bins. */
  assessment: Assessment;
  /** Weighted mean of the binned values (the confidence σ(|d|/T) in the folded view): compare with accuracy. */
  meanPredicted: number;
}

export interface CovariateBias {
  /** Pairs with non-zero weight (the correlations count each once, unweighted). */
  n: number;
  /** Pearson's r and Spearman's ρ (average ranks for ties) of the margin d and Δ; null when either is constant. */
  pearson: number | null;
  spearman: number | null;
  /** The model's accuracy (tied margins ½), and that of "the response with the larger covariate wins" (Δ = 0: ½). */
  accuracy: number;
  baselineAccuracy: number;
  /** Weighted share of pairs whose margin and Δ have the same sign (both non-zero): the model agrees with the covariate. */
  agreement: number;
  /** Weighted share of pairs with Δ = 0, where the baseline has no pick. */
  tiedShare: number;
  /** Calibration within equal-count bins of Δ (empty bins, from repeated edges, left out). */
  differenceBins: DifferenceBin[];
  /** The same for Δ's terciles: three reliability diagrams (fewer when Δ has too few distinct values). */
  terciles: DifferenceBin[];
}

/**
 * Covariate bias of a reward model (length bias, when the covariate is the responses' length): the correlation of
 * the margin d = r_A − r_B with the covariate difference Δ = c_A − c_B (Pearson and Spearman, as scipy.stats), the
 * calibration error within equal-count bins of Δ, the accuracy of "the larger covariate wins" beside the model's, and
 * per-tercile assessments of Δ for a reliability diagram. Bin edges are numpy percentiles of Δ over the pairs with
 * non-zero weight. Singhal et al., "A Long Way to Go: Investigating Length Correlations in RLHF", 2023. O(n log n).
 * @param pairs pairs in any accepted shape, optionally with weight
 * @param covariate the covariate of response A and of response B, one finite number per pair each
 * @param options differenceBins (5), and assess's options for every assessment
 * @returns the correlations, accuracies and per-bin assessments
 * @throws {TypeError|RangeError} naming the first invalid field, index or option
 * @example covariateBias({ margin: [2, -1, 0.5, 3, -2, 1], label: [1, 0, 0, 1, 1, 1] }, { a: [300, 120, 80, 500, 90, 200], b: [100, 200, 90, 150, 300, 210] }).pearson // => 0.95897…
 */
export function covariateBias(pairs: Pairs, covariate: Covariate, options?: CovariateBiasOptions): CovariateBias {
  const columns = toPairColumns(pairs);
  const o = optionsObject(options, OPTION_KEYS);
  const { differenceBins: nBins, ...assessOptions } = o;
  const bins = integerOption(nBins ?? 5, "options.differenceBins", 1, 1000);
  const delta = covariateDifference(covariate, columns.n);
  // Correlations and edges are over the pairs that count (non-zero weight), each once.
  const kept = Int32Array.from({ length: columns.n }, (_, i) => i).filter((i) => columns.weight === null || columns.weight[i] !== 0);
  const d = Float64Array.from(kept, (i) => columns.margin[i]);
  const x = Float64Array.from(kept, (i) => delta[i]);
  let sumW = 0, baseline = 0, agree = 0, tied = 0;
  for (let i = 0; i < columns.n; i++) {
    const w = columns.weight === null ? 1 : columns.weight[i];
    const y = columns.label === null ? 1 : columns.label[i];
    const c = delta[i];
    sumW += w;
    baseline += w * (c > 0 ? y : c < 0 ? 1 - y : 0.5);
    if (c === 0) tied += w;
    if ((c > 0 && columns.margin[i] > 0) || (c < 0 && columns.margin[i] < 0)) agree += w;
  }
  return {
    n: kept.length,
    pearson: pearson(d, x),
    spearman: pearson(averageRanks(d), averageRanks(x)),
    accuracy: assessColumns(columns, { ...assessOptions, bins: 1 }).accuracy,
    baselineAccuracy: baseline / sumW,
    agreement: agree / sumW,
    tiedShare: tied / sumW,
    differenceBins: binnedByDifference(columns, delta, x, bins, assessOptions),
    terciles: binnedByDifference(columns, delta, x, 3, assessOptions),
  };
}

/** Δ = a − b, checked: two finite columns of one value per pair, whose difference does not overflow. */
function covariateDifference(covariate: Covariate, n: number): Float64Array {
  if (covariate === null || typeof covariate !== "object" || covariate.a === undefined || covariate.b === undefined) {
    throw new RmcalTypeError("invalid-argument", `covariate must be an object { a, b } with one number per pair for each response, got ${describeValue(covariate)}`, { argument: "covariate" });
  }
  const a = finiteColumn(covariate.a, "covariate.a"), b = finiteColumn(covariate.b, "covariate.b");
  requireSameLength({ pairs: { length: n }, "covariate.a": a, "covariate.b": b });
  return a.map((x, i) => {
    const c = x - b[i];
    if (!Number.isFinite(c)) throw new RmcalRangeError("invalid-argument", `covariate.a[${i}] − covariate.b[${i}] overflows (${x} − ${b[i]}); rescale the covariate`, { argument: "covariate.a", index: i });
    return c;
  });
}

/**
 * Pearson's r as scipy.stats.pearsonr computes it: centred sums, r = Σxy / √(Σx²·Σy²), clipped to [−1, 1]; null when a
 * column is constant (r undefined) or has fewer than two values. + − × ÷ and sqrt only. O(n).
 */
function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1 … n with ties given their average rank (scipy.stats.rankdata's "average"). O(n log n). */
function averageRanks(values: Float64Array): Float64Array {
  const order = Array.from(values.keys()).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pairs binned by Δ at numpy.percentile(Δ, linspace(0, 1, B + 1)·100) of the counted pairs' Δ (`counted`; the quantile
 * bins' edges, docs/DESIGN.md §2.3), each bin
 * (e_k, e_{k+1}] and the first [e_0, e_1], as the reliability bins' rule (docs/DESIGN.md §2.3); empty bins dropped.
 */
function binnedByDifference(columns: PairColumns, delta: Float64Array, counted: Float64Array, bins: number, options: AssessOptions): DifferenceBin[] {
  const edges = numpyPercentileEdges(counted, bins);
  const members: number[][] = Array.from({ length: bins }, () => []);
  for (let i = 0; i < columns.n; i++) {
    if (columns.weight !== null && columns.weight[i] === 0) continue;
    // The first k with Δ ≤ e_{k+1} (searchsorted "left" on the inner edges), so repeated edges leave empty bins.
    let lo = 0, hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (delta[i] > edges[mid + 1]) lo = mid + 1;
      else hi = mid;
    }
    members[lo].push(i);
  }
  return members.flatMap((indices, k) => {
    if (indices.length === 0) return [];
    const assessment = assessColumns(resampled(columns, Int32Array.from(indices)), options);
    let w = 0, v = 0;
    for (const b of assessment.bins) {
      if (b.weight === 0 || b.meanPredicted === null) continue;
      w += b.weight;
      v += b.weight * b.meanPredicted;
    }
    return [{ lower: edges[k], upper: edges[k + 1], n: assessment.n, assessment, meanPredicted: v / w }];
  });
}
