// options.threads of the parallel functions, against this machine's cores (docs/DESIGN.md §6.10).
import { availableParallelism } from "node:os";
import { threadsOption } from "../../lib/parallel/threads-option";
import { splitThreads as splitThreadsOf } from "../parallel/thread-count";

/** options.threads, checked (undefined when absent), and the other options, which go on to the library. */
export function splitThreads<O extends { threads?: number }>(options: O): { threads: number | undefined; rest: Omit<O, "threads"> } {
  return splitThreadsOf(options, availableParallelism());
}

/** Files below this many bytes in all are read in the calling thread by default: about 150,000 JSONL pairs. */
const MIN_PARALLEL_BYTES = 8 << 20;

/** The threads to read `bytes` of files on: the given number, else the cores from 8 MiB on, else 1. */
export function threadsForBytes(threads: number | undefined, bytes: number): number {
  if (threads !== undefined) return threads;
  return bytes >= MIN_PARALLEL_BYTES ? threadsOption(undefined, "options.threads", availableParallelism()) : 1;
}
