// JsonlFieldScanner against JSON.parse: what the scanner accepts, JSON.parse reads as an object holding each field
// once as the same number; what JSON.parse refuses, the scanner declines.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonlFieldScanner } from "../../../src/platform/io/jsonl-fields";
import { SEED } from "../../properties/arbitraries";

const encoder = new TextEncoder();
const FIELDS = ["a", "b"];

/** The line cut anywhere, with bytes deleted or swapped in: most are no longer JSON. */
const damaged = (text: string) => fc.tuple(fc.nat(text.length), fc.nat(3), fc.constantFrom("", '"', "\\", "{", "}", ",", ":", "1", "é", "\u0001"))
  .map(([at, drop, insert]) => text.slice(0, at) + insert + text.slice(at + drop));

describe("JsonlFieldScanner", () => {
  it("scan(line) accepts only what JSON.parse reads as an object with each field once, as that number", () => {
    const line = fc.oneof(
      fc.json().map((j) => `{"a":1,"b":2,"c":${j}}`),
      fc.tuple(fc.double(), fc.double(), fc.jsonValue()).map(([a, b, c]) => JSON.stringify({ c, a, b })),
      fc.tuple(fc.double(), fc.jsonValue()).chain(([a, c]) => damaged(JSON.stringify({ a, b: -0.5, c }))),
      fc.constantFrom('{"a":1,"a":2,"b":3}', '{"\\u0061":1,"b":2}', '{"a":[1],"b":2}', '{"a":"1","b":2}', '{"a":1}', '{"a":1,"b":2} x', ' {"b" : 2 , "a" : 1e400 } '),
    );
    fc.assert(fc.property(line, (text) => {
      const bytes = encoder.encode(text);
      const scanner = new JsonlFieldScanner(FIELDS);
      if (!scanner.scan(bytes, 0, bytes.length)) return;
      const parsed = JSON.parse(text) as Record<string, unknown>;
      expect(Array.from(scanner.values)).toEqual([parsed.a, parsed.b]);
    }), { seed: SEED, numRuns: 3000 });
  });

  it("scan(line) declines a repeated field (readPairs' repeated-key rule then names it)", () => {
    const bytes = encoder.encode('{"a":1,"b":2,"a":3}');
    expect(new JsonlFieldScanner(FIELDS).scan(bytes, 0, bytes.length)).toBe(false);
  });

  it("scan(line) accepts plain rows: any key order, spaces, nested values in other fields, non-ASCII text", () => {
    const scanner = new JsonlFieldScanner(["chosen", "rejected"]);
    for (const text of ['{"chosen":1.5,"rejected":-2}', ' { "id" : {"x":[1,{"y":null}]}, "rejected" : 0 , "chosen" : 1e-3 , "t":"é\\n\\u00e9" } ']) {
      const bytes = encoder.encode(text);
      expect(scanner.scan(bytes, 0, bytes.length), text).toBe(true);
      const parsed = JSON.parse(text) as { chosen: number; rejected: number };
      expect(Array.from(scanner.values)).toEqual([parsed.chosen, parsed.rejected]);
    }
  });

  it("scan(line) never reads past the line's end: an escape cut by the end is declined", () => {
    const bytes = encoder.encode('{"a":1,"b":2,"c":"\\\n"}');
    expect(new JsonlFieldScanner(FIELDS).scan(bytes, 0, bytes.indexOf(0x0a))).toBe(false);
  });
});
