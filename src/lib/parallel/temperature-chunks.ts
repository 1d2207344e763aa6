// How a full pass of the temperature fit splits into chunks of pairs that workers sum apart, and how their sums
// join (docs/DESIGN.md §5.1, §6.10): the same chunks of 2^20 pairs, added in chunk order, that the fit's own
// passes use in one thread (core/temperature.ts), so a fit on worker threads has the synchronous fit's bits.
import { PASS_CHUNK_PAIRS, expansionChunkSums, expansionOfSums, joinPassSums, type TemperatureExpansion } from "../../core/temperature";
import type { PairColumns } from "../pairs/pairs";
import type { ExpansionRequest } from "../calibrators/inverse-temperature-fit";
import type { PairRange } from "./assess-chunks";

/** The columns a pass reads (their arrays may be shared memory). */
export type TemperatureColumns = Pick<PairColumns, "margin" | "label" | "weight">;

/** One chunk of one full pass: its pairs, the inverse temperature and whether the loss is summed. */
export interface TemperatureChunk extends PairRange {
  readonly a: number;
  readonly withLoss: boolean;
}

/** The chunks of a full pass over n pairs at a: fixed by n alone, whatever runs them. O(n / 2^20). */
export function temperaturePassChunks(n: number, { a, withLoss }: Omit<ExpansionRequest, "stride">): TemperatureChunk[] {
  const chunks: TemperatureChunk[] = [];
  for (let first = 0; first < n; first += PASS_CHUNK_PAIRS) chunks.push({ first, count: Math.min(PASS_CHUNK_PAIRS, n - first), a, withLoss });
  return chunks;
}

/** The fused pass's eight sums over one chunk (views into the columns, copied into WebAssembly memory). O(count). */
export function temperatureChunkSums(columns: TemperatureColumns, chunk: TemperatureChunk): Float64Array {
  const end = chunk.first + chunk.count;
  const part = (column: Float64Array | null) => column && column.subarray(chunk.first, end);
  return expansionChunkSums(part(columns.margin)!, part(columns.label), part(columns.weight), chunk.a, chunk.withLoss);
}

/** The pass at a from its chunks' sums, joined in chunk order as the one-thread pass joins them. O(chunks). */
export function expansionOfChunks(a: number, parts: readonly Float64Array[]): TemperatureExpansion {
  return expansionOfSums(a, joinPassSums(parts));
}

/**
 * The warm start's systematic subsample, pairs 0, stride, 2·stride, …, gathered: the pass over it at stride 1 has
 * the bits of the strided pass over all pairs (the same pairs, in the same lanes and order). O(n / stride).
 */
export function subsampleColumns(columns: TemperatureColumns, stride: number): TemperatureColumns {
  const gather = (column: Float64Array | null): Float64Array | null => {
    if (column === null) return null;
    const sample = new Float64Array(Math.ceil(column.length / stride));
    for (let j = 0; j < sample.length; j++) sample[j] = column[j * stride];
    return sample;
  };
  return { margin: gather(columns.margin)!, label: gather(columns.label), weight: gather(columns.weight) };
}

/** A pass over gathered columns (at most 2^20 of them) in this thread. O(their length). */
export function expansionOf(columns: TemperatureColumns, a: number, withLoss: boolean): TemperatureExpansion {
  return expansionOfSums(a, expansionChunkSums(columns.margin, columns.label, columns.weight, a, withLoss));
}
