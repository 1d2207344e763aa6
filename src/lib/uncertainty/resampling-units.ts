// What a bootstrap draws: whole pairs, or whole clusters of pairs (docs/DESIGN.md §6.5). One home for the
// resampled index lists, so a metric's interval, a paired comparison and a smooth-curve band draw the same pairs.
import type { PairColumns } from "../pairs/pairs";
import { resampleIndices } from "../../core/bootstrap";

/**
 * The units a bootstrap resamples. Without clusters every pair is a unit and `members` is null; with clusters,
 * unit u owns the pairs members[start[u]] … members[start[u + 1] − 1], in pair order.
 */
export interface ResamplingUnits {
  /** The number of units: pairs, or clusters in use. */
  readonly count: number;
  readonly start: Int32Array | null;
  readonly members: Int32Array | null;
}

/**
 * The units of `columns`: its clusters when it has a cluster column, its pairs otherwise. Unused cluster codes (in a
 * subset) are dropped, so every unit holds at least one pair. O(n + clusterCount).
 */
export function resamplingUnits(columns: PairColumns): ResamplingUnits {
  const { cluster, clusterCount, n } = columns;
  if (!cluster) return { count: n, start: null, members: null };
  const sizes = new Int32Array(clusterCount);
  for (let i = 0; i < n; i++) sizes[cluster[i]]++;
  const unitOfCode = new Int32Array(clusterCount).fill(-1);
  let count = 0;
  for (let c = 0; c < clusterCount; c++) if (sizes[c] > 0) unitOfCode[c] = count++;
  const start = new Int32Array(count + 1);
  for (let c = 0; c < clusterCount; c++) if (sizes[c] > 0) start[unitOfCode[c] + 1] = sizes[c];
  for (let u = 0; u < count; u++) start[u + 1] += start[u];
  const next = start.slice(0, count);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[next[unitOfCode[cluster[i]]]++] = i;
  return { count, start, members };
}

/**
 * The pair indices of resample `resample` of the stream `seed`: `count` units drawn with replacement, each
 * contributing all its pairs. Without clusters these are exactly the indices of core's resampleIndices (the
 * stream the WebAssembly bootstrap draws), so both paths see the same resamples. O(n).
 */
export function resampleUnitIndices(units: ResamplingUnits, seed: number, resample: number): Int32Array {
  const drawn = resampleIndices(units.count, seed, resample);
  const { start, members } = units;
  if (!start || !members) return drawn;
  let length = 0;
  for (const u of drawn) length += start[u + 1] - start[u];
  const out = new Int32Array(length);
  let at = 0;
  for (const u of drawn) {
    out.set(members.subarray(start[u], start[u + 1]), at);
    at += start[u + 1] - start[u];
  }
  return out;
}

/** The unit of each of the n pairs, as a code in [0, units.count): what a kernel drawing whole units reads. O(n). */
export function unitOfPair(units: ResamplingUnits, n: number): Int32Array {
  return perPair(units, n, Int32Array.from({ length: units.count }, (_, u) => u));
}

/** A value per unit (a fold, a jackknife group) spread over the unit's pairs: out[i] = ofUnit[unit of i]. O(n). */
export function perPair(units: ResamplingUnits, n: number, ofUnit: Int32Array): Int32Array {
  const { start, members } = units;
  if (!start || !members) return ofUnit.slice(0, n);
  const out = new Int32Array(n);
  for (let u = 0; u < units.count; u++) {
    for (let j = start[u]; j < start[u + 1]; j++) out[members[j]] = ofUnit[u];
  }
  return out;
}

/** The pairs at the given indices, in that order (a resample, a subset or a fold), keeping their cluster codes. */
export function resampled(columns: PairColumns, indices: Int32Array): PairColumns {
  const pick = (column: Float64Array | null) => (column ? gathered(column, indices) : null);
  return {
    shape: columns.shape, n: indices.length, margin: pick(columns.margin) as Float64Array,
    label: pick(columns.label), weight: pick(columns.weight), scoreA: pick(columns.scoreA), scoreB: pick(columns.scoreB),
    cluster: columns.cluster ? Int32Array.from(indices, (i) => columns.cluster![i]) : null, clusterCount: columns.clusterCount,
  };
}

/**
 * Most leave-one-out values any jackknife computes by recomputing a metric: with more units, units are dealt into
 * this many groups and a group is left out at a time (the grouped, delete-d jackknife; docs/DESIGN.md §6.4).
 */
const MAX_JACKKNIFE_GROUPS = 100;

/**
 * The jackknife groups of `units`: group g leaves out the pairs of every unit u with groupOf(u) = g. With at most
 * `maxGroups` units each unit is its own group; otherwise a multiplicative hash deals units into maxGroups groups,
 * so neighbouring units (often sorted data) land in different groups. Returns the kept pair indices of each group,
 * in pair order. O(groups · n).
 */
function jackknifeKeptIndices(units: ResamplingUnits, n: number, maxGroups = MAX_JACKKNIFE_GROUPS): Int32Array[] {
  const groups = Math.min(units.count, maxGroups);
  const groupOfUnit = new Int32Array(units.count);
  if (groups < units.count) {
    // Knuth's multiplicative hash (TAOCP vol. 3, §6.4): Math.imul is exact 32-bit arithmetic in every engine.
    for (let u = 0; u < units.count; u++) groupOfUnit[u] = (Math.imul(u, 0x9e3779b1) >>> 0) % groups;
  } else {
    for (let u = 0; u < units.count; u++) groupOfUnit[u] = u;
  }
  const groupOfPair = perPair(units, n, groupOfUnit);
  const sizes = new Int32Array(groups);
  for (let i = 0; i < n; i++) sizes[groupOfPair[i]]++;
  return Array.from({ length: groups }, (_, g) => {
    const kept = new Int32Array(n - sizes[g]);
    let at = 0;
    for (let i = 0; i < n; i++) if (groupOfPair[i] !== g) kept[at++] = i;
    return kept;
  });
}

/**
 * Leave-one-group-out values of `value` on `columns` (see jackknifeKeptIndices): the jackknife values from which a
 * BCa interval takes its acceleration. O(groups · cost of value).
 */
export function jackknifeValues(
  columns: PairColumns, units: ResamplingUnits, value: (columns: PairColumns) => number, maxGroups = MAX_JACKKNIFE_GROUPS,
): Float64Array {
  const kept = jackknifeKeptIndices(units, columns.n, maxGroups);
  return Float64Array.from(kept, (indices) => value(resampled(columns, indices)));
}

/**
 * column[indices[0]], column[indices[1]], …: a resample's copy of a column. A plain loop: Float64Array.from with a
 * map function is several times slower, which at 10^7 pairs is seconds per smooth-ECE band resample. O(n).
 */
export function gathered(column: ArrayLike<number>, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < out.length; i++) out[i] = column[indices[i]];
  return out;
}
