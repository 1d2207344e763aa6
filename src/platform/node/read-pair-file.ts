// Reading pairs from disk or stdin: one file or a dataset of several (shards, a glob, a folder), each in its own
// format (from its extension, --format, or for stdin its first bytes), streamed into columns.
import { formatFromFileName, sniffTextFormat, type InputFormat, type RowBatch, type RowFormat, type TextSource } from "../io/rows";
import { columnsToRead, readPairs, type PairTable, type ReadPairsOptions } from "../io/read-pairs";
import { parquetRows } from "../io/parquet-rows";
import { pairBatchesOf } from "../io/index";
import { InputError, inFile } from "../io/input-error";
import { stat } from "node:fs/promises";
import { isRmcalError } from "../../core/errors";
import { openFileSource, openParquetFile, openStdinSource } from "./file-source";
import { STDIN } from "./input-paths";

export interface ReadPairFileOptions extends Omit<ReadPairsOptions, "fileName" | "onProgress" | "mapping"> {
  /** jsonl, csv, tsv or parquet; by default from the extension (for stdin, from its first bytes). */
  format?: InputFormat;
  /** Called now and then with the share of the input read (0 to 1; null when unknown, as for stdin) and the rows so far. */
  onProgress?: (fraction: number | null, rows: number) => void;
}

/**
 * Reads preference pairs from a JSONL, CSV or TSV file (optionally .gz) or a Parquet file into float64 columns,
 * streaming ("-" reads stdin). O(n) time; memory O(n) doubles per field used.
 * @param path the file
 * @param options format, fields, group, label map, filters, skipInvalid, progress
 * @returns the pair table
 * @throws {InputError} naming the file, line and field of the first invalid row, an unknown format, or score
 * fields that cannot be detected
 * @example const table = await readPairFile("pairs.jsonl");
 */
export function readPairFile(path: string, options: ReadPairFileOptions = {}): Promise<PairTable> {
  return readPairFiles([path], options);
}

/**
 * Reads several files as one dataset: their rows in order, the field mapping found in the first, and every error
 * naming the file it is about. Same costs and rules as readPairFile.
 * @param paths the files, in order ("-" for stdin); expandInputPaths turns folders and globs into them
 * @throws {InputError} naming the file, line and field of the first invalid row
 * @example const table = await readPairFiles(["train-00000-of-00002.parquet", "train-00001-of-00002.parquet"]);
 */
export async function readPairFiles(paths: readonly string[], options: ReadPairFileOptions = {}): Promise<PairTable> {
  if (paths.length === 0) throw new InputError("(no file)", null, null, "no input file was given", "input-file");
  for (const path of paths) if (path !== STDIN) resolveFormat(path, options.format);
  const sizes = await Promise.all(paths.map((path) => (path === STDIN ? null : stat(path).then((s) => s.size, () => 0))));
  const progress = { done: 0, total: sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0), current: () => 0, known: !sizes.includes(null) };
  const onProgress = options.onProgress;
  const name = paths.length === 1 ? paths[0] : `${paths.length} files (${paths[0]}, …)`;
  const reading = { format: options.format, columns: (header: readonly string[]) => columnsToRead(header, options), text: pairBatchesOf };
  return readPairs(datasetBatches(paths, reading, progress), {
    ...options,
    fileName: name,
    onProgress: onProgress && ((rows) => onProgress(progress.known ? Math.min(1, (progress.done + progress.current()) / Math.max(1, progress.total)) : null, rows)),
  }).catch((error: unknown) => {
    // Fields that cannot be detected are a fact about this file's header: say which file (docs/DESIGN.md §8).
    if (isRmcalError(error) && error.argument === "fields") throw new InputError(error.file ?? name, null, null, error.message, "input-field");
    throw error;
  });
}

interface ByteProgress { done: number; total: number; current: () => number; known: boolean }

/** How to read each file of a dataset: its format, a columnar file's columns, and how text is cut into batches. */
export interface DatasetReading<B> {
  /** jsonl, csv, tsv or parquet; by default from the file name (stdin: from its bytes). */
  format?: InputFormat;
  /** The columns a Parquet file decodes, given its column names. */
  columns: (header: readonly string[]) => string[];
  /** A text file's batches: row objects (rowsOf), or the pair reader's byte blocks (pairBatchesOf, DESIGN §12.5). */
  text: (chunks: TextSource, format: RowFormat) => AsyncIterable<B>;
}

/**
 * The batches of every file in turn, each tagged with its file when there are several (docs/DESIGN.md §12.3): the
 * one walk over a dataset's files, for pairs and for K-wise choices.
 */
export async function* datasetBatches<B extends { file?: string }>(
  paths: readonly string[], options: DatasetReading<B>, progress: ByteProgress = { done: 0, total: 0, current: () => 0, known: false },
): AsyncGenerator<B | RowBatch> {
  const tag = paths.length > 1;
  for (const path of paths) {
    try {
      for await (const batch of fileBatches(path, options, progress)) yield tag ? { ...batch, file: path } : batch;
    } catch (error) {
      // A reader's error about the whole file ("is not a readable Parquet file") learns which file it is about.
      throw inFile(error, path);
    }
  }
}

async function* fileBatches<B>(path: string, options: DatasetReading<B>, progress: ByteProgress): AsyncGenerator<B | RowBatch> {
  const columns = options.columns;
  if (path === STDIN) {
    const source = await openStdinSource();
    if (source.kind === "parquet") return yield* parquetRows(source.bytes.buffer.slice(source.bytes.byteOffset, source.bytes.byteOffset + source.bytes.byteLength) as ArrayBuffer, { columns });
    const format = options.format ?? sniffTextFormat(new TextDecoder().decode(source.head));
    if (format === "parquet") throw new InputError(STDIN, null, null, "is not a Parquet file (it does not start with PAR1), though --format says parquet", "input-format");
    return yield* options.text(source.chunks as TextSource, format);
  }
  const format = resolveFormat(path, options.format);
  if (format === "parquet") {
    const parquet = await openParquetFile(path);
    progress.current = parquet.bytesRead;
    try {
      yield* parquetRows(parquet.file, { columns });
    } finally {
      await parquet.close();
      progress.done += parquet.file.byteLength;
      progress.current = () => 0;
    }
    return;
  }
  const source = await openFileSource(path);
  progress.current = source.bytesRead;
  yield* options.text(source.chunks, format);
  progress.done += source.size;
  progress.current = () => 0;
}

/** The format given, or the one the file name implies. @throws {InputError} when neither says. */
export function resolveFormat(path: string, format?: InputFormat): InputFormat {
  const resolved = format ?? formatFromFileName(path);
  if (resolved === null) throw new InputError(path, null, null, "unknown format; name it .jsonl, .csv, .tsv (optionally .gz) or .parquet, or pass --format");
  return resolved;
}
