// Reading the command's input file with progress and a note on stderr saying which fields were used.
import { describeSkipped, type PairTable } from "../../platform/io/index";
import type { InputOptions } from "./options";
import { progressLine } from "./progress";
import { readPairFile } from "../../platform/node/index";

/**
 * Reads a pair file for a command and tells the user (stderr) how many pairs, which fields, what was skipped.
 * @param marginsOnly keep r_A − r_B instead of both scores (enough to assess; half the memory)
 * @throws {InputError} from the reader
 */
export async function loadPairs(path: string, input: InputOptions, group: string[] | undefined, marginsOnly = false): Promise<PairTable> {
  const progress = progressLine(path);
  try {
    const table = await readPairFile(path, {
      fields: input.fields, format: input.format, labelMap: input.labelMap, where: input.where,
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

/** "120 clusters (prompt_id)": how many clusters the table holds, by which field, as every command says it. */
export function clusterCount(table: Pick<PairTable, "clusterCount">, field: string): string {
  return `${table.clusterCount.toLocaleString("en-US")} cluster${table.clusterCount === 1 ? "" : "s"} (${field})`;
}
