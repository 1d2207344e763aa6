// Reading the command's input file with progress and a note on stderr saying which fields were used.
import { describeSkipped, type PairTable } from "../../platform/io/index";
import type { InputOptions } from "./options";
import { progressLine } from "./progress";
import { expandInputPaths, readPairFiles, readPairFilesParallel } from "../../platform/node/index";

/**
 * Reads the pair files of a command ("-" for stdin, folders and globs of shards, read as one dataset) and tells the
 * user (stderr) how many pairs, from which files, which fields, what was skipped.
 * @param marginsOnly keep r_A − r_B instead of both scores (enough to assess; half the memory)
 * @throws {InputError} from the reader
 */
export async function loadPairs(inputs: string | readonly string[], input: InputOptions, group: string[] | undefined, marginsOnly = false): Promise<PairTable> {
  const paths = await expandInputPaths(typeof inputs === "string" ? [inputs] : inputs);
  const path = paths.length === 1 ? (paths[0] === "-" ? "stdin" : paths[0]) : `${paths.length} files (${paths[0]} … ${paths[paths.length - 1]})`;
  const progress = progressLine(paths.length === 1 ? path : `${paths.length} files`);
  try {
    const table = await readPairFilesParallel(paths, {
      threads: input.threads, fields: input.fields, format: input.format, labelMap: input.labelMap, where: input.where,
      skipInvalid: input.skipInvalid, group, cluster: input.cluster, marginsOnly, onProgress: progress.update,
      ...(input.covariates ? { covariates: input.covariates } : {}),
    });
    progress.done();
    {
      const filtered = table.filtered > 0 ? `, ${table.filtered.toLocaleString("en-US")} rows left out by --where` : "";
      const grouped = group ? `, ${table.groupNames.length} groups by ${group.join(",")}` : "";
      const clustered = input.cluster === undefined ? "" : `, ${clusterCount(table, input.cluster.join(","))}`;
      process.stderr.write(`rmcal: read ${table.n.toLocaleString("en-US")} pairs from ${path} (fields: ${table.fieldsUsed}${grouped}${clustered}${filtered})\n`);
      const skipped = describeSkipped(table.skipped);
      if (skipped) process.stderr.write(`rmcal: ${skipped}\n`);
    }
    return table;
  } catch (error) {
    progress.done();
    throw error;
  }
}

/**
 * One score per row from `field` of the files (deployment responses, say), with the readers' rules and messages:
 * they are read as pairs whose chosen and rejected are both `field`, so every row's value is checked as a score is
 * (a number, finite, named by file, line and field when not), and the first column is kept.
 * @throws {InputError} from the reader
 */
export async function loadScores(inputs: string, field: string, input: InputOptions): Promise<Float64Array> {
  const paths = await expandInputPaths([inputs]);
  const table = await readPairFiles(paths, {
    fields: { chosen: field, rejected: field }, format: input.format, where: input.where, skipInvalid: input.skipInvalid,
  });
  process.stderr.write(`rmcal: read ${table.n.toLocaleString("en-US")} scores from ${inputs} (field ${field})\n`);
  const skipped = describeSkipped(table.skipped);
  if (skipped) process.stderr.write(`rmcal: ${skipped}\n`);
  return table.scoreA!;
}

/** "120 clusters (prompt_id)": how many clusters the table holds, by which field, as every command says it. */
export function clusterCount(table: Pick<PairTable, "clusterCount">, field: string): string {
  return `${table.clusterCount.toLocaleString("en-US")} cluster${table.clusterCount === 1 ? "" : "s"} (${field})`;
}
