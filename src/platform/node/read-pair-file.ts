// Reading a pair file from disk: format from the extension (or given), gzip, streaming into columns.
import { formatFromFileName, type RowFormat } from "../io/rows";
import { readPairs, type PairTable, type ReadPairsOptions } from "../io/read-pairs";
import { rowsOf } from "../io/index";
import { InputError } from "../io/input-error";
import { isRmcalError } from "../../core/errors";
import { openFileSource } from "./file-source";

export interface ReadPairFileOptions extends Omit<ReadPairsOptions, "fileName" | "onProgress"> {
  /** jsonl, csv or tsv; by default from the extension. */
  format?: RowFormat;
  /** Called now and then with the share of the file read (0 to 1) and the rows so far. */
  onProgress?: (fraction: number, rows: number) => void;
}

/**
 * Reads preference pairs from a JSONL, CSV or TSV file (optionally .gz) into float64 columns, streaming.
 * O(n) time; memory O(n) doubles per field used.
 * @param path the file
 * @param options format, fields, group, label map, filters, skipInvalid, progress
 * @returns the pair table
 * @throws {InputError} naming the file, line and field of the first invalid row, an unknown format, or score
 * fields that cannot be detected
 * @example const table = await readPairFile("pairs.jsonl");
 */
export async function readPairFile(path: string, options: ReadPairFileOptions = {}): Promise<PairTable> {
  const format = resolveFormat(path, options.format);
  const source = await openFileSource(path);
  const onProgress = options.onProgress;
  return readPairs(rowsOf(source.chunks, format), {
    ...options,
    fileName: path,
    onProgress: onProgress && ((rows) => onProgress(source.size > 0 ? source.bytesRead() / source.size : 1, rows)),
  }).catch((error: unknown) => {
    // Fields that cannot be detected are a fact about this file's header: say which file (docs/DESIGN.md §8).
    if (isRmcalError(error) && error.argument === "fields") throw new InputError(path, null, null, error.message, "input-field");
    throw error;
  });
}

/** The format given, or the one the file name implies. @throws {InputError} when neither says. */
export function resolveFormat(path: string, format?: RowFormat): RowFormat {
  const resolved = format ?? formatFromFileName(path);
  if (resolved === null) throw new InputError(path, null, null, "unknown format; name it .jsonl, .csv or .tsv (optionally .gz) or pass --format");
  return resolved;
}
