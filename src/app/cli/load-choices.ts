// Reading K-wise choices for a command, with a note on stderr saying what was read (docs/DESIGN.md §5.12), and
// telling them from pairs by the input's field names when no flag says (§12.3).
import { describeSkipped, detectInputFields, InputError, type ChoiceFields, type ChoiceTable } from "../../platform/io/index";
import { expandInputPaths, inputFieldNames, readChoiceFiles } from "../../platform/node/index";
import { isRmcalError } from "../../lib/index";
import type { InputOptions } from "./options";
import { UsageError } from "./usage-error";

/** Pair field flags that a choice file cannot use. */
const PAIR_FIELD_FLAGS = { chosen: "chosen", rejected: "rejected", scoreA: "score-a", scoreB: "score-b", margin: "margin", label: "label", weight: "weight" } as const;

/**
 * The choice fields of an input given no choice flag: detected from the first file's field names when they hold no
 * pair fields and no pair field flag was given, as the web page decides; null for pairs. stdin's first rows, read
 * here, are given back to the read that follows.
 * @throws {InputError} naming the file when it holds neither pair nor choice fields (what was looked for of each)
 */
export async function detectedChoiceFields(inputs: string | readonly string[], input: InputOptions): Promise<ChoiceFields | null> {
  const paths = await expandInputPaths(typeof inputs === "string" ? [inputs] : inputs);
  if (paths.length === 0) return null;
  const first = paths[0];
  const names = await inputFieldNames(first, input.format);
  // A file with no row at all is left to the reader, which says so.
  if (names.length === 0) return null;
  try {
    return detectInputFields(input.fields, names);
  } catch (error) {
    // Which fields a file has is a fact about that file: name it, as the pair reader does (docs/DESIGN.md §8).
    if (isRmcalError(error) && error.argument === "fields") throw new InputError(first === "-" ? "stdin" : first, null, null, error.message, "input-field");
    throw error;
  }
}

/**
 * Reads choices ("-" for stdin, folders and globs of shards, read as one dataset) and tells the user (stderr) how
 * many prompts and responses, which fields, what was skipped.
 * @throws {UsageError} when pair field flags, --label-map or --cluster come with choice flags
 * @throws {InputError} from the reader
 */
export async function loadChoices(inputs: string | readonly string[], fields: ChoiceFields, input: InputOptions): Promise<ChoiceTable> {
  const mixed = Object.entries(PAIR_FIELD_FLAGS).find(([key]) => input.fields[key as keyof typeof PAIR_FIELD_FLAGS] !== undefined);
  if (mixed) throw new UsageError(`--${mixed[1]} is a pair field; K-wise input (--scores or --prompt) takes no pair fields`);
  if (input.labelMap) throw new UsageError("--label-map recodes pair labels; K-wise input has none");
  if (input.cluster) throw new UsageError("--cluster is implied for K-wise input: intervals resample whole prompts");
  const paths = await expandInputPaths(typeof inputs === "string" ? [inputs] : inputs);
  const path = paths.length === 1 ? (paths[0] === "-" ? "stdin" : paths[0]) : `${paths.length} files (${paths[0]} … ${paths[paths.length - 1]})`;
  const table = await readChoiceFiles(paths, { fields, format: input.format, where: input.where, skipInvalid: input.skipInvalid });
  const { n, scores, minK, maxK, ranked } = table.columns;
  const k = minK === maxK ? `K = ${minK}` : `K from ${minK} to ${maxK}`;
  const filtered = table.filtered > 0 ? `, ${table.filtered.toLocaleString("en-US")} rows left out by --where` : "";
  process.stderr.write(`rmcal: read ${n.toLocaleString("en-US")} prompts with ${scores.length.toLocaleString("en-US")} responses (${k}, ${ranked ? "rankings" : "best-of-N"}) from ${path} (fields: ${table.fieldsUsed}${filtered})\n`);
  const skipped = describeSkipped(table.skipped);
  if (skipped) process.stderr.write(`rmcal: ${skipped}\n`);
  return table;
}
