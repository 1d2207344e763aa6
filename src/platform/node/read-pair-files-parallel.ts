// Reading a dataset of several files on every core: each worker thread reads whole files, and their columns are
// joined in file order, so the table is the one readPairFiles builds reading them one after another (DESIGN §6.10).
import { stat } from "node:fs/promises";
import { joinSkipped } from "../io/input-error";
import type { PairTable } from "../io/read-pairs";
import { readPairFiles, type ReadPairFileOptions } from "./read-pair-file";
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
 * readPairFiles with the files read by worker threads, a whole file per thread at a time: the columns are joined in
 * file order and the group codes renumbered in order of first appearance, so the table has readPairFiles's bits.
 * Anything a file-by-file read cannot give exactly is left to readPairFiles: one file, stdin, a cluster field
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
  if (given === 1 || paths.length < 2 || paths.includes(STDIN) || rest.cluster !== undefined) return readPairFiles(paths, options);
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

/** The tables of consecutive files as one: columns joined, group codes renumbered by first appearance. O(n). */
function joinPairTables(tables: readonly PairTable[]): PairTable {
  const [head] = tables;
  const join = (column: (table: PairTable) => Float64Array | null): Float64Array | null => {
    if (column(head) === null) return null;
    const out = new Float64Array(tables.reduce((n, table) => n + table.n, 0));
    let at = 0;
    for (const table of tables) {
      out.set(column(table)!, at);
      at += table.n;
    }
    return out;
  };
  return {
    ...head,
    n: tables.reduce((n, table) => n + table.n, 0),
    scoreA: join((t) => t.scoreA), scoreB: join((t) => t.scoreB), margin: join((t) => t.margin),
    label: join((t) => t.label), weight: join((t) => t.weight),
    covariates: head.covariates.map((_, k) => join((t) => t.covariates[k])!),
    ...joinedGroups(tables),
    skipped: joinSkipped(tables.map((t) => t.skipped)),
    filtered: tables.reduce((sum, t) => sum + t.filtered, 0),
  };
}

/** Group names in order of first appearance over the files in order, and each row's code among them. O(n). */
function joinedGroups(tables: readonly PairTable[]): Pick<PairTable, "groupCodes" | "groupNames"> {
  if (tables[0].groupCodes === null) return { groupCodes: null, groupNames: [] };
  const codeOf = new Map<string, number>();
  const codes = new Uint32Array(tables.reduce((n, table) => n + table.n, 0));
  let at = 0;
  for (const table of tables) {
    const renumbered = table.groupNames.map((name) => {
      let code = codeOf.get(name);
      if (code === undefined) codeOf.set(name, (code = codeOf.size));
      return code;
    });
    for (let i = 0; i < table.n; i++) codes[at++] = renumbered[table.groupCodes![i]];
  }
  return { groupCodes: codes, groupNames: [...codeOf.keys()] };
}
