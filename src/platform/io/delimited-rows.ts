// CSV and TSV through papaparse's parser (quoted fields, embedded delimiters and newlines, CRLF), fed chunk by
// chunk: the unfinished last row of a chunk is carried into the next, as papaparse's own streamers do.
import Papa from "papaparse";
import { decodeTextAt, type RowBatch, type SourceRow, type TextSource } from "./rows";
import { MAX_LINE_LENGTH, SourceError, lineTooLong } from "./input-error";

/**
 * Reads a CSV or TSV file with a header row as batches of rows. A row whose cell count differs from the header's, or
 * with a broken quote, becomes a row with `values: null` and an `error`. O(n) in the file's size.
 * @param source the file's chunks
 * @param delimiter "," for CSV, "\t" for TSV
 * @returns an async iterable of row batches; each row's `raw` holds its cells
 * @throws {RangeError} if the file has no header row
 * @example for await (const batch of delimitedRows(["a,b\n1,2\n"], ",")) console.log(batch.rows[0].values); // {a:"1",b:"2"}
 */
export async function* delimitedRows(source: TextSource, delimiter: "," | "\t"): AsyncGenerator<RowBatch> {
  let parser: Papa.Parser | null = null;
  // papaparse's step callback is fixed when the parser is made; it forwards to the current parse call's handler.
  let currentStep: (r: Papa.ParseStepResult<string[]>) => void = () => {};
  let newlineChar = "\n";
  let pending = "";
  let line = 1;
  let header: string[] | null = null;
  let headerText: string | null = null;

  // Linear time (docs/DESIGN.md §2.6): the newline search resumes where it stopped, and an unfinished row is
  // parsed again only once the text has doubled since the last parse, so a long row (a quoted field over many
  // chunks) costs O(its length) in all, not O(length) per chunk.
  const newlineSearch = { from: 0, quoted: false };
  let carried = 0;
  for await (const text of decodeTextAt(source, () => line)) {
    pending += text;
    if (parser === null) {
      const newline = detectNewline(pending, newlineSearch);
      if (newline === null) {
        if (pending.length > MAX_LINE_LENGTH) throw lineTooLong(line);
        continue;
      }
      newlineChar = newline === "\r" ? "\r" : "\n";
      parser = makeParser(delimiter, newline, (r) => currentStep(r));
    }
    if (pending.length < 2 * carried) continue;
    const rows = runParse(false);
    carried = pending.length;
    if (carried > MAX_LINE_LENGTH) throw lineTooLong(line);
    if (rows.length > 0) yield { header, headerText, rows };
  }
  if (parser === null) parser = makeParser(delimiter, "\n", (r) => currentStep(r));
  const rows = runParse(true);
  if (header === null) throw new SourceError("empty-input", "is empty; a CSV/TSV file needs a header row");
  if (rows.length > 0) yield { header, headerText, rows };

  function runParse(final: boolean): SourceRow[] {
    const rows: SourceRow[] = [];
    const input = pending;
    let previous = 0;
    let tooLong: number | null = null;
    currentStep = (r) => {
      const cells = (r.data as unknown as string[][])[0]; // step mode: data holds the one row
      const startLine = line;
      if (r.meta.cursor - previous > MAX_LINE_LENGTH) tooLong ??= startLine;
      // papaparse's cursor stands just past the row's line ending, so this is the row's exact text.
      const text = input.slice(previous, r.meta.cursor);
      line += countChar(input, newlineChar, previous, r.meta.cursor);
      previous = r.meta.cursor;
      if (cells.length === 1 && cells[0] === "") return;
      if (header === null) {
        header = cells.map((c) => c.trim());
        headerText = text;
        return;
      }
      if (r.errors.length > 0) {
        rows.push({ line: startLine, values: null, raw: cells, text, error: `is not valid CSV (${r.errors[0].message})` });
      } else {
        rows.push(delimitedRow(cells, header, text, startLine));
      }
    };
    const result = parser!.parse(input, 0, !final);
    // Thrown here, not in the step: papaparse's parse is not written to be left by an exception.
    if (tooLong !== null) throw lineTooLong(tooLong);
    pending = final ? "" : input.slice(result.meta.cursor);
    return rows;
  }
}

/**
 * A row of cells under a header: its values by field, or an error when the cell count differs. O(cells).
 * @param cells the row's cells
 * @param header the header's field names
 * @param text the row as the file has it, line ending included
 * @param line the 1-based line where it starts
 * @example delimitedRow(["1", "0"], ["chosen", "rejected"], "1,0\n", 2).values?.chosen // => "1"
 */
export function delimitedRow(cells: string[], header: readonly string[], text: string, line: number): SourceRow {
  if (cells.length !== header.length) return { line, values: null, raw: cells, text, error: `has ${cells.length} fields but the header has ${header.length}` };
  // No prototype: a header cell named "__proto__" is a field like any other, not the row's prototype.
  const values: Record<string, unknown> = Object.create(null);
  for (let i = 0; i < header.length; i++) values[header[i]] = cells[i];
  return { line, values, raw: cells, text };
}

function makeParser(delimiter: string, newline: "\n" | "\r\n" | "\r", step: (r: Papa.ParseStepResult<string[]>) => void): Papa.Parser {
  return new Papa.Parser({ delimiter, newline, step } as Papa.ParseConfig);
}

/**
 * The line ending of the first line outside quotes; null until a line ending has been seen. `state` carries the
 * scan over calls, so text that keeps growing is scanned once.
 */
function detectNewline(text: string, state: { from: number; quoted: boolean }): "\n" | "\r\n" | "\r" | null {
  let quoted = state.quoted;
  for (let i = state.from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "\n") return "\n";
    else if (!quoted && c === "\r") {
      if (i + 1 >= text.length) {
        // Whether "\r\n" or "\r" is decided by the next chunk: resume at the "\r".
        state.from = i;
        state.quoted = quoted;
        return null;
      }
      return text[i + 1] === "\n" ? "\r\n" : "\r";
    }
  }
  state.from = text.length;
  state.quoted = quoted;
  return null;
}

function countChar(text: string, char: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf(char, from); i >= 0 && i < to; i = text.indexOf(char, i + 1)) count++;
  return count;
}
