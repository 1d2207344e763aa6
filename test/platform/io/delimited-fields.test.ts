// DelimitedFieldScanner: the cells it accepts are those Number() reads the same (JSON's numerals, unpadded), in a
// row of the header's width; readPairs makes one per header, so shards whose columns come in other orders read right.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DelimitedFieldScanner } from "../../../src/platform/io/delimited-fields";
import { delimitedLineBlocks, readPairs } from "../../../src/platform/io/index";
import { SEED } from "../../properties/arbitraries";

const encoder = new TextEncoder();

describe("DelimitedFieldScanner", () => {
  it("scan(row) accepts a row of the header's width whose read cells are plain numerals, with Number()'s values", () => {
    const cell = fc.oneof(fc.double().map(String), fc.constantFrom("", " 1", "1 ", "+1", "1.", "x", "0.25", "-0", "1e5"));
    fc.assert(fc.property(fc.array(cell, { minLength: 1, maxLength: 5 }), (cells) => {
      const text = cells.join(",");
      const bytes = encoder.encode(text);
      const scanner = new DelimitedFieldScanner([0, 2], 3, ",");
      const accepted = scanner.scan(bytes, 0, bytes.length);
      const plain = (c: string | undefined) => c !== undefined && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(c);
      expect(accepted).toBe(cells.length === 3 && plain(cells[0]) && plain(cells[2]));
      if (accepted) expect(Array.from(scanner.values)).toEqual([Number(cells[0]), Number(cells[2])]);
    }), { seed: SEED, numRuns: 2000 });
  });

  it("readPairs(shards) reads each shard's columns by its own header", async () => {
    async function* shards() {
      for await (const b of delimitedLineBlocks([encoder.encode("chosen,rejected\n1,2\n")], ",")) yield { ...b, file: "a.csv" };
      for await (const b of delimitedLineBlocks([encoder.encode("rejected,id,chosen\n3,x,4\n")], ",")) yield { ...b, file: "b.csv" };
    }
    const table = await readPairs(shards(), { fileName: "2 files" });
    expect(Array.from(table.scoreA!)).toEqual([1, 4]);
    expect(Array.from(table.scoreB!)).toEqual([2, 3]);
  });
});
