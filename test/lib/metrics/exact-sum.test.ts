// The exact sums behind merged partials (src/lib/metrics/exact-sum.ts): rounded once, they equal the correctly
// rounded sum of Shewchuk's algorithm (test/reference/exact-sum.ts, Python's math.fsum), in every order and grouping.
import { describe, expect, it } from "vitest";
import {
  addExact, exactOfFloat, exactText, parseExactText, roundExact, timesPowerOfTwoExact, EXACT_ZERO, type ExactSum,
} from "../../../src/lib/metrics/exact-sum";
import { referenceFsum } from "../../reference/exact-sum";
import { mulberry32, integer, type Random } from "../../helpers/prng";

const sumOf = (values: readonly number[]): ExactSum => values.reduce<ExactSum>((s, x) => addExact(s, exactOfFloat(x)), EXACT_ZERO);

/** Non-negative floats over the whole range: subnormals, values near 1, huge ones, exact duplicates. */
function awkwardValue(random: Random): number {
  const kind = random();
  if (kind < 0.1) return integer(random, 4) * 2 ** -1074;
  if (kind < 0.2) return random() * 2 ** (integer(random, 80) - 1060);
  if (kind < 0.3) return random() * 2 ** (integer(random, 60) + 900);
  if (kind < 0.4) return 0.1;
  return random() * 2 ** (integer(random, 120) - 60);
}

describe("exact sums", () => {
  it("roundExact(Σ exactOfFloat(x)) equals math.fsum's values (python3 -c 'import math; print(repr(math.fsum(…)))')", () => {
    // python3: math.fsum([0.1]*10) = 1.0 (sum() gives 0.9999999999999999); fsum([1e16, 1., 1e-16]) = 1.0000000000000002e16;
    // fsum([2**-1074]*3) = 1.5e-323; fsum([0.1, 0.2]) = 0.30000000000000004; fsum([1.0, 2**-53]) = 1.0 (a tie, to even);
    // fsum([1.0, 2**-53, 2**-105]) = 1.0000000000000002; fsum([3.0, 2**-52]) = 3.0.
    expect(roundExact(sumOf(Array(10).fill(0.1)))).toBe(1.0);
    expect(roundExact(sumOf([1e16, 1, 1e-16]))).toBe(1.0000000000000002e16);
    expect(roundExact(sumOf([2 ** -1074, 2 ** -1074, 2 ** -1074]))).toBe(1.5e-323);
    expect(roundExact(sumOf([0.1, 0.2]))).toBe(0.30000000000000004);
    expect(roundExact(sumOf([1, 2 ** -53]))).toBe(1);
    expect(roundExact(sumOf([1, 2 ** -53, 2 ** -105]))).toBe(1.0000000000000002);
    expect(roundExact(sumOf([3, 2 ** -52]))).toBe(3);
  });

  it("equals the Shewchuk reference on seeded awkward values, in any order and grouping", () => {
    const random = mulberry32(18);
    for (let trial = 0; trial < 300; trial++) {
      const values = Array.from({ length: 1 + integer(random, 40) }, () => awkwardValue(random));
      const expected = referenceFsum(values);
      expect(roundExact(sumOf(values))).toBe(expected);
      expect(roundExact(sumOf([...values].reverse()))).toBe(expected);
      // A random binary tree of merges: split, sum each side, add.
      const cut = integer(random, values.length + 1);
      const tree = addExact(sumOf(values.slice(cut)), sumOf(values.slice(0, cut)));
      expect(exactText(tree)).toBe(exactText(sumOf(values)));
    }
  });

  it("a single float comes back bit for bit, also through a power-of-two scale and the text", () => {
    const random = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const x = awkwardValue(random);
      const k = integer(random, 600) - 300;
      const text = exactText(timesPowerOfTwoExact(exactOfFloat(x), k));
      expect(roundExact(parseExactText(text)!, -k)).toBe(x);
    }
  });

  it("roundExact overflows to +∞ only beyond the largest float, and keeps +∞ absorbing", () => {
    expect(roundExact(sumOf([Number.MAX_VALUE, 9e291]))).toBe(Number.MAX_VALUE); // python3: fsum → 1.7976931348623157e+308
    expect(roundExact(sumOf([Number.MAX_VALUE, Number.MAX_VALUE]))).toBe(Infinity);
    expect(roundExact(addExact(exactOfFloat(Infinity), exactOfFloat(1)))).toBe(Infinity);
    expect(exactText(exactOfFloat(Infinity))).toBe("inf");
  });

  it("parseExactText accepts only canonical non-negative text", () => {
    expect(parseExactText("0x3p-1")).toEqual({ m: 3n, e: -1 });
    expect(parseExactText("0x0p+0")).toEqual(EXACT_ZERO);
    for (const bad of ["0x6p-2", "0x3P-1", "-0x3p-1", "0x3p1", "1.5", "0x0p+1", "0x3p-1 ", "", "Infinity", `0x${"f".repeat(1025)}p+0`]) {
      expect(parseExactText(bad), bad).toBeNull();
    }
  });

  it("exactOfFloat refuses negative and NaN values as an internal error", () => {
    expect(() => exactOfFloat(-1)).toThrow(/every summed quantity is ≥ 0/);
    expect(() => exactOfFloat(NaN)).toThrow(/every summed quantity is ≥ 0/);
  });
});
