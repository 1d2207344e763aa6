// The seeded shuffle of splitPairs and crossFit against a plain Fisher–Yates over the shared mulberry32
// (scripts/lib/mulberry32.mjs, the generator the library's private copy must equal).
import { describe, expect, it } from "vitest";
import { shuffledIndices } from "../../../src/lib/pairs/shuffle";
import { mulberry32 } from "../../helpers/prng";

function referenceShuffle(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

describe("shuffledIndices", () => {
  it("is the Fisher–Yates shuffle driven by mulberry32(seed), index for index", () => {
    for (const [n, seed] of [[1, 0], [2, 5], [17, 1], [1000, 4294967295]]) {
      expect(Array.from(shuffledIndices(n, seed))).toEqual(referenceShuffle(n, seed));
    }
  });
  it("is a permutation of 0 … n − 1", () => {
    expect(Array.from(shuffledIndices(500, 3)).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});
