// Generators shared by the property suites: the numbers and columns that files written by other people's
// scripts actually contain (NaN from a crashed batch, ±Infinity, denormals, ±1e308, -0, numbers as strings).
import fc from "fast-check";

/** Every property in this folder runs from this seed, so a failure reproduces exactly. */
export const SEED = 20261127;

/** Doubles chosen to break arithmetic: non-finite, extreme, subnormal, signed zero, just outside [0, 1]. */
const NASTY_NUMBERS = [
  NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324,
  2.2250738585072014e-308, 1e-300, 0, -0, 1, 0.5, 1 + Number.EPSILON, -Number.EPSILON, 1e154, 1e-154,
];

/** Any float64 at all, with the nasty ones drawn often. */
const anyDouble = fc.oneof(fc.double(), fc.constantFrom(...NASTY_NUMBERS));

/** What a loose JSON/CSV pipeline may put in a numeric column besides numbers. */
export const NOT_NUMBERS: unknown[] = ["0.5", " 2 ", "1e3", "", "NaN", null, undefined, true, false, {}, [], [1], 1n];

const anyEntry: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: anyDouble },
  { weight: 1, arbitrary: fc.constantFrom(...NOT_NUMBERS) },
);

/** A column of `entry` as a plain array or, for numeric entries, as a typed array. */
function columnOf(entry: fc.Arbitrary<number>, minLength: number, maxLength: number): fc.Arbitrary<ArrayLike<number>> {
  const array = fc.array(entry, { minLength, maxLength });
  return fc.oneof(
    { weight: 3, arbitrary: array },
    { weight: 1, arbitrary: array.map((a) => Float64Array.from(a)) },
    { weight: 1, arbitrary: array.map((a) => Float32Array.from(a)) },
  );
}

/** Columns of anything, of independent lengths 0–6 (so mismatched lengths and empty columns are common). */
export const anyColumn: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(anyEntry, { maxLength: 6 }) },
  { weight: 2, arbitrary: columnOf(anyDouble, 0, 6) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 3, "1,2,3", {}, new Int8Array([1, -1]), new BigInt64Array([1n, 2n])) },
);

/** Margins a reward model can produce, plus the edges of float64. */
export const margin = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 1e-300, 1e-10, 700, -745, 1e300, -1e300, 1e308, -1e308) },
);

/** Labels: hard, tied, soft, and the boundary values. */
export const label = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1, 0.5, -0) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(5e-324, 1 - Number.EPSILON / 2) },
);

/**
 * Weights: zero, ordinary, the validated range's ends [1e-100, 1e100] (whose squares reach 1e±200), and, rarely,
 * subnormal and enormous ones beyond it (a named RangeError). Extremes are rare per entry, so most columns of 40 are valid.
 */
export const weight = fc.oneof(
  // fc.double spreads over exponents, so a [0, 100] range would be mostly values below 1e-100: draw from [1e-3, 100].
  { weight: 36, arbitrary: fc.double({ min: 1e-3, max: 100, noNaN: true }) },
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 1e-100, 1e100, 2.5e-100, 9.99e99, 5e-324, 1e300) },
);

/** Temperatures: ordinary, tiny, huge and subnormal. */
export const temperature = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0.01, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 5e-324, 1e-300, 1e-10, 1e10, 1e308, Number.MAX_VALUE) },
);

/** Bin counts for properties; the documented limit of 1,000,000 is tested once, in limits.test.ts. */
export const binCount = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 2, 1000) },
);

/** Options objects with valid and invalid values. */
export const anyOption: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, 0, -1, 1.5, 2 ** 31, 1e308, 1_000_001, NaN, Infinity, "15", "uniform", "quantile",
    "folded", "oriented", "l1", "l2", "max", "bogus", true, {}, [] as unknown[]),
  fc.integer({ min: -3, max: 30 }),
  anyDouble,
);

/** Valid-looking pairs in one of the four input shapes, each column of length n. */
const pairsOfLength = (n: number) =>
  fc.record({
    shape: fc.constantFrom("chosen-rejected", "scores", "margin", "rows"),
    a: fc.array(margin, { minLength: n, maxLength: n }),
    b: fc.array(margin, { minLength: n, maxLength: n }),
    label: fc.array(label, { minLength: n, maxLength: n }),
    weight: fc.option(fc.array(weight, { minLength: n, maxLength: n }), { nil: undefined }),
  }).map(({ shape, a, b, label, weight }) => {
    const w = weight ? { weight } : {};
    if (shape === "chosen-rejected") return { chosen: a, rejected: b, ...w };
    if (shape === "scores") return { scoreA: a, scoreB: b, label, ...w };
    if (shape === "margin") return { margin: a, label, ...w };
    return a.map((m, i) => ({ margin: m, label: label[i], ...(weight ? { weight: weight[i] } : {}) }));
  });

/** Valid-looking pairs of 1–40 rows (extremes included: the contract allows a named error for them). */
export const validPairs = fc.integer({ min: 1, max: 40 }).chain(pairsOfLength);

