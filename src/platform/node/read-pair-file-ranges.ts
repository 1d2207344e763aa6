// One large text file read on every core (docs/DESIGN.md §6.10): cut into byte ranges at rows' ends, each range
// read by the byte-level readers on a worker thread, and the tables joined in order by the join of several files,
// so the table is the one a read of the whole file on one thread builds, bit for bit.
import { open, stat, type FileHandle } from "node:fs/promises";
import { pairBatchesOf } from "../io/index";
import { readPairs, type PairTable, type ReadPairsOptions } from "../io/read-pairs";
import { joinPairTables } from "../io/join-pair-tables";
import { nextCut, QuoteCheck } from "../io/csv-quotes";
import { byteOrderMarks } from "../io/line-blocks";
import type { FieldMapping } from "../io/pair-fields";
import type { RowFormat } from "../io/rows";
import { resolveFormat, type ReadPairFileOptions } from "./read-pair-file";
import { threadsForBytes } from "./thread-count";
import { sharedPool } from "./worker-pool";

const LF = 0x0a, CR = 0x0d, QUOTE = 0x22;
/** The bytes read at the file's start to find its header and the field mapping of its first row. */
const HEAD_BYTES = 1 << 18;
/**
 * Ranges per thread: a free worker takes the next range, so a core that other work slows reads fewer of them, and
 * progress moves in steps of 1/(4N). A range's own costs (its start, its columns' growth) stay small next to its
 * bytes for the files that split by default (8 MiB and more).
 */
const RANGES_PER_THREAD = 4;

/** What every range's worker is given once: the file, its format, the read's options and the CSV/TSV header. */
export interface RangeReading {
  path: string;
  format: RowFormat;
  options: Omit<ReadPairsOptions, "onProgress">;
  /** A CSV/TSV file's header line (its line ending included, byte-order marks excluded), read ahead of each later range. */
  header: Uint8Array | null;
  crlf: boolean;
}

/** One range: bytes [start, end) of the file, the `index`-th. */
export interface ByteRange {
  index: number;
  start: number;
  end: number;
}

/** A range's table, the line feeds it held and whether its quotes were all well placed (CSV/TSV). */
export interface RangeTable {
  table: PairTable;
  lines: number;
  wellPlaced: boolean;
}

/**
 * readPairFile of one uncompressed JSONL, CSV or TSV file on `threads` worker threads, as 4 byte ranges per thread, or null when the file is not
 * read that way (the caller then reads it on one thread, which gives the same table or reports the error): a
 * compressed or Parquet file, a file too small for the default threads, a header that is not plain, a head whose
 * first row sets no mapping or holds an error, a quote RFC 4180 would not place, and any error in a range.
 * O(n) over the threads; memory about twice the columns while joining.
 * @param path the file
 * @param given options.threads, checked (undefined: the default)
 * @param options readPairFile's options, without threads and onProgress
 * @param onProgress the share of bytes read and the rows so far, after each range
 * @returns the table, or null
 */
