// assess on every core: a large assess's pairs cut into fixed chunks that worker threads bin, their exact partial
// sums merged (docs/DESIGN.md §6.10, §3.8).
import type { Pairs } from "../../lib/pairs/pairs";
import type { Assessment, AssessOptions } from "../../lib/metrics/assess";
import { assessOnThreads, type ThreadsOptions } from "../parallel/parallel-functions";
import { NODE_HOST } from "./node-host";

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
export function assessParallel(pairs: Pairs, options: AssessOptions & ThreadsOptions = {}): Promise<Assessment> {
  return assessOnThreads(NODE_HOST, pairs, options);
}
