// JSON Lines: one JSON object per line. Blank lines are skipped but counted, so line numbers match an editor's.
import { decodeTextAt, type RowBatch, type SourceRow, type TextSource } from "./rows";
import { MAX_LINE_LENGTH, lineTooLong } from "./input-error";

/**
 * Reads a JSON Lines file as batches of rows, one batch per decoded chunk. A malformed line becomes a row with
 * `values: null` and an `error`, so the caller decides whether to stop or skip. O(n) in the file's size.
 * @param source the file's chunks
 * @returns an async iterable of row batches
 * @example for await (const batch of jsonlRows(["{\"margin\":1,\"label\":1}\n"])) console.log(batch.rows[0].values);
 */
export async function* jsonlRows(source: TextSource): AsyncGenerator<RowBatch> {
  // The unfinished last line. Only each new chunk is searched for a line break, never `pending` again: a line
  // spread over many chunks costs its length once, not once per chunk (docs/DESIGN.md §2.6).
  let pending = "";
  let line = 0;
  for await (const text of decodeTextAt(source, () => line + 1)) {
    const endInText = text.lastIndexOf("\n");
    if (endInText < 0) {
      pending += text;
      if (pending.length > MAX_LINE_LENGTH) throw lineTooLong(line + 1);
      continue;
    }
    const end = pending.length + endInText;
    pending += text;
    const rows: SourceRow[] = [];
    let start = 0;
    // Invariant: pending[start..] begins a line whose number is line + 1.
    while (start <= end) {
      const stop = pending.indexOf("\n", start);
      line++;
      if (stop - start > MAX_LINE_LENGTH) throw lineTooLong(line);
      const row = parseLine(pending.slice(start, stop), pending.slice(start, stop + 1), line);
      if (row) rows.push(row);
      start = stop + 1;
    }
    pending = pending.slice(end + 1);
    if (pending.length > MAX_LINE_LENGTH) throw lineTooLong(line + 1);
    if (rows.length > 0) yield { header: null, headerText: null, rows };
  }
  if (pending.length > 0) {
    const row = parseLine(pending, pending, line + 1);
    if (row) yield { header: null, headerText: null, rows: [row] };
  }
}

/**
 * One JSON Lines line as a row: null for a blank line, a row with `values: null` and an `error` for a line that
 * is not a JSON object. O(length of the line).
 * @param text the line without its "\n"
 * @param source the line as the file has it, its "\n" included if it has one
 * @param line its 1-based number
 * @example parseLine('{"margin":1}', '{"margin":1}\n', 1)?.values // => { margin: 1 }
 */
export function parseLine(text: string, source: string, line: number): SourceRow | null {
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (text.trim() === "") return null;
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    return { line, values: null, raw: text, text: source, error: `not valid JSON (${(error as Error).message})` };
  }
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    return { line, values: null, raw: text, text: source, error: "is not a JSON object; each line must be an object of fields" };
  }
  return { line, values: values as Record<string, unknown>, raw: text, text: source };
}