export async function readPairFileRanges(
  path: string, given: number | undefined, options: Omit<ReadPairFileOptions, "onProgress">, onProgress?: (fraction: number, rows: number) => void,
): Promise<PairTable | null> {
  let format: RowFormat;
  try {
    const resolved = resolveFormat(path, options.format);
    if (resolved === "parquet" || path.toLowerCase().endsWith(".gz")) return null;
    format = resolved;
  } catch {
    return null;
  }
  const size = await stat(path).then((s) => (s.isFile() ? s.size : 0), () => 0);
  const threads = threadsForBytes(given, size);
  if (threads === 1 || size === 0) return null;
  const { format: _format, ...rest } = options;
  const reading = { path, format, header: null as Uint8Array | null, crlf: false };
  const handle = await open(path, "r").catch(() => null);
  if (handle === null) return null;
  let cuts: number[];
  let mapping: FieldMapping;
  try {
    const head = await readAt(handle, 0, Math.min(size, HEAD_BYTES));
    const lastBreak = head.lastIndexOf(LF);
    if (lastBreak < 0) return null;
    if (format !== "jsonl") {
      const header = plainHeader(head);
      if (header === null) return null;
      ({ bytes: reading.header, crlf: reading.crlf } = header);
    }
    // Field detection happens once, on the first row, by the rules of one read; every range is given its mapping.
    const found = await readPairs(pairBatchesOf([head.subarray(0, lastBreak + 1)], format), { ...rest, fileName: path }).catch(() => null);
    if (found === null) return null;
    mapping = found.mapping;
    cuts = await rangeCuts(handle, path, size, threads, format, reading.header === null ? 0 : head.indexOf(LF) + 1, reading.crlf);
  } catch {
    // A read that fails here fails the one-thread read too, which says so in its own words.
    return null;
  } finally {
    await handle.close();
  }
  if (cuts.length === 0) return null;
  const bounds = [0, ...cuts, size];
  const ranges: ByteRange[] = bounds.slice(1).map((end, index) => ({ index, start: bounds[index], end }));
  let bytes = 0, rows = 0;
  let parts: RangeTable[];
  try {
    const input: RangeReading = { ...reading, options: { ...rest, fileName: path, mapping } };
    parts = await sharedPool(threads).run<RangeTable>("readPairFileRange", input, ranges, (_, index, part) => {
      bytes += ranges[index].end - ranges[index].start;
      rows += part.table.n;
      onProgress?.(bytes / size, rows);
    });
  } catch {
    return null;
  }
  // A range may hold no pair; a file that holds none is the one-thread read's to report.
  if (!parts.every((part) => part.wellPlaced) || parts.every((part) => part.table.n === 0)) return null;
  // A range numbers its lines from its own start (a CSV/TSV range from its header, line 1); the line feeds of the
  // ranges before it say where it starts in the file.
  let before = 0;
  const tables = parts.map((part, k) => {
    const offset = k > 0 && reading.header !== null ? before - 1 : before;
    before += part.lines;
    const first = part.table.skipped.first.map((s) => (s.line > 0 ? { ...s, line: s.line + offset } : s));
    return { ...part.table, skipped: { ...part.table.skipped, first } };
  });
  return joinPairTables(tables);
}

/**
 * A CSV/TSV file's header line when the byte path reads it (not blank, no quote, no bare CR), with its line ending,
 * past the byte-order marks; else null.
 */
function plainHeader(head: Uint8Array): { bytes: Uint8Array; crlf: boolean } | null {
  const firstBreak = head.indexOf(LF);
  const start = byteOrderMarks(head, 0, firstBreak);
  const crlf = firstBreak > 0 && head[firstBreak - 1] === CR;
  const text = head.subarray(start, crlf ? firstBreak - 1 : firstBreak);
  if (text.length === 0 || text.includes(QUOTE) || text.includes(CR)) return null;
  return { bytes: head.slice(start, firstBreak + 1), crlf };
}

/**
 * Where the ranges start, past the first: the first row's end at or after each k/(4·threads) of the file, outside
 * quotes (their parity counted first, on the threads, for CSV/TSV). Increasing; a range that would be empty is
 * dropped.
 */
