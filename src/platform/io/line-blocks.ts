// A text file as blocks of whole lines kept as UTF-8 bytes: the reader of pairs scans the bytes for the few fields
// it needs and decodes a line to text only when it has to (docs/DESIGN.md §12.5).
import { atLine } from "./input-error";
import { MAX_LINE_LENGTH, lineTooLong } from "./input-error";
import type { TextChunk, TextSource } from "./rows";

/** Whole lines of a text file: line k (0-based) is bytes[starts[k] .. ends[k]), its "\n" excluded. */
export interface LineBlock {
  kind: "lines";
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** How many lines the block holds (starts and ends may be longer). */
  count: number;
  /** The 1-based line number of the block's first line. */
  firstLine: number;
  /** The file, when a dataset spans several (as RowBatch.file). */
  file?: string;
}

const NEWLINE = 0x0a;
// A line of more than 3 × MAX_LINE_LENGTH bytes has more than MAX_LINE_LENGTH UTF-16 units (a UTF-8 character of
// k bytes is at least one unit, and k ≤ 3 per unit), so it can be refused before its end is seen.
const MAX_LINE_BYTES = 3 * MAX_LINE_LENGTH;
const encoder = new TextEncoder();

/**
 * Reads a text source as blocks of whole lines, one block per chunk or so; a byte-order mark at the start is
 * dropped, as decodeText drops it. Line numbers and the line-length limit are the row readers' (a line is measured
 * in UTF-16 units, as there: without its "\n" as jsonlRows measures, or with it as delimitedRows does).
 * O(n) in the file's size; memory O(one chunk + the longest line).
 * @param source the file's chunks (strings are encoded as UTF-8)
 * @param withBreak whether a line's "\n" counts towards its length
 * @param dropMarks whether to drop the leading byte-order marks (false leaves them to the caller)
 * @param tally when given, its `lines` is kept at the number of lines cut so far: a byte range of a file read apart
 * learns how many lines it held, so the ranges after it can be numbered (docs/DESIGN.md §6.10)
 * @returns an async iterable of line blocks
 * @throws {SourceError} for a line longer than MAX_LINE_LENGTH, naming it
 * @example for await (const block of lineBlocks([new TextEncoder().encode("{}\n{}\n")])) console.log(block.count); // 2
 */
export async function* lineBlocks(source: TextSource, withBreak = false, dropMarks = true, tally?: { lines: number }): AsyncGenerator<LineBlock> {
  const extra = withBreak ? 1 : 0;
  // The unfinished last line, carried into the next chunk.
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let line = 0;
  let bomUnknown = true;
  const chunks = source as AsyncIterable<TextChunk>;
  const iterator = chunks[Symbol.asyncIterator] ? chunks[Symbol.asyncIterator]() : toAsync(source as Iterable<TextChunk>);

  let capacity = 256;
  /** The block of the lines of bytes[0..end], end being a line break. */
  function split(bytes: Uint8Array, end: number): LineBlock {
    let count = 0;
    // Each block gets arrays of its own (a consumer may still hold the last one), as large as the last block's.
    let starts: Int32Array = new Int32Array(capacity), ends: Int32Array = new Int32Array(capacity);
    // Invariant: bytes[start..] begins line number line + 1; count lines are recorded.
    for (let start = 0; start <= end;) {
      const stop = bytes.indexOf(NEWLINE, start);
      line++;
      if (stop - start + extra > MAX_LINE_LENGTH) checkLength(bytes, start, stop + extra, line);
      if (count === starts.length) ({ starts, ends } = { starts: grow(starts), ends: grow(ends) });
      starts[count] = start;
      ends[count++] = stop;
      start = stop + 1;
    }
    capacity = starts.length;
    if (tally) tally.lines = line;
    return { kind: "lines", bytes, starts, ends, count, firstLine: line - count + 1 };
  }
  for (;;) {
    let next: IteratorResult<TextChunk>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw atLine(error, line + 1);
    }
    if (next.done) break;
    // A plain Uint8Array view even of a Node Buffer: the scanners see one kind of array, which keeps
    // V8 element access monomorphic.
    const chunk = typeof next.value === "string" ? encoder.encode(next.value) : new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    const lastBreak = chunk.lastIndexOf(NEWLINE);
    if (lastBreak < 0 && !(bomUnknown && pendingLength + chunk.length >= 6)) {
      // Kept as parts and joined once its end comes: a line spread over many chunks is copied once, not once per
      // chunk (docs/DESIGN.md §2.6).
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength > MAX_LINE_BYTES) throw lineTooLong(line + 1);
      continue;
    }
    let bytes = chunk, end = lastBreak;
    if (pendingLength > 0 && lastBreak >= 0) {
      // The line that spans chunks is joined alone, into a block of its own: the rest of the chunk is used where
      // it lies, never copied.
      const first = chunk.indexOf(NEWLINE);
      pending.push(chunk.subarray(0, first + 1));
      let head = join(pending, pendingLength + first + 1);
      pending = [];
      pendingLength = 0;
      if (bomUnknown) {
        bomUnknown = false;
        if (dropMarks) head = head.subarray(byteOrderMarks(head, 0, head.length));
      }
      yield split(head, head.length - 1);
      bytes = chunk.subarray(first + 1);
      end = lastBreak - (first + 1);
    } else {
      pending.push(chunk);
      bytes = join(pending, pendingLength + chunk.length);
      pending = [];
      pendingLength = 0;
      if (bomUnknown) {
        bomUnknown = false;
        if (dropMarks) bytes = bytes.subarray(byteOrderMarks(bytes, 0, bytes.length));
      }
      if (lastBreak < 0) {
        pending.push(bytes);
        pendingLength = bytes.length;
        continue;
      }
      // The last line break of the chunk, where it now stands in `bytes`.
      end = bytes.length - (chunk.length - lastBreak);
    }
    if (end >= 0) yield split(bytes, end);
    // A copy: the chunk's buffer may be reused by the source, and the block is the consumer's now.
    const rest = bytes.slice(end + 1);
    if (rest.length > 0) pending.push(rest);
    pendingLength = rest.length;
  }
  if (pendingLength > 0) {
    let bytes = join(pending, pendingLength);
    if (bomUnknown && dropMarks) bytes = bytes.subarray(byteOrderMarks(bytes, 0, bytes.length));
    line++;
    if (tally) tally.lines = line;
    if (bytes.length > MAX_LINE_LENGTH) checkLength(bytes, 0, bytes.length, line);
    if (bytes.length > 0) yield { kind: "lines", bytes, starts: Int32Array.of(0), ends: Int32Array.of(bytes.length), count: 1, firstLine: line };
  }
}

/**
 * Where the text of bytes[start..end) begins past its byte-order marks: decodeText drops up to two (TextDecoder
 * drops one, and its own check of the decoded text another), so a file that starts with two loses both. O(1).
 * @example byteOrderMarks(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 0, 4) // => 3
 */
export function byteOrderMarks(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  for (let k = 0; k < 2 && end - i >= 3 && bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf; k++) i += 3;
  return i;
}

/** A line of more than MAX_LINE_LENGTH bytes may still be short enough in UTF-16 units: decode it to know. */
function checkLength(bytes: Uint8Array, start: number, stop: number, line: number): void {
  if (new TextDecoder().decode(bytes.subarray(start, stop)).length > MAX_LINE_LENGTH) throw lineTooLong(line);
}

function join(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

async function* toAsync(source: Iterable<TextChunk>): AsyncGenerator<TextChunk> {
  yield* source;
}
