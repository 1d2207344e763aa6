// The shared shape of rows read from a text file, whatever its format. Isomorphic: no node: imports.
import { atLine } from "./input-error";

/** A piece of a text file: bytes (UTF-8) or already decoded text. */
export type TextChunk = string | Uint8Array;
/** A file as a stream of chunks, e.g. a Node read stream, a fetch body reader wrapped as an async iterable, or a string array. */
export type TextSource = AsyncIterable<TextChunk> | Iterable<TextChunk>;

export type RowFormat = "jsonl" | "csv" | "tsv";
/** Every format rmcal reads: the text formats, and Parquet (docs/DESIGN.md §12.2). */
export type InputFormat = RowFormat | "parquet";

/** One row of the file. */
export interface SourceRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Field values (JSON values for JSONL, strings for CSV/TSV); null when the row could not be parsed. */
  values: Record<string, unknown> | null;
  /** Why the row could not be parsed (values is null then). */
  error?: string;
  /** JSONL: the line's text. CSV/TSV: the row's cells, in header order. */
  raw: string | string[];
  /**
   * The row exactly as the file has it, line ending included (none after a last line without one), so a program
   * can write it back verbatim (rmcal apply, docs/DESIGN.md §9.3).
   */
  text: string;
}

/** Rows arrive in batches (about one chunk each), so a streamed file is never held whole. */
export interface RowBatch {
  /** CSV/TSV: the header's field names; JSONL: null. */
  header: string[] | null;
  /** CSV/TSV: the header row exactly as the file has it, line ending included; JSONL: null. */
  headerText: string | null;
  rows: SourceRow[];
  /**
   * The file the rows come from, when a dataset spans several files (shards, a glob): readPairs names it in
   * errors in place of its fileName option. Absent for a single file.
   */
  file?: string;
}

/** Decodes byte chunks as UTF-8 (streaming, so a character split across chunks survives) and drops a leading BOM. */
export async function* decodeText(source: TextSource): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of source as AsyncIterable<TextChunk>) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      // TextDecoder already drops a byte-order mark; this covers sources that hand over strings.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * decodeText, for a reader that counts lines: an error from the source (a truncated gzip stream) is given the line
 * the reader had reached, `lineReached()` when it was raised.
 */
export async function* decodeTextAt(source: TextSource, lineReached: () => number): AsyncGenerator<string> {
  try {
    for await (const text of decodeText(source)) yield text;
  } catch (error) {
    throw atLine(error, lineReached());
  }
}

/** The format implied by a file name (".gz" ignored), or null when the extension says nothing. */
export function formatFromFileName(fileName: string): InputFormat | null {
  const name = fileName.toLowerCase().replace(/\.gz$/, "");
  if (/\.(parquet|pq)$/.test(name)) return "parquet";
  if (/\.(jsonl|ndjson|json)$/.test(name)) return "jsonl";
  if (/\.csv$/.test(name)) return "csv";
  if (/\.(tsv|tab)$/.test(name)) return "tsv";
  return null;
}

/**
 * The text format a file's first bytes suggest, for input without a telling name (stdin, a web upload): a first
 * non-blank "{" means JSON Lines; a first line with tabs and no comma, TSV; anything else is read as CSV. O(1).
 * @example sniffTextFormat('{"margin": 1}') // => "jsonl"
 */
export function sniffTextFormat(head: string): RowFormat {
  const firstLine = head.trimStart().split("\n", 1)[0];
  if (firstLine.startsWith("{")) return "jsonl";
  return firstLine.includes("\t") && !firstLine.includes(",") ? "tsv" : "csv";
}
