// What every fitted calibrator shares: the JSON envelope of docs/DESIGN.md §4.3, the reward statistics the
// transforms of §5.6 need (mean, std, clip), and the fitted range of §5.8.

import { orderStatistics } from "../../core/order-statistics";
import { linearQuantile } from "../uncertainty/linear-quantile";

/** The `format` field of every calibrator JSON. */
export const CALIBRATOR_FORMAT = "rmcal.calibrator";
/** The JSON version this release writes; it also reads version 1, which has no `range` (docs/DESIGN.md §4.3). */
export const CALIBRATOR_VERSION = 2;

export type CalibratorKind = "temperature" | "platt" | "isotonic" | "venn-abers" | "grouped-temperature";

/**
 * Mean and standard deviation of the calibrated per-response rewards on the fitting data, and the clip a
 * pipeline applies after normalizing (null: no clip). Present only when the input had per-response scores.
 */
export interface RewardNormalization {
  readonly mean: number;
  readonly std: number;
  /** reward()'s default clip of the transformed reward to [−clip, clip] (log-odds units; std units when whitened); null for none. */
  readonly clip: number | null;
  /** Isotonic and Venn–Abers only: the reference score r_ref the rewards were computed against. */
  readonly reference?: number;
}

/**
 * The inputs a calibrator was fitted on: [min, max] of the margins, and of the per-response scores when the fit
 * had them (null otherwise). Inputs outside are extrapolation (docs/DESIGN.md §5.8).
 */
export interface FittedRange {
  readonly margins: readonly [number, number];
  readonly scores: readonly [number, number] | null;
  /**
   * The SCORE_QUANTILES + 1 quantiles (0%, 1%, …, 100%) of the per-response scores, when the fit had them: the
   * calibration distribution a live monitor compares deployment scores with (docs/DESIGN.md §11.3). Absent in files
   * written before it was stored.
   */
  readonly scoreQuantiles?: readonly number[];
}

/** How many quantile steps of the fitted score distribution a calibrator stores (docs/DESIGN.md §11.3). */
export const SCORE_QUANTILES = 100;

/** The serialized form of any calibrator. */
export interface CalibratorJson {
  format: typeof CALIBRATOR_FORMAT;
  version: 1 | typeof CALIBRATOR_VERSION;
  kind: CalibratorKind;
  fit?: Record<string, unknown>;
  rewardNormalization?: RewardNormalization;
  range?: FittedRange;
  [parameter: string]: unknown;
}

/**
 * Weighted mean and (population) standard deviation of per-response rewards: each response of pair i counts
 * with the pair's weight. Only + − × ÷ and sqrt, so the numbers are identical in every engine.
 * Returns null when a reward itself is not finite (a score divided by a tiny T overflowed float64): there is no
 * normalization to store, and a JSON with a non-finite mean or std could not be loaded back.
 */
export function rewardNormalizationOf(
  rewardA: Float64Array, rewardB: Float64Array, weight: Float64Array | null, clip: number | null,
  reference?: number,
): RewardNormalization | null {
  let sumW = 0, sum = 0;
  for (let i = 0; i < rewardA.length; i++) {
    const w = weight ? weight[i] : 1;
    sumW += 2 * w;
    sum += w * rewardA[i] + w * rewardB[i];
  }
  let mean = sum / sumW;
  let squares = 0;
  for (let i = 0; i < rewardA.length; i++) {
    const w = weight ? weight[i] : 1;
    const da = rewardA[i] - mean, db = rewardB[i] - mean;
    squares += w * da * da + w * db * db;
  }
  let std = Math.sqrt(squares / sumW);
  // Rewards near ±1e154 and beyond overflow the squares (or the sum): redo the sums on scaled values.
  if (!Number.isFinite(mean) || !Number.isFinite(std)) {
    const scaled = scaledMoments(rewardA, rewardB, weight);
    if (scaled === null) return null;
    [mean, std] = scaled;
  }
  return Object.freeze(reference === undefined ? { mean, std, clip } : { mean, std, clip, reference });
}

/**
 * Mean and std computed on r / max|r| and on half-deviations scaled by their largest value, so no intermediate
 * overflows (|mean| ≤ max|r| and std ≤ (max − min)/2 are both finite). Null when some r is not finite.
 */
