// Reading the command's input file with progress and a note on stderr saying which fields were used.
import { describeSkipped, tableColumns, type PairTable } from "../../platform/io/index";
import type { Deployment } from "../../lib/index";
import { deploymentPairFields, responseScoreFields } from "../report/deployment-shift";
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
 * The deployment data of `--deployment FILE2` (diagnose, report): with `--deployment-score F`, one score per row from
 * field F of FILE2 (responses); otherwise FILE2's pairs, read with the calibration file's fields (docs/DESIGN.md
 * §7.2) and kept as margins, the only thing compared (no cluster or covariate is read from them).
 * @throws {InputError} from the reader
 */
export async function loadDeployment(file: string, scoreField: string | undefined, input: InputOptions): Promise<Deployment> {
  if (scoreField === undefined) {
    const pairFields = deploymentPairFields(input.fields);
    const reading = { ...input, fields: pairFields.fields ?? {}, labelMap: pairFields.labels ? input.labelMap : undefined, cluster: undefined, covariates: undefined };
    return tableColumns(await loadPairs(file, reading, undefined, true)).margin;
  }
  const paths = await expandInputPaths([file]);
  const table = await readPairFiles(paths, {
    fields: responseScoreFields(scoreField), format: input.format, where: input.where, skipInvalid: input.skipInvalid,
  });
  process.stderr.write(`rmcal: read ${table.n.toLocaleString("en-US")} scores from ${file} (field ${scoreField})\n`);
  const skipped = describeSkipped(table.skipped);
  if (skipped) process.stderr.write(`rmcal: ${skipped}\n`);
  return { scores: table.scoreA! };
}

/** "120 clusters (prompt_id)": how many clusters the table holds, by which field, as every command says it. */
export function clusterCount(table: Pick<PairTable, "clusterCount">, field: string): string {
  return `${table.clusterCount.toLocaleString("en-US")} cluster${table.clusterCount === 1 ? "" : "s"} (${field})`;
}
