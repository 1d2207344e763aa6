// fitIsotonicRegression against scikit-learn 1.2.1's IsotonicRegression (test/reference-values/isotonic.json, made by
// scripts/reference/isotonic.py: seeded random data with ties, zero weights, near-duplicate x, −0.0), and the WASM
// kernels (radix sort, ranks, PAV, interpolation) against test/reference/isotonic.ts.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, fitIsotonicRegression, type OutOfBounds } from "rmcal";
import reference from "../../reference-values/isotonic.json";
import { referenceInterp, referenceIsotonicThresholds } from "../../reference/isotonic";
import { numbers, opt, expectClose } from "../../helpers/isotonic-cases";

beforeAll(async () => {
  await init();
});

describe("fitIsotonicRegression(x, y, options) agrees with sklearn.isotonic.IsotonicRegression", () => {
  for (const c of reference.models) {
    // Bit for bit, not to a tolerance: the arithmetic is scikit-learn's, step for step, so any difference is a bug.
    it(`thresholds and predict bit for bit: ${c.name}`, () => {
      const model = fitIsotonicRegression(numbers(c.x), numbers(c.y), {
        sampleWeight: c.sampleWeight ? numbers(c.sampleWeight) : undefined,
        increasing: c.increasing as boolean | "auto", yMin: opt(c.yMin), yMax: opt(c.yMax),
        outOfBounds: c.outOfBounds as OutOfBounds,
      });
      expect(model.increasing).toBe(c.increasingUsed);
      expectClose(model.xThresholds, numbers(c.xThresholds), 0);
      expectClose(model.yThresholds, numbers(c.yThresholds), 0);
      expectClose(model.predict(numbers(c.xNew)), numbers(c.expected), 0);
    });
  }

  it("sorts, merges ties and pools as the plain TypeScript reference (radix sort vs comparison sort)", () => {
    const value = fc.oneof(
      fc.integer({ min: -6, max: 6 }).map((k) => k / 2),
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      fc.constantFrom(-0, 0, 5e-324, -5e-324, 1e-15, 3e-16),
    );
    fc.assert(fc.property(
      fc.array(fc.tuple(value, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 80 }),
      (rows) => {
        fc.pre(rows.some(([, , w]) => w > 0));
        const x = rows.map(([v]) => v), y = rows.map(([, t]) => t / 8), w = rows.map(([, , k]) => k);
        const model = fitIsotonicRegression(x, y, { sampleWeight: w });
        const want = referenceIsotonicThresholds(x, y, w);
        expect([...model.xThresholds]).toEqual(want.x);
        expectClose(model.yThresholds, want.y, 1e-12);
      },
    ), { seed: 5, numRuns: 300 });
  });

  it("interpolates exactly as the plain TypeScript numpy.interp reference", () => {
    const c = reference.models[0];
    const model = fitIsotonicRegression(numbers(c.x), numbers(c.y), { sampleWeight: numbers(c.sampleWeight!) });
    const xNew = Float64Array.from({ length: 500 }, (_, i) => model.xMin + (i / 499) * (model.xMax - model.xMin));
    const got = model.predict(xNew);
    xNew.forEach((x, i) => expect(got[i]).toBe(referenceInterp(x, model.xThresholds, model.yThresholds)));
  });

  it("outOfBounds 'raise' names the first point outside the fitted range", () => {
    const model = fitIsotonicRegression([1, 2, 3], [1, 3, 2], { outOfBounds: "raise" });
    expect(model.predict([1, 3])).toEqual(Float64Array.from([1, 2.5]));
    expect(() => model.predict([2, 3.5])).toThrow(/xNew\[1\] is 3\.5, outside the fitted range \[1, 3\]/);
  });

  it("is frozen and its exposed thresholds cannot change its predictions", () => {
    const model = fitIsotonicRegression([1, 2, 3], [1, 3, 2]);
    expect(Object.isFrozen(model)).toBe(true);
    const before = model.predict([1.5]);
    model.yThresholds[0] = 100;
    expect(model.predict([1.5])).toEqual(before);
  });

  it("rejects bad input and options, naming them", () => {
    expect(() => fitIsotonicRegression([1, 2], [1])).toThrow(/y has length 1/);
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { sampleWeight: [1, -1] })).toThrow(/sampleWeight\[1\] is -1/);
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { increasing: "yes" as "auto" })).toThrow(/options\.increasing/);
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { outOfBounds: "wrap" as "nan" })).toThrow(/options\.outOfBounds/);
    expect(() => fitIsotonicRegression([1, 2], [1, 2]).predict([Infinity])).toThrow(/xNew\[0\] is Infinity/);
  });
});
