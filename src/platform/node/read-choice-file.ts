// Reading a K-wise choice file from disk (docs/DESIGN.md §5.12): format from the extension (or given), gzip, streaming.
import type { InputFormat, RowBatch } from "../io/rows";
import { rowsOf } from "../io/index";
import { parquetRows } from "../io/parquet-rows";
import { readChoices, type ChoiceTable, type ReadChoicesOptions } from "../io/read-choices";
import { openFileSource, openParquetFile } from "./file-source";
import { resolveFormat } from "./read-pair-file";

export interface ReadChoiceFileOptions extends Omit<ReadChoicesOptions, "fileName"> {
  /** jsonl, csv, tsv or parquet; by default from the extension. */
  format?: InputFormat;
}

/**
 * Reads best-of-N or ranking data from a JSONL, CSV or TSV file (optionally .gz), or a Parquet file whose `scores`
 * column is a list<double> (docs/DESIGN.md §12.2). O(rows).
 * @param path the file
 * @param options fields (scores + best | ranking, or prompt + score + best | rank), format, filters, skipInvalid
 * @returns the validated choices, the fields used and what was skipped
 * @throws {InputError} naming the file, line and field of the first invalid row
 * @example const table = await readChoiceFile("best-of-4.jsonl", { fields: { scores: "scores", best: "best" } });
 */
export async function readChoiceFile(path: string, options: ReadChoiceFileOptions): Promise<ChoiceTable> {
  const format = resolveFormat(path, options.format);
  if (format !== "parquet") {
    const source = await openFileSource(path);
    return readChoices(rowsOf(source.chunks, format), { ...options, fileName: path });
  }
  const parquet = await openParquetFile(path);
  async function* batches(): AsyncGenerator<RowBatch> {
    try {
      yield* parquetRows(parquet.file);
    } finally {
      await parquet.close();
    }
  }
  return readChoices(batches(), { ...options, fileName: path });
}
