// FieldTexts: a slot's text is TextDecoder's decoding of its bytes, whether the bytes changed or repeat.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FieldTexts } from "../../../src/platform/io/field-texts";
import { SEED } from "../../properties/arbitraries";

describe("FieldTexts", () => {
  it("set(slot, bytes, start, end) leaves the decoded text in texts[slot], for any run of repeated and new values", () => {
    const value = fc.oneof(fc.constantFrom("a", "b", "", "é", "\ufeffx"), fc.uint8Array({ maxLength: 6 }).map((b) => Array.from(b, (c) => String.fromCharCode(c)).join("")));
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(1), value), { maxLength: 20 }), (sets) => {
      const texts = new FieldTexts(2);
      for (const [slot, text] of sets) {
        const bytes = new TextEncoder().encode(`"${text}"`);
        texts.set(slot, bytes, 1, bytes.length - 1);
        expect(texts.texts[slot]).toBe(text);
      }
    }), { seed: SEED, numRuns: 500 });
  });

  it("set decodes malformed UTF-8 as the line's decoder does (U+FFFD), so a group name is the row path's", () => {
    const texts = new FieldTexts(1);
    texts.set(0, new Uint8Array([0x61, 0xff, 0x62]), 0, 3);
    expect(texts.texts[0]).toBe("a\ufffdb");
  });
});
