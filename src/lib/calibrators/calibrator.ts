// What every fitted calibrator shares: the JSON envelope of docs/DESIGN.md §4.3 and the reward normalization
// statistics a PPO pipeline applies as (r′ − mean)/std, then an optional clip.

/** The `format` field of every calibrator JSON. */
export const CALIBRATOR_FORMAT = "rmcal.calibrator";
/** The only JSON version this release reads and writes. */
export const CALIBRATOR_VERSION = 1;

export type CalibratorKind = "temperature" | "platt" | "isotonic";

/**
 * Mean and standard deviation of the calibrated per-response rewards on the fitting data, and the clip a
 * pipeline applies after normalizing (null: no clip). Present only when the input had per-response scores.
 */
export interface RewardNormalization {
  readonly mean: number;
  readonly std: number;
  /** Clip the normalized reward to [−clip, clip]; null for no clip. */
  readonly clip: number | null;
  /** Isotonic only: the reference score r_ref the rewards were computed against. */
  readonly reference?: number;
}

/** The serialized form of any calibrator. */
export interface CalibratorJson {
  format: typeof CALIBRATOR_FORMAT;
  version: typeof CALIBRATOR_VERSION;
  kind: CalibratorKind;
  fit?: Record<string, unknown>;
  rewardNormalization?: RewardNormalization;
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
  rewardNormalization: RewardNormalization | null,
): CalibratorJson {
  const json: CalibratorJson = { format: CALIBRATOR_FORMAT, version: CALIBRATOR_VERSION, kind, ...parameters };
  if (fit) json.fit = fit;
  if (rewardNormalization) json.rewardNormalization = rewardNormalization;
  return json;
}
