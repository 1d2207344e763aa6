// Reading a K-wise choice file for a command, with a note on stderr saying what was read (docs/DESIGN.md §5.12).
import { describeSkipped, type ChoiceFields, type ChoiceTable } from "../../platform/io/index";
import { readChoiceFile } from "../../platform/node/index";
import type { InputOptions } from "./options";
import { UsageError } from "./usage-error";

/** Pair field flags that a choice file cannot use. */
const PAIR_FIELD_FLAGS = { chosen: "chosen", rejected: "rejected", scoreA: "score-a", scoreB: "score-b", margin: "margin", label: "label", weight: "weight" } as const;

/**
 * Reads choices and tells the user (stderr) how many prompts and responses, which fields, what was skipped.
 * @throws {UsageError} when pair field flags, --label-map or --cluster come with choice flags
 * @throws {InputError} from the reader
 */
export async function loadChoices(path: string, fields: ChoiceFields, input: InputOptions): Promise<ChoiceTable> {
  const mixed = Object.entries(PAIR_FIELD_FLAGS).find(([key]) => input.fields[key as keyof typeof PAIR_FIELD_FLAGS] !== undefined);
  if (mixed) throw new UsageError(`--${mixed[1]} is a pair field; K-wise input (--scores or --prompt) takes no pair fields`);
  if (input.labelMap) throw new UsageError("--label-map recodes pair labels; K-wise input has none");
  if (input.cluster) throw new UsageError("--cluster is implied for K-wise input: intervals resample whole prompts");
  const table = await readChoiceFile(path, { fields, format: input.format, where: input.where, skipInvalid: input.skipInvalid });
  const { n, scores, minK, maxK, ranked } = table.columns;
  const k = minK === maxK ? `K = ${minK}` : `K from ${minK} to ${maxK}`;
  const filtered = table.filtered > 0 ? `, ${table.filtered.toLocaleString("en-US")} rows left out by --where` : "";
  process.stderr.write(`rmcal: read ${n.toLocaleString("en-US")} prompts with ${scores.length.toLocaleString("en-US")} responses (${k}, ${ranked ? "rankings" : "best-of-N"}) from ${path} (fields: ${table.fieldsUsed}${filtered})\n`);
  const skipped = describeSkipped(table.skipped);
  if (skipped) process.stderr.write(`rmcal: ${skipped}\n`);
  return table;
}