function scaledMoments(a: Float64Array, b: Float64Array, weight: Float64Array | null): [number, number] | null {
  let big = 0, sumW = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) return null;
    big = Math.max(big, Math.abs(a[i]), Math.abs(b[i]));
    sumW += weight ? weight[i] : 1;
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (weight ? weight[i] : 1) * (a[i] / big / 2 + b[i] / big / 2);
  const mean = (sum / sumW) * big;
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] / 2 - mean / 2), Math.abs(b[i] / 2 - mean / 2));
  if (largest === 0) return [mean, 0];
  let squares = 0;
  for (let i = 0; i < a.length; i++) {
    const w = weight ? weight[i] : 1;
    const da = (a[i] / 2 - mean / 2) / largest, db = (b[i] / 2 - mean / 2) / largest;
    squares += (w * da * da + w * db * db) / 2;
  }
  return [mean, largest * Math.sqrt(squares / sumW) * 2];
}

/** A deep-frozen copy of plain JSON data (the `fit` record), so a calibrator never changes after it is made. */
export function frozenCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as unknown as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = frozenCopy(v);
    return Object.freeze(out) as T;
  }
  return value;
}

/** The JSON envelope with the fields in the documented order. */
export function calibratorJson(
  kind: CalibratorKind, parameters: Record<string, unknown>, fit: Record<string, unknown> | null,
  rewardNormalization: RewardNormalization | null, range: FittedRange | null,
): CalibratorJson {
  const json: CalibratorJson = { format: CALIBRATOR_FORMAT, version: CALIBRATOR_VERSION, kind, ...parameters };
  if (fit) json.fit = fit;
  if (rewardNormalization) json.rewardNormalization = rewardNormalization;
  if (range) json.range = range;
  return json;
}

/** [min, max] of the given columns (NaN-free: the pair readers refuse non-finite values); null when all are empty. */
function extent(...columns: (Float64Array | null)[]): readonly [number, number] | null {
  let low = Infinity, high = -Infinity;
  for (const column of columns) {
    if (column === null) continue;
    for (let i = 0; i < column.length; i++) {
      if (column[i] < low) low = column[i];
      if (column[i] > high) high = column[i];
    }
  }
  return low <= high ? Object.freeze([low, high] as const) : null;
}

/** The fitted range of pair columns: margins always, scores when both per-response columns are present. */
export function fittedRangeOf(margin: Float64Array, scoreA: Float64Array | null, scoreB: Float64Array | null): FittedRange | null {
  const margins = extent(margin);
  if (margins === null) return null;
  if (!scoreA || !scoreB) return Object.freeze({ margins, scores: null });
  return Object.freeze({ margins, scores: extent(scoreA, scoreB), scoreQuantiles: scoreQuantilesOf(scoreA, scoreB) });
}

/**
 * numpy.quantile(np.concatenate(columns), np.arange(101) / 100): unweighted, as the deployment scores a monitor
 * compares them with carry no weights. Its ends are the score range itself. Sorted, so the order of the columns and
 * of their values does not matter: K-wise choices of two responses store the pairs' quantiles bit for bit.
 */
export function scoreQuantilesOf(...columns: Float64Array[]): readonly number[] {
  // One column is used as it is (the selection works on its own copy in WebAssembly memory).
  let pooled = columns[0];
  if (columns.length !== 1) {
    pooled = new Float64Array(columns.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const column of columns) {
      pooled.set(column, at);
      at += column.length;
    }
  }
  // linearQuantile reads two order statistics per quantile: only those are selected (in WebAssembly, without
  // sorting all the scores: at 4·10^6 K-wise scores a full sort took a sixth of the fit), the very values a sort
  // would put at those ranks.
  const n = pooled.length;
  const wanted = new Set<number>();
  for (let k = 0; k <= SCORE_QUANTILES; k++) {
    const below = Math.floor((n - 1) * (k / SCORE_QUANTILES));
    wanted.add(Math.min(below, n - 1));
    if (below + 1 <= n - 1) wanted.add(below + 1);
  }
  const ranks = Int32Array.from([...wanted].sort((a, b) => a - b));
  const values = orderStatistics(pooled, ranks);
  const sparse: { length: number; [rank: number]: number } = { length: n };
  ranks.forEach((rank, j) => (sparse[rank] = values[j]));
  const quantiles: number[] = [];
  for (let k = 0; k <= SCORE_QUANTILES; k++) quantiles.push(linearQuantile(sparse, k / SCORE_QUANTILES));
  return Object.freeze(quantiles);
}
