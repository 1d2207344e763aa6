// options.threads of the parallel functions against a host's cores, and when the default goes to threads
// (docs/DESIGN.md §6.10): one rule for Node and the browsers, each host saying only how many cores it has.
import { threadsOption } from "../../lib/parallel/threads-option";

/**
 * The least work, in pair draws or pair reads, for which the default goes to threads: starting a worker (loading
 * its bundle, instantiating the WebAssembly module) takes some tens of milliseconds, which smaller jobs would not
 * win back. A given `threads` is always followed; the bits are the same either way.
 */
const MIN_PARALLEL_WORK = 1 << 22;

/** options.threads, checked (undefined when absent), and the other options, which go on to the library. */
export function splitThreads<O extends { threads?: number }>(options: O, cores: number): { threads: number | undefined; rest: Omit<O, "threads"> } {
  const { threads, ...rest } = options ?? ({} as O);
  return { threads: threads === undefined ? undefined : threadsOption(threads, "options.threads", cores), rest };
}

/** The threads to run `work` on: the given number, else the cores when the work is large enough to gain, else 1. */
export function threadsFor(threads: number | undefined, work: number, cores: number): number {
  if (threads !== undefined) return threads;
  return work >= MIN_PARALLEL_WORK ? threadsOption(undefined, "options.threads", cores) : 1;
}
