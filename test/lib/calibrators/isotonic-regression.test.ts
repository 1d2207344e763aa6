// isotonicRegression against scikit-learn 1.2.1's isotonic_regression (test/reference-values/isotonic.json, made by
// scripts/reference/isotonic.py: seeded random data with ties, zero weights, −0.0), and the WASM PAV against the
// stack-of-blocks reference in test/reference/isotonic.ts.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, isotonicRegression } from "rmcal";
import reference from "../../reference-values/isotonic.json";
import { referencePav } from "../../reference/isotonic";
import { numbers, opt, expectClose } from "../../helpers/isotonic-cases";

beforeAll(async () => {
  await init();
});

describe("isotonicRegression(y, options) agrees with sklearn.isotonic.isotonic_regression", () => {
  for (const c of reference.sequences) {
    it(`to 1e-12: ${c.name}`, () => {
      const fit = isotonicRegression(numbers(c.y), {
        sampleWeight: c.sampleWeight ? numbers(c.sampleWeight) : undefined,
        increasing: c.increasing, yMin: opt(c.yMin), yMax: opt(c.yMax),
      });
      expectClose(fit, numbers(c.expected), 1e-12);
    });
  }

  it("matches the stack-of-blocks reference PAV on random weighted sequences", () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 60 }),
      (rows) => {
        const y = rows.map(([v]) => v / 4), w = rows.map(([, k]) => k / 2);
        expectClose(isotonicRegression(y, { sampleWeight: w }), referencePav(y, w), 1e-12);
        const reversed = referencePav([...y].reverse(), [...w].reverse()).reverse();
        expectClose(isotonicRegression(y, { sampleWeight: w, increasing: false }), reversed, 1e-12);
      },
    ), { seed: 11, numRuns: 200 });
  });

  it("rejects bad input, naming it", () => {
    expect(() => isotonicRegression([1, NaN])).toThrow(/y\[1\] is NaN/);
    expect(() => isotonicRegression([1, 2], { sampleWeight: [1] })).toThrow(/length/);
    expect(() => isotonicRegression([1, 2], { yMin: 2, yMax: 1 })).toThrow(/options\.yMin/);
    expect(() => isotonicRegression([1, 3, 2], { sampleWeight: [1, 0, 0] })).toThrow(/zero-weight/);
  });
});
