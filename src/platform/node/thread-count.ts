// options.threads of the parallel functions, against this machine's cores (docs/DESIGN.md §6.10).
import { availableParallelism } from "node:os";
import { threadsOption } from "../../lib/parallel/threads-option";

/**
 * The least work, in pair draws or pair reads, for which the default goes to worker threads: starting a worker
 * (loading the bundle, compiling the WebAssembly module) takes some tens of milliseconds, which smaller jobs would
 * not win back. A given `threads` is always followed; the bits are the same either way.
 */
const MIN_PARALLEL_WORK = 1 << 22;

/** options.threads, checked (undefined when absent), and the other options, which go on to the library. */
export function splitThreads<O extends { threads?: number }>(options: O): { threads: number | undefined; rest: Omit<O, "threads"> } {
  const { threads, ...rest } = options ?? ({} as O);
  return { threads: threads === undefined ? undefined : threadsOption(threads, "options.threads", availableParallelism()), rest };
}

/** The threads to run `work` on: the given number, else the cores when the work is large enough to gain, else 1. */
export function threadsFor(threads: number | undefined, work: number): number {
  if (threads !== undefined) return threads;
  return work >= MIN_PARALLEL_WORK ? threadsOption(undefined, "options.threads", availableParallelism()) : 1;
}

/** Files below this many bytes in all are read in the calling thread by default: about 150,000 JSONL pairs. */
const MIN_PARALLEL_BYTES = 8 << 20;

/** The threads to read `bytes` of files on: the given number, else the cores from 8 MiB on, else 1. */
export function threadsForBytes(threads: number | undefined, bytes: number): number {
  if (threads !== undefined) return threads;
  return bytes >= MIN_PARALLEL_BYTES ? threadsOption(undefined, "options.threads", availableParallelism()) : 1;
}
