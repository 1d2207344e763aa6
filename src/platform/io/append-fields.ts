// Writing rows back out with new fields appended: every input field and its text kept, rows in input order.
import Papa from "papaparse";

/**
 * A JSONL line with fields appended. The original text is kept byte for byte (the new fields are spliced in before
 * the closing brace); only when the row already has one of the fields is the object re-serialized with it replaced.
 * O(line length).
 * @param raw the line's text (a JSON object)
 * @param values the parsed object
 * @param fields the new fields and values, in order
 * @example appendJsonFields('{"a":1}', { a: 1 }, [["p", 0.5]]) // => '{"a":1,"p":0.5}'
 */
export function appendJsonFields(raw: string, values: Record<string, unknown>, fields: readonly [string, unknown][]): string {
  if (fields.some(([name]) => Object.prototype.hasOwnProperty.call(values, name))) {
    const copy = { ...values };
    for (const [name, value] of fields) copy[name] = value;
    return JSON.stringify(copy);
  }
  const text = raw.trimEnd();
  const body = text.slice(0, -1).trimEnd(); // without the closing brace
  const added = fields.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(",");
  return `${body}${body.endsWith("{") ? "" : ","}${added}}`;
}

/**
 * CSV/TSV text for rows of cells, quoting only where needed (papaparse's unparse). Each row ends with "\n".
 * @example csvLines([["a", "b,c"]], ",") // => 'a,"b,c"\n'
 */
export function csvLines(rows: readonly (readonly string[])[], delimiter: "," | "\t"): string {
  if (rows.length === 0) return "";
  return Papa.unparse(rows as string[][], { delimiter, newline: "\n", quotes: false }) + "\n";
}