async function rangeCuts(handle: FileHandle, path: string, size: number, threads: number, format: RowFormat, headerEnd: number, crlf: boolean): Promise<number[]> {
  const quoted = format !== "jsonl";
  const count = threads * RANGES_PER_THREAD;
  const grid = Array.from({ length: count + 1 }, (_, j) => Math.floor((j * size) / count));
  // Whether an odd number of quotes precedes each grid point.
  let odd: boolean[] = grid.map(() => false);
  if (quoted) {
    const pieces = grid.slice(1, count).map((end, index) => ({ index, start: grid[index], end }));
    const counts = await sharedPool(threads).run<number>("countQuotes", path, pieces);
    let total = 0;
    odd = grid.map((_, j) => {
      const parity = total % 2 === 1;
      if (j < counts.length) total += counts[j];
      return parity;
    });
  }
  // A CSV/TSV range 0 holds the header (which has no quote) and at least one byte past it.
  const first = Math.max(2, headerEnd);
  const cuts: number[] = [];
  for (let k = 1; k < count; k++) {
    const last = cuts.at(-1) ?? 0, at = Math.max(first, grid[k]);
    // A quoted field that carried the last cut past this point leaves one range where there would be two.
    if (last >= at) continue;
    const cut = await findCut(handle, at, size, odd[k], quoted, crlf);
    if (cut > last && cut < size) cuts.push(cut);
  }
  return cuts;
}

/** The first cut at or after `from` (nextCut over pieces read from the file), or -1 when the file ends first. */
async function findCut(handle: FileHandle, from: number, size: number, odd: boolean, quoted: boolean, crlf: boolean): Promise<number> {
  const PIECE = 1 << 16;
  // Each piece starts 2 bytes before its first candidate and reads 3 past its last, so nextCut sees around each.
  for (let at = from; at < size;) {
    const bytes = await readAt(handle, at - 2, Math.min(size, at - 2 + PIECE) - (at - 2));
    const limit = bytes.length - 3;
    if (limit <= 2) return -1;
    const found = nextCut(bytes, 2, limit, odd, quoted, crlf);
    if ("cut" in found) return at - 2 + found.cut;
    odd = found.odd;
    at += limit - 2;
  }
  return -1;
}

/** Bytes [start, start + length) of the file (fewer if it ends first). */
async function readAt(handle: FileHandle, start: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.max(0, length));
  let at = 0;
  while (at < buffer.length) {
    const { bytesRead } = await handle.read(buffer, at, buffer.length - at, start + at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buffer.subarray(0, at);
}

/**
 * A worker's part: the pairs of one byte range, read by readPairs over the byte path (a later CSV/TSV range behind
 * the header line), with the line feeds it held and, for CSV/TSV, whether its quotes were well placed.
 * @throws {InputError} as readPairs does, naming range-relative lines (the caller then reads the file on one thread)
 */
export async function readPairFileRange(input: RangeReading, range: ByteRange): Promise<RangeTable> {
  const handle = await open(input.path, "r");
  try {
    const stream = handle.createReadStream({ start: range.start, end: range.end - 1, highWaterMark: 1 << 20, autoClose: false });
    const check = input.format === "jsonl" ? null : new QuoteCheck(input.format === "tsv" ? "\t" : ",", input.crlf);
    const behindHeader = range.index > 0 && input.header !== null;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      if (behindHeader) yield input.header!;
      for await (const chunk of stream) {
        check?.feed(chunk as Uint8Array);
        yield chunk as Uint8Array;
      }
    }
    const tally = { lines: 0 };
    const table = await readPairs(pairBatchesOf(chunks(), input.format, tally), input.options as ReadPairsOptions);
    return { table, lines: tally.lines - (behindHeader ? 1 : 0), wellPlaced: check?.finish() ?? true };
  } finally {
    await handle.close();
  }
}

/**
 * A worker's part of the count pass: the quotes in bytes [start, end) of the file. O(bytes), one indexOf a quote.
 */
export async function countQuotes(path: string, range: ByteRange): Promise<number> {
  const handle = await open(path, "r");
  try {
    let count = 0;
    for await (const chunk of handle.createReadStream({ start: range.start, end: range.end - 1, highWaterMark: 1 << 20, autoClose: false })) {
      const bytes = chunk as Uint8Array;
      for (let q = bytes.indexOf(QUOTE); q >= 0; q = bytes.indexOf(QUOTE, q + 1)) count++;
    }
    return count;
  } finally {
    await handle.close();
  }
}
