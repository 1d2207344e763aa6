// Cuts of a CSV/TSV file (docs/DESIGN.md §6.10): on random RFC 4180 files, cut in random chunks, QuoteCheck finds
// every quote well placed, and every cut nextCut finds from any byte (given the quote parity before it) is a row's
// end; quotes RFC 4180 would not place are caught.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextCut, QuoteCheck } from "../../../src/platform/io/csv-quotes";
import { SEED } from "../../properties/arbitraries";

const encoder = new TextEncoder();

/** A cell as an RFC 4180 writer writes it: quoted, its quotes doubled, when it holds a quote, delimiter or line break. */
const cellText = (cell: string, d: string) => (/["\r\n]/.test(cell) || cell.includes(d) ? `"${cell.replaceAll('"', '""')}"` : cell);

const file = fc.record({
  rows: fc.array(fc.array(fc.stringMatching(/^[a-z",\t\r\n ]{0,6}$/), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
  delimiter: fc.constantFrom(",", "\t"),
  crlf: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
});

/** The file's text and the offsets where its rows start. */
function build(rows: string[][], delimiter: string, crlf: boolean): { text: string; starts: Set<number> } {
  const end = crlf ? "\r\n" : "\n";
  const starts = new Set<number>();
  let text = "";
  for (const row of rows) {
    starts.add(text.length);
    text += row.map((cell) => cellText(cell, delimiter)).join(delimiter) + end;
  }
  return { text, starts };
}

function check(bytes: Uint8Array, delimiter: "," | "\t", crlf: boolean, cuts: number[]): QuoteCheck {
  const quotes = new QuoteCheck(delimiter, crlf);
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    quotes.feed(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  quotes.feed(bytes.subarray(at));
  return quotes;
}

describe("QuoteCheck and nextCut", () => {
  it("an RFC 4180 file, fed in any chunks, has every quote well placed", () => {
    fc.assert(fc.property(file, ({ rows, delimiter, crlf, cuts }) => {
      const bytes = encoder.encode(build(rows, delimiter, crlf).text);
      const quotes = check(bytes, delimiter as "," | "\t", crlf, cuts);
      expect(quotes.finish()).toBe(true);
      expect(quotes.quotes).toBe(bytes.filter((b) => b === 0x22).length);
    }), { seed: SEED, numRuns: 300 });
  });

  it("from any byte, with the parity of the quotes before it, the cut found is a row's start", () => {
    fc.assert(fc.property(file, ({ rows, delimiter, crlf }) => {
      const { text, starts } = build(rows, delimiter, crlf);
      const bytes = encoder.encode(text + "...");
      let odd = false;
      for (let from = 0; from < text.length; from++) {
        if (from >= 1) {
          const found = nextCut(bytes, from, bytes.length - 3, odd, true, crlf);
          if ("cut" in found) expect(starts.has(found.cut) || found.cut === text.length, `from ${from}`).toBe(true);
        }
        if (text[from] === '"') odd = !odd;
      }
    }), { seed: SEED, numRuns: 200 });
  });

  it("catches quotes RFC 4180 would not place, and an unclosed field", () => {
    const placed = (text: string, crlf = false) => check(encoder.encode(text), ",", crlf, [1, 3]).finish();
    expect(placed('a,"b\nc",d\n"e""f"\n')).toBe(true);
    expect(placed('a,"b\r\nc",d\r\n', true)).toBe(true);
    expect(placed('a,b"c\n')).toBe(false);
    expect(placed('a,"b"c\n')).toBe(false);
    expect(placed('a,"b"\r\n')).toBe(false);
    expect(placed('a,"b\n')).toBe(false);
    expect(placed('a\n"b\r\n', true)).toBe(false);
    expect(placed('a,"b"')).toBe(true);
  });

  it("does not cut before a byte-order mark, nor (CRLF) at a bare line feed", () => {
    const bytes = encoder.encode("a\n\ufeffb\nc\r\nd\ne\r\nf...");
    expect(nextCut(bytes, 1, bytes.length - 3, false, true, false)).toEqual({ cut: 7 });
    expect(nextCut(bytes, 7, bytes.length - 3, false, true, true)).toEqual({ cut: 10 });
    expect(nextCut(bytes, 10, bytes.length - 3, false, true, true)).toEqual({ cut: 15 });
  });
});
