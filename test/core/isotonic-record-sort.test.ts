// The isotonic fits' record sort (assembly/record-radix-sort.ts: x, y and w moved together through radix passes
// over the high key bits, then short runs by insertion and long runs by the low passes) and the symmetric
// pairwise fit done in WebAssembly (assembly/antisymmetric-isotonic.ts), against the plain-TypeScript
// references of test/reference/isotonic.ts (comparison sorts, stack-of-blocks PAV). Labels are multiples of
// 1/4 and weights multiples of 1/2. fitIsotonicRegression: x thresholds exact, fitted values to 1e-12 (the
// kernel's PAV pools a block's mean times its weight, the stack-of-blocks reference sums the raw products).
// fitIsotonic: bit for bit, against a reference that pools with scikit-learn's arithmetic.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitIsotonic, fitIsotonicRegression } from "rmcal";
import { referenceAntisymmetricThresholds, referenceIsotonicThresholds } from "../reference/isotonic";
import { mulberry32, normal } from "../helpers/prng";
import { thrownText } from "../helpers/thrown";

beforeAll(async () => {
  await init();
});

function expectClose(got: ArrayLike<number>, want: number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-12);
}

/** Margin generators that reach each path of the sort: distinct x, exact ties, ±0, long and short runs. */
const MARGINS: Record<string, (random: () => number) => number> = {
  continuous: (random) => 3 * normal(random),
  "rounded (ties: the lexsort fallback)": (random) => Math.round(4 * normal(random)) / 2,
  "with −0 and +0": (random) => (random() < 0.02 ? (random() < 0.5 ? -0 : 0) : normal(random)),
  "one −0 among distinct x": (() => {
    let first = true;
    return (random: () => number) => (first ? ((first = false), -0) : normal(random));
  })(),
  "one long run of equal high bits": (random) => 1 + random() * 2 ** -21,
  "many short runs": (random) => (random() < 0.5 ? -1 : 1) * (1 + random() * 2 ** -12),
  "tiny, merged within 1e-15": (random) => normal(random) * 1e-15,
};

function data(kind: string, n: number, seed: number) {
  const random = mulberry32(seed);
  const margin = Float64Array.from({ length: n }, () => MARGINS[kind](random));
  const label = Float64Array.from(margin, (d) => Math.min(4, Math.max(0, Math.floor(5 / (1 + Math.exp(-d)) + random() - 0.5))) / 4);
  const weight = Float64Array.from({ length: n }, () => Math.floor(random() * 5) / 2);
  return { margin, label, weight };
}

describe("fitIsotonicRegression on records sorted with their payloads", () => {
  for (const kind of Object.keys(MARGINS)) {
    it(`${kind}: thresholds equal the comparison-sort reference, with and without weights`, () => {
      const { margin, label, weight } = data(kind, 3000, 11);
      for (const w of [null, weight]) {
        const model = fitIsotonicRegression(margin, label, w ? { sampleWeight: w } : {});
        const want = referenceIsotonicThresholds(margin, label, w ?? new Float64Array(margin.length).fill(1));
        expect(Array.from(model.xThresholds)).toEqual(want.x);
        expectClose(model.yThresholds, want.y);
      }
    });
  }
});

describe("fitIsotonic(pairs) symmetric, in WebAssembly", () => {
  for (const kind of Object.keys(MARGINS)) {
    it(`${kind}: thresholds equal the plain reference, with labels, weights (some zero) and without labels`, () => {
      const { margin, label, weight } = data(kind, 2000, 12);
      const cases = [
        { pairs: { margin, label }, want: referenceAntisymmetricThresholds(margin, label, null) },
        { pairs: { margin, label, weight }, want: referenceAntisymmetricThresholds(margin, label, weight) },
        {
          pairs: { chosen: margin, rejected: new Float64Array(margin.length) },
          want: referenceAntisymmetricThresholds(margin, null, null),
        },
      ];
      for (const { pairs, want } of cases) {
        const iso = fitIsotonic(pairs);
        expect(Array.from(iso.x)).toEqual(want.x);
        expect(Array.from(iso.y)).toEqual(want.y);
      }
    });
  }
});

describe("fitIsotonicRegression: the finite check done by the sort's first pass", () => {
  it("Float64Array x and y fail exactly as plain arrays (checked before the fit), also with other bad options", () => {
    let checked = 0;
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 3, 6]) {
        for (const column of ["x", "y", "both"]) {
          for (const options of [{}, { increasing: false }, { yMin: 2, yMax: 1 }, { outOfBounds: "up" }]) {
            const x = Float64Array.from({ length: 7 }, (_, i) => (i * 3) % 7);
            const y = Float64Array.from({ length: 7 }, (_, i) => i / 7);
            if (column !== "y") x[at] = bad;
            if (column !== "x") y[6 - at] = bad;
            const o = options as Parameters<typeof fitIsotonicRegression>[2];
            const eager = thrownText(() => fitIsotonicRegression(Array.from(x), Array.from(y), o));
            expect(eager).toMatch(/^RangeError: [xy]\[\d\]/);
            expect(thrownText(() => fitIsotonicRegression(x, y, o))).toBe(eager);
            expect(thrownText(() => fitIsotonicRegression(x, y.subarray(1), o))).toBe(thrownText(() => fitIsotonicRegression(Array.from(x), Array.from(y.subarray(1)), o)));
            checked++;
          }
        }
      }
    }
    expect(thrownText(() => fitIsotonicRegression(new Float64Array([NaN]), new Float64Array([1])))).toMatch(/^RangeError: x\[0\]/);
    expect(checked).toBe(108);
  });
});
