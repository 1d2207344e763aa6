// How a large assess splits into chunks of pairs that workers bin apart, and how their sums join (docs/DESIGN.md
// §6.10): each chunk's sums become an exact partial (§3.8), and exact addition makes the join independent of the
// order and grouping of the chunks; the fixed chunk size makes it independent of the number of workers.
import type { PairColumns } from "../pairs/pairs";
import { ASSESS_OPTION_KEYS, type Assessment, type AssessOptions } from "../metrics/assess";
import { assessFromPartial, mergePartials, partialOfColumns, partialSettings, type AssessPartialOptions } from "../metrics/assess-partial";
import type { PartialJson } from "../metrics/partial-json";
import { optionsObject } from "../validation/columns";

/**
 * Pairs per chunk: 2^20, a few milliseconds of binning and 24 MiB of columns, so a chunk's setup and its partial
 * (about 1 KB) are small beside its work. Fixed, so the sums never depend on the number of workers.
 */
export const ASSESS_CHUNK_PAIRS = 1 << 20;

/** Pairs first … first + count − 1 of a job. */
export interface PairRange {
  readonly first: number;
  readonly count: number;
}

/** What a chunk needs: the validated columns (their arrays may be shared memory) and the partial's settings. */
export interface AssessChunking {
  readonly columns: PairColumns;
  readonly partialOptions: AssessPartialOptions;
}

/**
 * A large assess cut into chunks, or null when it is not cut: n ≤ ASSESS_CHUNK_PAIRS (one chunk would give assess's
 * own bits, so assess runs as it is), or quantile or sweep bins, whose edges need every value at once. Validates the
 * options as assess does. O(n / ASSESS_CHUNK_PAIRS).
 */
export function assessChunking(columns: PairColumns, options?: AssessOptions): { chunking: AssessChunking; ranges: PairRange[] } | null {
  const o = optionsObject(options, ASSESS_OPTION_KEYS);
  if (columns.n <= ASSESS_CHUNK_PAIRS || o.bins === "sweep" || (o.binning ?? "uniform") !== "uniform") return null;
  const { bins, view, temperature } = o as AssessPartialOptions;
  const ranges: PairRange[] = [];
  for (let first = 0; first < columns.n; first += ASSESS_CHUNK_PAIRS) ranges.push({ first, count: Math.min(ASSESS_CHUNK_PAIRS, columns.n - first) });
  const partialOptions: AssessPartialOptions = { ...(bins === undefined ? {} : { bins }), ...(view === undefined ? {} : { view }), ...(temperature === undefined ? {} : { temperature }) };
  partialSettings(partialOptions); // a bad value fails here, as assess fails, before any chunk is sent
  return { chunking: { columns, partialOptions }, ranges };
}

/**
 * The exact partial (docs/DESIGN.md §3.8) of one chunk of pairs. Views into the columns, no copy: a worker holding
 * shared columns reads its chunk in place. O(count + bins).
 */
export function assessChunkPartial(chunking: AssessChunking, range: PairRange): PartialJson {
  const { columns, partialOptions } = chunking;
  const end = range.first + range.count;
  const part = (column: Float64Array | null) => column && column.subarray(range.first, end);
  const chunk: PairColumns = {
    ...columns, n: range.count, margin: part(columns.margin)!, label: part(columns.label), weight: part(columns.weight),
    scoreA: null, scoreB: null, cluster: null, clusterCount: 0,
  };
  return partialOfColumns(chunk, partialOptions);
}

/**
 * The assessment of the chunks' partials, merged by exact addition: the same bits in any order of the chunks, so
 * whatever computed them. Equal to assess on all the pairs to the rounding of its sums (§3.8). O(chunks · bins).
 */
export function assessmentOfChunks(parts: readonly PartialJson[], options?: AssessOptions): Assessment {
  const { interval, mceMinCount } = options ?? {};
  return assessFromPartial(mergePartials(parts), { ...(interval === undefined ? {} : { interval }), ...(mceMinCount === undefined ? {} : { mceMinCount }) });
}
