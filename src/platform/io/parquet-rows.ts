// Parquet (Hugging Face datasets' format) through hyparquet: the footer gives the column names, only the columns a
// read needs are decoded, one row group at a time, and their rows go to readPairs as any other format's do, so
// field detection, --where, --group and every error rule are those of JSONL (docs/DESIGN.md §12.2).
// Isomorphic: the file is an AsyncBuffer (byteLength + slice), which a Node file handle, a browser File or an
// ArrayBuffer all give.
import { parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { SourceError } from "./input-error";
import type { RowBatch, SourceRow } from "./rows";

/**
 * A Parquet file as hyparquet reads it (its AsyncBuffer): its length and a way to read a byte range. An
 * ArrayBuffer is one. Declared here, so rmcal/node's declarations do not depend on hyparquet's.
 */
export interface ParquetSource {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

export interface ParquetRowsOptions {
  /**
   * The columns to decode, chosen from the file's column names (top-level fields, in schema order); all of them
   * when absent. A name the file lacks is left out here and reported by readPairs as a missing field.
   */
  columns?: (header: readonly string[]) => readonly string[];
  /**
   * Each row's `text` as a line of this format, for programs that write rows back (rmcal apply): "jsonl" gives a
   * JSON object, "csv" and "tsv" the cells (and the header's text on every batch). Without it, `text` is "".
   */
  render?: "jsonl" | "csv" | "tsv";
}

/** "PAR1": the first and last four bytes of every Parquet file. */
export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31] as const;

/**
 * Reads a Parquet file as batches of rows, one batch per row group, decoding only the chosen columns (snappy,
 * gzip, zstd, brotli, lz4). A row's `line` is its 1-based row number in the file. Values are JSON-like: numbers
 * (INT64 as a number when it is a safe integer), strings, booleans, null, and arrays for list columns.
 * O(rows × chosen columns); memory: one row group's decoded columns, and the objects of 8192 rows at a time.
 * @param file the file's bytes, or a reader of byte ranges
 * @param options the columns to read, and how to render each row's text
 * @returns an async iterable of row batches whose header is the file's column names
 * @throws {SourceError} ("input-format") when the bytes are not a readable Parquet file
 * @example for await (const batch of parquetRows(bytes.buffer)) console.log(batch.rows[0].values);
 */
export async function* parquetRows(file: ParquetSource, options: ParquetRowsOptions = {}): AsyncGenerator<RowBatch> {
  const metadata = await footer(file);
  const header = parquetSchema(metadata).children.map((child) => child.element.name);
  const wanted = options.columns ? options.columns(header) : header;
  const columns = header.filter((name) => wanted.includes(name));
  const render = options.render;
  const headerText = render === "csv" || render === "tsv" ? delimitedLine(header, render) : null;
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const data = columns.length === 0 ? new Map<string, ArrayLike<unknown>>() : await readRange(file, metadata, columns, rowStart, rowEnd);
    // Rows are made from the decoded columns a slice at a time, so a row group of a million rows never exists as a
    // million row objects at once.
    for (let start = rowStart; start < rowEnd; start += ROWS_PER_BATCH) {
      const end = Math.min(rowEnd, start + ROWS_PER_BATCH);
      const rows: SourceRow[] = new Array(end - start);
      for (let r = start; r < end; r++) {
        const values: Record<string, unknown> = {};
        for (const name of columns) values[name] = plainValue(data.get(name)![r - rowStart]);
        const text = render === "jsonl" ? JSON.stringify(values, bigintAsText) + "\n"
          : render === undefined ? "" : delimitedLine(header.map((name) => cellText(values[name])), render);
        // raw is the JSON text only when there is one: readPairs checks JSON text for repeated keys, and a Parquet
        // row, whose columns have distinct names, has none to repeat.
        rows[r - start] = { line: r + 1, values, raw: render === "jsonl" ? text.slice(0, -1) : [], text };
      }
      yield { header, headerText, rows };
    }
    rowStart = rowEnd;
  }
}

/** Rows per batch: enough to amortize the per-batch work, few enough that their objects stay small. */
const ROWS_PER_BATCH = 8192;

