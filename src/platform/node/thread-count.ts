// options.threads of the parallel functions, against this machine's cores (docs/DESIGN.md §6.10).
import { availableParallelism } from "node:os";
import { threadsOption } from "../../lib/parallel/threads-option";

/** options.threads, checked, and the other options, which go on to the library. */
export function splitThreads<O extends { threads?: number }>(options: O): { threads: number; rest: Omit<O, "threads"> } {
  const { threads, ...rest } = options ?? ({} as O);
  return { threads: threadsOption(threads, "options.threads", availableParallelism()), rest };
}
