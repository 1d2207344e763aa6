// delimitedLineBlocks and readPairs' byte path for CSV/TSV: whatever the cells (quoted, with delimiters, quotes and
// line breaks inside, padded, signed, blank), the line endings (LF, CRLF, bare CR, mixed), the byte-order marks and
// the chunking, reading the file as line blocks gives what reading it through papaparse gives: the same columns,
// skipped rows and first error (docs/DESIGN.md §12.5).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { delimitedLineBlocks, delimitedRows } from "../../../src/platform/io/index";
import { SEED } from "../../properties/arbitraries";
import { cutAt, pairReadOutcome } from "../../helpers/pair-read-outcome";

const encoder = new TextEncoder();

const numeral = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map((x) => x.toFixed(4)) },
  { weight: 2, arbitrary: fc.constantFrom("0", "1", "0.5", "-0", "1e400", " 2", "3 ", "+1", "1.", ".5", "007", "1e-101", "", "NaN", "x", "é", "g1", "g2") },
);
/** A cell as the file writes it: mostly plain, sometimes quoted, with what quoting allows inside. */
const cell = fc.oneof(
  { weight: 10, arbitrary: numeral },
  { weight: 2, arbitrary: numeral.map((x) => `"${x}"`) },
  { weight: 1, arbitrary: fc.constantFrom('"a,b"', '"say ""hi"""', '"two\nlines"', '"two\r\nlines"', 'x"y', '"open', "a\rb", "\ufeff1") },
);
const names = ["chosen", "rejected", "margin", "label", "weight", "note"];
const header = fc.oneof(
  { weight: 8, arbitrary: fc.shuffledSubarray(names, { minLength: 2 }).map((ns) => ns) },
  { weight: 1, arbitrary: fc.constantFrom(['"chosen"', "rejected"], ["chosen", "rejected", "chosen"], [" margin ", "label"], [""]) },
);
const ending = fc.constantFrom("\n", "\r\n", "\r");
/** A header and rows, most of them with the header's number of cells. */
const table = header.chain((head) => fc.tuple(fc.constant(head), fc.array(fc.oneof(
  { weight: 6, arbitrary: fc.array(cell, { minLength: head.length, maxLength: head.length }) },
  { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: 6 }) },
), { maxLength: 10 })));
const csvFile = fc.tuple(
  table, ending, fc.option(ending, { freq: 6 }),
  fc.constantFrom("", "\ufeff", "\ufeff\ufeff"), fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.constantFrom(",", "\t"),
).map(([[head, rows], end, stray, bom, trailing, blankAt, delimiter]) => {
  const lines = [head.join(delimiter), ...rows.map((r) => r.join(delimiter))];
  if (blankAt < lines.length) lines.splice(blankAt, 0, "");
  // A stray ending (a bare LF in a CRLF file, say) somewhere past the header.
  const text = lines.map((l, i) => l + (stray !== null && i === 2 ? stray : end)).join("");
  return { text: bom + (trailing ? text : text.slice(0, -end.length)), delimiter: delimiter as "," | "\t" };
});
const options = fc.record({
  skipInvalid: fc.boolean(),
  marginsOnly: fc.boolean(),
  fields: fc.constantFrom({}, { margin: "margin", label: "label" }, { margin: "margin", label: "label", weight: "weight" }),
  covariates: fc.constantFrom([], ["weight"]),
  group: fc.constantFrom([], [], ["note"], ["note", "label"]),
  cluster: fc.constantFrom([], [], ["note"]),
});

describe("delimitedLineBlocks", () => {
  it("readPairs(delimitedLineBlocks(chunks)) equals readPairs(delimitedRows(chunks)) for any file, chunking and options", async () => {
    await fc.assert(fc.asyncProperty(csvFile, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), options, async ({ text, delimiter }, cuts, opts) => {
      const chunks = cutAt(encoder.encode(text), cuts);
      const read = { fileName: "p.csv", ...opts };
      expect(await pairReadOutcome(delimitedLineBlocks(chunks, delimiter), read)).toEqual(await pairReadOutcome(delimitedRows(chunks, delimiter), read));
    }), { seed: SEED, numRuns: 1500 });
  });

  it("delimitedLineBlocks(chunks) keeps plain lines as bytes and hands papaparse the rest from the first quote, numbered as the file", async () => {
    const text = 'chosen,rejected\n1,2\n3,4\n"5",6\n7,8\n';
    const kinds: [string, number[]][] = [];
    for await (const b of delimitedLineBlocks([encoder.encode(text)], ",")) {
      kinds.push("kind" in b ? [b.kind, Array.from({ length: b.count }, (_, k) => b.firstLine + k)] : ["rows", b.rows.map((r) => r.line)]);
    }
    expect(kinds).toEqual([["delimited-lines", [2, 3]], ["rows", [4, 5]]]);
  });
});
