// The field names of a command's input, from its first row, before it is read: the CLI tells pairs from K-wise
// choices by them, as the web page does (docs/DESIGN.md §12.3). stdin is read once, so what the look took from it
// is given back to the read that follows.
import type { InputFormat, RowBatch } from "../io/rows";
import { sniffTextFormat } from "../io/rows";
import { rowsOf } from "../io/index";
import { parquetRows } from "../io/parquet-rows";
import { openFileSource, openParquetFile, openStdinSource, replayStdin } from "./file-source";
import { STDIN } from "./input-paths";
import { resolveFormat } from "./read-pair-file";

/**
 * The field names of a file's first row: a CSV or TSV header, the keys of the first JSON object that parses, or a
 * Parquet file's column names (read from its footer, no column decoded). For stdin ("-"), the bytes taken are
 * replayed to the next openStdinSource(). O(first rows).
 * @param path the file, or "-"
 * @param format jsonl, csv, tsv or parquet; by default from the extension (for stdin, from its first bytes)
 * @returns the names, or [] when the file has no row or fails before one
 * @throws {InputError} when the file cannot be opened or its format is unknown
 * @example await inputFieldNames("best-of-4.jsonl") // => ["prompt_id", "scores", "best"]
 */
export async function inputFieldNames(path: string, format?: InputFormat): Promise<string[]> {
  if (path === STDIN) return stdinFieldNames(format);
  const resolved = resolveFormat(path, format);
  if (resolved === "parquet") {
    const parquet = await openParquetFile(path);
    try {
      return await firstFieldNames(parquetRows(parquet.file, { columns: () => [] }));
    } finally {
      await parquet.close();
    }
  }
  const source = await openFileSource(path);
  return firstFieldNames(rowsOf(source.chunks, resolved));
}

async function stdinFieldNames(format: InputFormat | undefined): Promise<string[]> {
  const source = await openStdinSource();
  if (source.kind === "parquet") {
    const bytes = source.bytes;
    replayStdin((async function* () { yield bytes; })());
    return firstFieldNames(parquetRows(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { columns: () => [] }));
  }
  // The chunks the row reader pulls are kept, and handed back ahead of the ones it did not reach.
  const iterator = source.chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  async function* recorded(): AsyncGenerator<Uint8Array> {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      taken.push(next.value);
      yield next.value;
    }
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* taken;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  const rowFormat = format === undefined || format === "parquet" ? sniffTextFormat(new TextDecoder().decode(source.head)) : format;
  try {
    return await firstFieldNames(rowsOf(recorded(), rowFormat));
  } finally {
    replayStdin(replay());
  }
}

/**
 * The header of the first batch, or the keys of its first row that parsed; the reader is then closed. A file that
 * fails before (a line over the limit, a damaged gzip stream) gives none: the read that follows reports it, with
 * the file and line, as for any file.
 */
async function firstFieldNames(batches: AsyncGenerator<RowBatch>): Promise<string[]> {
  try {
    for await (const batch of batches) {
      if (batch.header) return batch.header;
      const first = batch.rows.find((row) => row.values !== null);
      if (first) return Object.keys(first.values!);
    }
    return [];
  } catch {
    return [];
  } finally {
    await batches.return(undefined);
  }
}
