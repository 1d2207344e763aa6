// lineBlocks and readPairs' byte path for JSON Lines: whatever the rows and however the bytes are cut into chunks,
// reading them as line blocks gives what reading them as rows through JSON.parse gives: the same columns, the same
// skipped rows, the same first error (docs/DESIGN.md §12.5).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonlRows, lineBlocks } from "../../../src/platform/io/index";
import { MAX_LINE_LENGTH } from "../../../src/platform/io/input-error";
import { SEED } from "../../properties/arbitraries";
import { cutAt, pairReadOutcome } from "../../helpers/pair-read-outcome";

const encoder = new TextEncoder();

const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ min: -10, max: 10, noNaN: true }).map((x) => x.toFixed(6)),
  fc.double({ min: 0, max: 1, noNaN: true }).map(String),
  fc.constantFrom("0", "1", "-0", "0.5", "1e400", "-1e400", "1E-2", "2", "1e-101", "1e101", "00", "1.", ".5", "+1", "0x10"),
);
/** A value as JSON text: numbers mostly, and each kind of thing a pair field may hold instead. */
const value = fc.oneof(
  { weight: 8, arbitrary: number },
  { weight: 1, arbitrary: fc.constantFrom('"0.5"', '" 2 "', "[1.5]", "[]", "true", "null", '{"x":1}', '"a\\"b"', '"\\u00e9"', '"é"', '"bad\\q"') },
);
const key = fc.constantFrom("chosen", "rejected", "margin", "label", "weight", "id", "ch\\u006fsen", "note", "__proto__", "é");
const space = fc.constantFrom("", "", " ", "\t", "\r");
const member = fc.tuple(key, space, value, space).map(([k, s, v, t]) => `"${k}"${s}:${t}${v}`);
/** A line: mostly an object of members, sometimes blank, broken or not an object. */
const line = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.array(member, { maxLength: 6 }), space, space).map(([ms, a, b]) => `${a}{${ms.join(",")}}${b}`) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\r", "[1,2]", '"x"', "{", '{"chosen":1,"rejected":2,}', "{} {}", '{"chosen":1 "rejected":2}', "\ufeff{}") },
);
const id = fc.constantFrom('"x"', '"y"', '""', '"é"', '"a\\"b"', "7", "true");
const plainPair = fc.tuple(number, number, id).map(([a, b, i]) => `{"chosen":${a},"rejected":${b},"id":${i},"note":"n"}`);
const file = fc.tuple(
  fc.array(fc.oneof({ weight: 3, arbitrary: plainPair }, { weight: 2, arbitrary: line }), { minLength: 0, maxLength: 12 }),
  fc.boolean(), fc.boolean(),
).map(([lines, bom, trailing]) => `${bom ? "\ufeff" : ""}${lines.join("\n")}${trailing ? "\n" : ""}`);
const options = fc.record({
  skipInvalid: fc.boolean(),
  marginsOnly: fc.boolean(),
  fields: fc.constantFrom({}, { margin: "margin", label: "label" }, { margin: "margin", label: "label", weight: "weight" }, { chosen: "chosen", rejected: "chosen" }),
  covariates: fc.constantFrom([], ["id"]),
  where: fc.constantFrom([], [{ field: "id", value: "x" }]),
  group: fc.constantFrom([], [], ["id"], ["note", "id"]),
  cluster: fc.constantFrom([], [], ["id"], ["note"]),
});

describe("lineBlocks", () => {
  it("readPairs(lineBlocks(chunks)) equals readPairs(jsonlRows(chunks)) for any rows, chunking and options", async () => {
    await fc.assert(fc.asyncProperty(file, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), options, async (text, cuts, opts) => {
      const chunks = cutAt(encoder.encode(text), cuts);
      const read = { fileName: "p.jsonl", ...opts };
      expect(await pairReadOutcome(lineBlocks(chunks), read)).toEqual(await pairReadOutcome(jsonlRows(chunks), read));
    }), { seed: SEED, numRuns: 1500 });
  });

  it("lineBlocks(chunks) numbers lines as an editor does and drops only a leading byte-order mark", async () => {
    const text = "\ufeffa\n\nb\r\n\ufeffc";
    for (const size of [1, 2, 3, 100]) {
      const bytes = encoder.encode(text);
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.slice(i * size, (i + 1) * size));
      const lines: [number, string][] = [];
      for await (const block of lineBlocks(chunks)) {
        for (let k = 0; k < block.count; k++) lines.push([block.firstLine + k, new TextDecoder("utf-8", { ignoreBOM: true }).decode(block.bytes.subarray(block.starts[k], block.ends[k]))]);
      }
      expect(lines, `chunks of ${size}`).toEqual([[1, "a"], [2, ""], [3, "b\r"], [4, "\ufeffc"]]);
    }
  });

  it("lineBlocks(chunks) refuses a line past MAX_LINE_LENGTH, naming it, before it holds 3 × the limit", async () => {
    const chunk = new Uint8Array(1 << 24).fill(0x61);
    async function* endless() {
      yield encoder.encode("{}\n{}\n");
      for (;;) yield chunk;
    }
    await expect((async () => { for await (const _ of lineBlocks(endless())) void _; })()).rejects.toThrow("line 3, is longer than 64 MiB");
    expect(MAX_LINE_LENGTH).toBe(2 ** 26);
  });
});
