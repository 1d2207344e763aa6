// Writing rows back out with new fields: every input byte of a row is kept, only the new fields are added
// (docs/DESIGN.md §9.3), so numbers like 12345678901234567890 and any text pass through exactly as they came.

/** The line ending a row's text ends with ("" for a last line without one). */
function lineEnding(text: string): string {
  return text.endsWith("\r\n") ? "\r\n" : text.endsWith("\n") || text.endsWith("\r") ? text.slice(-1) : "";
}

/**
 * A JSONL row with fields added: its text kept byte for byte, the new fields spliced in before the closing brace.
 * The caller makes sure the row has none of the fields (a duplicate key would make the row ambiguous). O(line length).
 * @param text the row's exact text (a JSON object), line ending included
 * @param fields the new fields and their values (finite numbers), in order
 * @example appendJsonFields('{"a":1}\n', [["p", 0.5]]) // => '{"a":1,"p":0.5}\n'
 */
export function appendJsonFields(text: string, fields: readonly [string, number][]): string {
  const brace = text.lastIndexOf("}");
  const body = text.slice(0, brace);
  const added = fields.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(",");
  // A non-empty object's last value never ends in "{", so this tells {} from {"a":1}.
  return `${body}${body.trimEnd().endsWith("{") ? "" : ","}${added}${text.slice(brace)}`;
}

/**
 * A CSV/TSV row (or header) with cells appended before its line ending; the row's own text is kept byte for byte.
 * The cells must need no quoting (numbers, rmcal's own column names).
 * @example appendCells("a,b\r\n", ["0.5"], ",") // => "a,b,0.5\r\n"
 */
export function appendCells(text: string, cells: readonly string[], delimiter: "," | "\t"): string {
  const ending = lineEnding(text);
  return `${text.slice(0, text.length - ending.length)}${delimiter}${cells.join(delimiter)}${ending}`;
}
