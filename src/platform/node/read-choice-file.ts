// Reading K-wise choices from disk or stdin (docs/DESIGN.md §5.12, §12.3): one file or a dataset of several, each in
// its own format (from its extension, --format, or for stdin its first bytes), streamed.
import type { InputFormat } from "../io/rows";
import { rowsOf } from "../io/index";
import { readChoices, type ChoiceTable, type ReadChoicesOptions } from "../io/read-choices";
import { InputError } from "../io/input-error";
import { datasetBatches, resolveFormat } from "./read-pair-file";
import { STDIN } from "./input-paths";

export interface ReadChoiceFileOptions extends Omit<ReadChoicesOptions, "fileName"> {
  /** jsonl, csv, tsv or parquet; by default from the extension (for stdin, from its first bytes). */
  format?: InputFormat;
}

/**
 * Reads best-of-N or ranking data from a JSONL, CSV or TSV file (optionally .gz), or a Parquet file whose `scores`
 * column is a list<double> (docs/DESIGN.md §12.2); "-" reads stdin. O(rows).
 * @param path the file
 * @param options fields (scores + best | ranking, or prompt + score + best | rank), format, filters, skipInvalid
 * @returns the validated choices, the fields used and what was skipped
 * @throws {InputError} naming the file, line and field of the first invalid row
 * @example const table = await readChoiceFile("best-of-4.jsonl", { fields: { scores: "scores", best: "best" } });
 */
export function readChoiceFile(path: string, options: ReadChoiceFileOptions): Promise<ChoiceTable> {
  return readChoiceFiles([path], options);
}

/**
 * Reads several files as one dataset of choices: their rows in order, every error naming the file it is about.
 * Same costs and rules as readChoiceFile; a long file's rows are grouped by prompt id over the whole dataset.
 * @param paths the files, in order ("-" for stdin); expandInputPaths turns folders and globs into them
 * @throws {InputError} naming the file, line and field of the first invalid row
 * @example const table = await readChoiceFiles(["best-of-4-00000.jsonl", "best-of-4-00001.jsonl"], { fields: { scores: "scores", best: "best" } });
 */
export function readChoiceFiles(paths: readonly string[], options: ReadChoiceFileOptions): Promise<ChoiceTable> {
  if (paths.length === 0) throw new InputError("(no file)", null, null, "no input file was given", "input-file");
  for (const path of paths) if (path !== STDIN) resolveFormat(path, options.format);
  const name = paths.length === 1 ? paths[0] : `${paths.length} files (${paths[0]}, …)`;
  // Every column: a choice file's columns are few (a scores list and an index), and --where may name any.
  return readChoices(datasetBatches(paths, { format: options.format, columns: (header) => [...header], text: rowsOf }), { ...options, fileName: name });
}
