// fitIsotonic: the pairwise isotonic calibrator (antisymmetry, monotonicity, agreement with fitIsotonicRegression
// on the doubled data and on oriented pairs).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitIsotonic, fitIsotonicRegression, isRmcalError } from "rmcal";
import { llmbarPairs, imdbPairs, simulatedSoftPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("fitIsotonic(pairs, { symmetric: true })", () => {
  it("is antisymmetric, g(−d) = 1 − g(d), to 1e-12, and monotone in [0, 1]", () => {
    for (const pairs of [simulatedSoftPairs(3000, 1), llmbarPairs("GPT-4"), imdbPairs()]) {
      const iso = fitIsotonic(pairs);
      const d = Float64Array.from({ length: 2001 }, (_, i) => (i - 1000) / 50);
      const g = iso.predict(d);
      const mirrored = iso.predict(d.map((v) => -v));
      for (let i = 0; i < d.length; i++) {
        expect(Math.abs(g[i] + mirrored[i] - 1)).toBeLessThanOrEqual(1e-12);
        expect(g[i]).toBeGreaterThanOrEqual(0);
        expect(g[i]).toBeLessThanOrEqual(1);
        if (i > 0) expect(g[i]).toBeGreaterThanOrEqual(g[i - 1]);
      }
      // Thresholds mirror each other (0 - v, not -v, so that the threshold 0 maps to +0).
      expect(iso.x.map((v) => 0 - v).reverse()).toEqual([...iso.x]);
    }
  });

  it("equals scikit-learn-style isotonic regression on the doubled data where that is already antisymmetric", () => {
    const pairs = simulatedSoftPairs(2000, 2);
    const n = pairs.margin.length;
    const x = [...pairs.margin, ...pairs.margin.map((d) => -d)];
    const y = [...pairs.label, ...pairs.label.map((v) => 1 - v)];
    const w = [...pairs.weight, ...pairs.weight];
    const model = fitIsotonicRegression(x, y, { sampleWeight: w, yMin: 0, yMax: 1, outOfBounds: "clip" });
    const iso = fitIsotonic(pairs);
    const grid = Float64Array.from({ length: 401 }, (_, i) => (i - 200) / 25);
    const a = model.predict(grid), b = iso.predict(grid);
    for (let i = 0; i < grid.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12);
    expect(iso.fit?.n).toBe(n);
  });

  it("symmetric: false fits the pairs as oriented", () => {
    const pairs = { margin: [-1, 0, 1, 2], label: [0.2, 0.9, 0.4, 1] };
    const iso = fitIsotonic(pairs, { symmetric: false });
    const model = fitIsotonicRegression(pairs.margin, pairs.label, { yMin: 0, yMax: 1, outOfBounds: "clip" });
    expect([...iso.predict([-5, -1, 0.5, 1.5, 9])]).toEqual([...model.predict([-5, -1, 0.5, 1.5, 9])]);
  });
});

describe("fitIsotonic(pairs, { symmetric: false }) when every label is 1", () => {
  it("refuses chosen/rejected pairs, which could only give g ≡ 1, and says what to use", () => {
    for (const pairs of [
      { chosen: [2.1, 0.3, 1.5, -1], rejected: [0.4, 0.9, 1.5, 2] },
      { margin: [-1, 0.5, 2], label: [1, 1, 1] },
      { margin: [-1, 0.5, 2], label: [1, 0, 1], weight: [1, 0, 2] },
    ]) {
      let error: unknown;
      try {
        fitIsotonic(pairs, { symmetric: false });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RangeError);
      expect(isRmcalError(error) && error.code).toBe("invalid-option");
      expect(isRmcalError(error) && error.argument).toBe("options.symmetric");
      expect((error as Error).message).toMatch(/every label is 1 .* can only learn g ≡ 1; use symmetric: true \(the default\)/);
      expect(() => fitIsotonic(pairs)).not.toThrow();
    }
  });

  it("still fits oriented pairs with a label other than 1", () => {
    expect(fitIsotonic({ margin: [-1, 0.5, 2], label: [1, 0, 1] }, { symmetric: false }).x.length).toBeGreaterThan(0);
  });
});
