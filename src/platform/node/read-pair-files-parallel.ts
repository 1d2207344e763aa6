// Reading a dataset on every core: several files a whole file per worker thread, one large file as byte ranges
// (readPairFileRanges); the columns are joined in order, so the table is the one readPairFiles builds reading the
// files one after another (DESIGN §6.10).
import { stat } from "node:fs/promises";
import { joinPairTables } from "../io/join-pair-tables";
import type { PairTable } from "../io/read-pairs";
import { readPairFiles, type ReadPairFileOptions } from "./read-pair-file";
import { readPairFileRanges } from "./read-pair-file-ranges";
import { STDIN } from "./input-paths";
import { splitThreads, threadsForBytes } from "./thread-count";
import { sharedPool } from "./worker-pool";

export interface ParallelReadOptions extends ReadPairFileOptions {
  /**
   * Threads to read on, an integer from 1 to 256; 1 reads the files one after another in this thread. By default
   * the machine's cores when the files hold at least 8 MiB, else 1 (a worker's start costs more than it saves).
   */
  threads?: number;
}

/**
 * readPairFiles with the files read by worker threads, a whole file per thread at a time (one uncompressed JSONL,
 * CSV or TSV file: byte ranges of it, cut at rows' ends): the columns are joined in order and the group codes
 * renumbered in order of first appearance, so the table has readPairFiles's bits.
 * Anything a piece-by-piece read cannot give exactly is left to readPairFiles: stdin, a cluster field
 * (its codes need every id), and any error (readPairFiles then reports it as it always has, naming the same file and
 * line; a later file's problem never overtakes an earlier one's). O(n) time over the threads; memory about twice
 * the columns while joining.
 * @param paths the files, in order; expandInputPaths turns folders and globs into them
 * @param options readPairFiles's options, and threads
 * @returns the pair table
 * @throws {InputError} as readPairFiles does, and for threads that is not an integer from 1 to 256
 * @example const table = await readPairFilesParallel(await expandInputPaths(["shards/"]), { threads: 4 });
 */
export async function readPairFilesParallel(paths: readonly string[], options: ParallelReadOptions = {}): Promise<PairTable> {
  const { threads: given, rest: { onProgress, ...rest } } = splitThreads(options);
  if (given === 1 || paths.length === 0 || paths.includes(STDIN) || rest.cluster !== undefined) return readPairFiles(paths, options);
  if (paths.length === 1) return (await readPairFileRanges(paths[0], given, rest, onProgress)) ?? readPairFiles(paths, options);
  const sizes = await Promise.all(paths.map((path) => stat(path).then((s) => s.size, () => 0)));
  const total = Math.max(1, sizes.reduce((sum, size) => sum + size, 0));
  const threads = threadsForBytes(given, total);
  if (threads === 1) return readPairFiles(paths, options);
  let bytes = 0, rows = 0;
  let tables: PairTable[];
  try {
    tables = await sharedPool(threads).run<PairTable>("readPairFile", rest, paths, (_, index, table) => {
      bytes += sizes[index];
      rows += table.n;
      onProgress?.(bytes / total, rows);
    });
  } catch {
    return readPairFiles(paths, options);
  }
  // Each file detected its own fields; one read keeps the first file's for all, so a file that found others is read
  // again the way readPairFiles reads it.
  const mapping = JSON.stringify(tables[0].mapping);
  if (tables.some((table) => JSON.stringify(table.mapping) !== mapping)) return readPairFiles(paths, options);
  return joinPairTables(tables);
}
