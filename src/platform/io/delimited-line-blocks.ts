// CSV and TSV for the reader of pairs: as long as the file is plain (no quote, one line a row), its lines are kept
// as bytes and split at the delimiter, which is all papaparse would do with them; from the first line that is not,
// papaparse reads the rest, so quoted fields, embedded line breaks and bare-CR files keep its rules
// (docs/DESIGN.md §12.5).
import { delimitedRows } from "./delimited-rows";
import { SourceError } from "./input-error";
import { byteOrderMarks, lineBlocks, type LineBlock } from "./line-blocks";
import type { RowBatch, TextSource } from "./rows";

/** Whole plain lines of a CSV/TSV file, past its header (LineBlock's layout). */
export interface DelimitedLineBlock extends Omit<LineBlock, "kind"> {
  kind: "delimited-lines";
  header: string[];
  headerText: string;
  delimiter: "," | "\t";
  /** Whether rows end in "\r\n": each line's bytes then end with the "\r", which is no part of its last cell. */
  crlf: boolean;
  file?: string;
}

const QUOTE = 0x22, CR = 0x0d;

/**
 * Reads a CSV or TSV file with a header row as blocks of plain lines and, from the first line that needs a CSV
 * parser (a quote; in a CRLF file, a line ending in a bare LF), as papaparse's row batches with the file's own
 * line numbers. A file whose first line is blank, quoted or ends in a bare CR is read by papaparse throughout.
 * Same rows, line numbers and errors as delimitedRows. O(n) in the file's size.
 * @param source the file's chunks
 * @param delimiter "," for CSV, "\t" for TSV
 * @param tally lineBlocks's count of the lines cut, header included
 * @returns an async iterable of line blocks and row batches
 * @throws {RangeError} if the file has no header row
 * @example for await (const b of delimitedLineBlocks(["a,b\n1,2\n"], ",")) console.log(b.kind); // "delimited-lines"
 */
export async function* delimitedLineBlocks(source: TextSource, delimiter: "," | "\t", tally?: { lines: number }): AsyncGenerator<DelimitedLineBlock | RowBatch> {
  // The marks stay in the bytes, so that a file papaparse reads throughout has them dropped by decodeText alone.
  const blocks = lineBlocks(source, true, false, tally)[Symbol.asyncIterator]();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let header: string[] | null = null, headerText = "", crlf = false;
  for (let next = await blocks.next(); !next.done; next = await blocks.next()) {
    const block = next.value;
    let from = 0;
    if (header === null) {
      const e = block.ends[0];
      const s = byteOrderMarks(block.bytes, block.starts[0], e);
      const cr = block.bytes.indexOf(CR, s);
      crlf = cr >= 0 && cr < e && cr === e - 1 && e < block.bytes.length;
      const plain = (crlf ? e - 1 : e) > s && !(cr >= 0 && cr < e && !crlf) && block.bytes.subarray(s, e).indexOf(QUOTE) < 0;
      if (!plain) return yield* handOff(block, 0, blocks, delimiter, 0);
      const text = decoder.decode(block.bytes.subarray(s, crlf ? e - 1 : e));
      header = text.split(delimiter).map((cell) => cell.trim());
      headerText = `${text}${crlf ? "\r\n" : e < block.bytes.length ? "\n" : ""}`;
      from = 1;
    }
    const stop = firstUnplain(block, from, crlf);
    if (stop > from) {
      yield {
        kind: "delimited-lines", header, headerText, delimiter, crlf, bytes: block.bytes,
        starts: block.starts.subarray(from, stop), ends: block.ends.subarray(from, stop), count: stop - from, firstLine: block.firstLine + from,
      };
    }
    if (stop < block.count) {
      const prefix = new TextEncoder().encode(headerText);
      // papaparse numbers the header 1 and the handed-off line 2; the file numbers it block.firstLine + stop.
      return yield* handOff(block, stop, blocks, delimiter, block.firstLine + stop - 2, prefix);
    }
  }
  if (header === null) yield* delimitedRows([], delimiter);
}

/** The index of the first line from `from` on that papaparse must read, or block.count. */
function firstUnplain(block: LineBlock, from: number, crlf: boolean): number {
  const { bytes, starts, ends } = block;
  if (from >= block.count) return block.count;
  const quote = bytes.indexOf(QUOTE, starts[from]);
  for (let k = from; k < block.count; k++) {
    if (quote >= 0 && quote < ends[k]) return k;
    // A CRLF file's row ends at "\r\n" only: a bare LF is inside a cell for papaparse, which joins the lines.
    if (crlf && ends[k] < bytes.length && (ends[k] === starts[k] || bytes[ends[k] - 1] !== CR)) return k;
  }
  return block.count;
}

/**
 * The rest of the file from line `from` of `block`, read by delimitedRows over the header's text and the remaining
 * bytes, its rows and errors renumbered by `offset` to the file's lines.
 */
async function* handOff(
  block: LineBlock, from: number, blocks: AsyncIterator<LineBlock>, delimiter: "," | "\t", offset: number, prefix?: Uint8Array,
): AsyncGenerator<RowBatch> {
  let sourceError: unknown = null;
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (prefix) yield prefix;
    yield linesOf(block, from);
    try {
      for (let next = await blocks.next(); !next.done; next = await blocks.next()) yield linesOf(next.value, 0);
    } catch (error) {
      // Already numbered by the file's lines (lineBlocks counts them all): passed on unchanged.
      sourceError = error;
      throw error;
    }
  }
  try {
    for await (const batch of delimitedRows(rest(), delimiter)) {
      yield offset === 0 ? batch : { ...batch, rows: batch.rows.map((row) => ({ ...row, line: row.line + offset })) };
    }
  } catch (error) {
    if (error !== sourceError && error instanceof SourceError && error.at !== null && offset !== 0) {
      throw new SourceError(error.code, error.problem, error.at + offset);
    }
    throw error;
  }
}

/** The bytes of lines `from`… of a block, the last one's line break included when it has one. */
function linesOf(block: LineBlock, from: number): Uint8Array {
  const end = block.ends[block.count - 1];
  return block.bytes.subarray(from < block.count ? block.starts[from] : end, Math.min(end + 1, block.bytes.length));
}
