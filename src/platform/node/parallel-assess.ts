// assess on every core: a large assess's pairs cut into fixed chunks that worker threads bin, their exact partial
// sums merged (docs/DESIGN.md §6.10, §3.8).
import { init } from "../entries/default";
import { toPairColumns, type PairColumns, type Pairs } from "../../lib/pairs/pairs";
import { assessColumns, type Assessment, type AssessOptions } from "../../lib/metrics/assess";
import type { PartialJson } from "../../lib/metrics/partial-json";
import { assessChunking, assessChunkPartial, assessmentOfChunks } from "../../lib/parallel/assess-chunks";
import type { ThreadsOptions } from "./parallel-resampling";
import { splitThreads, threadsFor } from "./thread-count";
import { sharedPool } from "./worker-pool";

/**
 * assess on every core. Up to 2^20 pairs, and for quantile or sweep bins, it is assess, bit for bit. Beyond, the
 * pairs are cut into chunks of 2^20 whatever `threads` is; each chunk's bin sums become an exact partial
 * (docs/DESIGN.md §3.8) and the partials merge by exact addition, so the result has the same bits for every
 * `threads`, 1 included, and equals assess to the rounding of its sums (counts, Σw and the accuracy bit for bit
 * with unit weights). The columns go to the workers once, as shared memory. O(n / threads + chunks · bins).
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight
 * @param options assess's options, and threads
 * @returns what assess returns
 * @throws {TypeError|RangeError} as assess does, and for threads that is not an integer from 1 to 256
 * @example const report = await assessParallel({ margin, label }, { bins: 20 });
 */
export async function assessParallel(pairs: Pairs, options: AssessOptions & ThreadsOptions = {}): Promise<Assessment> {
  const { threads, rest } = splitThreads(options);
  await init();
  const columns = toPairColumns(pairs);
  const plan = assessChunking(columns, rest);
  if (plan === null) return assessColumns(columns, rest);
  const { chunking, ranges } = plan;
  const count = threadsFor(threads, columns.n);
  if (count === 1) return assessmentOfChunks(ranges.map((range) => assessChunkPartial(chunking, range)), rest);
  const shared = { ...chunking, columns: sharedColumns(chunking.columns) };
  return assessmentOfChunks(await sharedPool(count).run<PartialJson>("assessChunk", shared, ranges), rest);
}

/**
 * The columns a chunk reads, in SharedArrayBuffers: every worker reads its chunks in place instead of receiving a
 * copy of all the pairs. One copy here, unless the caller's arrays are shared already. O(n).
 */
export function sharedColumns(columns: PairColumns): PairColumns {
  const share = (column: Float64Array | null): Float64Array | null => {
    if (column === null || column.buffer instanceof SharedArrayBuffer) return column;
    const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
    shared.set(column);
    return shared;
  };
  return { ...columns, margin: share(columns.margin)!, label: share(columns.label), weight: share(columns.weight), scoreA: null, scoreB: null, cluster: null };
}