/** True when the bytes start as a Parquet file does. */
export function isParquet(head: Uint8Array): boolean {
  return PARQUET_MAGIC.every((byte, i) => head[i] === byte);
}

async function footer(file: ParquetSource): Promise<FileMetaData> {
  if (file.byteLength < 12) throw new SourceError("input-format", `is not a Parquet file: ${file.byteLength} bytes, fewer than a Parquet file's 12-byte frame`);
  try {
    return await parquetMetadataAsync(file);
  } catch (error) {
    throw new SourceError("input-format", `is not a readable Parquet file (${messageOf(error)}); was it cut short while copying?`);
  }
}

/**
 * The chosen columns of rows [rowStart, rowEnd) (one row group), decoded (typed arrays for numbers, arrays of
 * arrays for lists), each as one array indexed from rowStart.
 */
async function readRange(file: ParquetSource, metadata: FileMetaData, columns: string[], rowStart: number, rowEnd: number): Promise<Map<string, ArrayLike<unknown>>> {
  const chunks = new Map<string, { start: number; data: ArrayLike<unknown> }[]>();
  try {
    // No onComplete: hyparquet then hands over columns without making row objects.
    await parquetRead({
      file, metadata, columns, rowStart, rowEnd, compressors,
      onChunk: (chunk) => void chunks.set(chunk.columnName, [...chunks.get(chunk.columnName) ?? [], { start: chunk.rowStart, data: chunk.columnData }]),
    });
  } catch (error) {
    throw new SourceError("input-format", `holds Parquet data that cannot be decoded in rows ${rowStart + 1} to ${rowEnd} (${messageOf(error)}); is the file damaged?`);
  }
  const data = new Map<string, ArrayLike<unknown>>();
  for (const name of columns) {
    const parts = (chunks.get(name) ?? []).sort((a, b) => a.start - b.start);
    const covered = parts.length > 0 && parts[0].start <= rowStart && parts.reduce((end, p) => (p.start <= end ? Math.max(end, p.start + p.data.length) : end), parts[0].start) >= rowEnd;
    if (!covered) {
      throw new SourceError("input-format", `holds fewer values in column "${name}" than its footer promises for rows ${rowStart + 1} to ${rowEnd}; is the file damaged?`);
    }
    data.set(name, parts.length === 1 && parts[0].start === rowStart ? parts[0].data : joined(parts, rowStart, rowEnd));
  }
  return data;
}

/** Chunks of one column (sorted by start, covering [rowStart, rowEnd)) as one array indexed from rowStart. */
function joined(parts: { start: number; data: ArrayLike<unknown> }[], rowStart: number, rowEnd: number): unknown[] {
  const out = new Array<unknown>(rowEnd - rowStart);
  for (const { start, data } of parts) {
    for (let i = 0; i < data.length; i++) {
      const r = start + i;
      if (r >= rowStart && r < rowEnd) out[r - rowStart] = data[i];
    }
  }
  return out;
}

/**
 * A row with its values as JSON has them, so every rule of the readers applies unchanged: an INT64 is a number
 * when it is a safe integer (a label or an id stored as int64 is common), and stays a bigint otherwise, which
 * numericField refuses rather than round. Typed arrays (lists of numbers) become plain arrays.
 */
function plainValues(object: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(object)) values[key] = plainValue(object[key]);
  return values;
}

function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>, plainValue);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") return plainValues(value as Record<string, unknown>);
  return value;
}

/** A cell of a rendered CSV/TSV line: text as is, null as empty, lists and structs as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value, bigintAsText);
  return String(value);
}

/** One CSV/TSV line, quoting (RFC 4180) the cells that hold a delimiter, a quote or a line break. */
function delimitedLine(cells: readonly string[], format: "csv" | "tsv"): string {
  const delimiter = format === "tsv" ? "\t" : ",";
  return cells.map((cell) => (/[",\t\r\n]/.test(cell) ? `"${cell.replaceAll("\"", "\"\"")}"` : cell)).join(delimiter) + "\n";
}

/** JSON has no integer beyond 2^53 that every reader keeps exact: an INT64 that large is written as text. */
function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? String(value) : value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
