// fitVennAbers: the O(n log n) convex-hull sweep of assembly/venn-abers.ts against the O(n²) definition of
// test/reference/venn-abers.ts (isotonic regression rerun with the test pair added as 0 and as 1), and the
// intervals against the isotonic fit of the same data; and scikit-learn's IsotonicRegression refitted per test margin
// (test/reference-values/venn-abers.json, made by /usr/bin/python3 scripts/reference/venn_abers.py), on LLMBar
// judge ratings and weighted simulated pairs.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitVennAbers, fitIsotonic, fitIsotonicRegression, isRmcalError } from "rmcal";
import { referenceVennAbers } from "../../reference/venn-abers";
import { mulberry32, normal, sigmoid } from "../../helpers/prng";
import sklearn from "../../reference-values/venn-abers.json";

beforeAll(async () => {
  await init();
});

/** Margins on a grid of 1/8 (so ties occur), labels from a logistic model, soft labels and weights on request. */
function simulated(n: number, seed: number, options: { soft?: boolean; weighted?: boolean; grid?: number } = {}) {
  const random = mulberry32(seed);
  const grid = options.grid ?? 8;
  const margin = Float64Array.from({ length: n }, () => Math.round(normal(random) * 2 * grid) / grid);
  const label = margin.map((d) => {
    const p = sigmoid(0.7 * d + 0.3);
    return options.soft ? Math.round(p * 4 + (random() - 0.5)) / 4 : random() < p ? 1 : 0;
  }).map((y) => Math.min(1, Math.max(0, y)));
  const weight = options.weighted ? Float64Array.from({ length: n }, () => 0.5 * (1 + Math.floor(random() * 4))) : null;
  return { margin, label, weight };
}

/** Test margins: every fitted margin, the gaps between them, and beyond both ends. */
function testMargins(margin: Float64Array): Float64Array {
  const values = new Set<number>();
  for (const d of margin) for (const v of [d, -d, d + 1 / 32, -d - 1 / 32]) values.add(v);
  values.add(-1e3); values.add(1e3); values.add(0);
  return Float64Array.from([...values].sort((a, b) => a - b));
}

describe("fitVennAbers(pairs) against the O(n²) definition", () => {
  const cases = [
    { name: "hard labels, oriented", symmetric: false, data: simulated(300, 1) },
    { name: "hard labels, antisymmetric", symmetric: true, data: simulated(300, 2) },
    { name: "soft labels and weights, oriented", symmetric: false, data: simulated(250, 3, { soft: true, weighted: true }) },
    { name: "soft labels and weights, antisymmetric", symmetric: true, data: simulated(250, 4, { soft: true, weighted: true }) },
    { name: "few distinct margins, antisymmetric", symmetric: true, data: simulated(200, 5, { grid: 1 }) },
    { name: "continuous margins, oriented", symmetric: false, data: simulated(200, 6, { grid: 2 ** 20 }) },
    { name: "weights below 1, oriented", symmetric: false, data: { ...simulated(150, 7), weight: Float64Array.from({ length: 150 }, (_, i) => 0.125 + (i % 5) / 8) } },
  ];
  for (const { name, symmetric, data } of cases) {
    it(`equals the reference to 1e-12 (${name})`, () => {
      const { margin, label, weight } = data;
      const va = fitVennAbers({ margin, label, ...(weight ? { weight } : {}) }, { symmetric });
      const s = testMargins(margin);
      const got = va.predictInterval(s);
      const want = referenceVennAbers(margin, label, weight ?? new Float64Array(margin.length).fill(1), symmetric, s);
      for (let i = 0; i < s.length; i++) {
        expect(Math.abs(got.p0[i] - want.p0[i]), `p0 at ${s[i]}`).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(got.p1[i] - want.p1[i]), `p1 at ${s[i]}`).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(got.p[i] - want.p[i]), `p at ${s[i]}`).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe("fitVennAbers(pairs) against scikit-learn's IsotonicRegression refitted for each test margin", () => {
  for (const c of sklearn.cases) {
    it(`equals it to 1e-12 (${c.name})`, () => {
      const va = fitVennAbers({ margin: c.margin, label: c.label, weight: c.weight }, { symmetric: c.symmetric });
      const got = va.predictInterval(c.tests);
      for (let i = 0; i < c.tests.length; i++) {
        expect(Math.abs(got.p0[i] - c.p0[i]), `p0 at ${c.tests[i]}`).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(got.p1[i] - c.p1[i]), `p1 at ${c.tests[i]}`).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(got.p[i] - c.p[i]), `p at ${c.tests[i]}`).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe("fitVennAbers(pairs): intervals contain the isotonic fit of the same data", () => {
  it("p0 ≤ g(d) ≤ p1 at every margin, oriented (fitIsotonicRegression) and antisymmetric (fitIsotonic)", () => {
    for (const seed of [11, 12, 13]) {
      const { margin, label } = simulated(400, seed, { soft: seed === 13 });
      const s = testMargins(margin);
      const oriented = fitVennAbers({ margin, label }, { symmetric: false }).predictInterval(s);
      const g = fitIsotonicRegression(margin, label, { outOfBounds: "clip", yMin: 0, yMax: 1 }).predict(s);
      const symmetric = fitVennAbers({ margin, label }).predictInterval(s);
      const h = fitIsotonic({ margin, label }).predict(s);
      for (let i = 0; i < s.length; i++) {
        // Between fitted margins the isotonic fit interpolates, so compare at the fitted margins and beyond the ends.
        if (!margin.includes(s[i]) && Math.abs(s[i]) < 100) continue;
        expect(oriented.p0[i]).toBeLessThanOrEqual(g[i] + 1e-12);
        expect(oriented.p1[i]).toBeGreaterThanOrEqual(g[i] - 1e-12);
        expect(symmetric.p0[i]).toBeLessThanOrEqual(h[i] + 1e-12);
        expect(symmetric.p1[i]).toBeGreaterThanOrEqual(h[i] - 1e-12);
      }
    }
  });
});

describe("fitVennAbers(pairs, options)", () => {
  it("refuses symmetric: false on chosen/rejected pairs, naming the option", () => {
    try {
      fitVennAbers({ chosen: [1, 2, 3], rejected: [0, 1, 1] }, { symmetric: false });
      expect.unreachable();
    } catch (e) {
      expect(isRmcalError(e) && e.argument).toBe("options.symmetric");
    }
  });

  it("fits chosen/rejected pairs antisymmetrically, with p(0) = 1/2 and a reward reference", () => {
    const va = fitVennAbers({ chosen: [1, 2, 3, 0.5], rejected: [0, 1, 2.5, 1] });
    expect(va.predict([0])[0]).toBeCloseTo(0.5, 15);
    expect(va.rewardNormalization?.reference).toBe(1.375);
  });

  it("refuses weights whose total leaves float64 no room for the new pair's weight of 1, naming pairs.weight", () => {
    const pairs = { margin: [1, -1, 2], label: [1, 0, 1], weight: [2 ** 52, 1, 1] };
    expect(() => fitVennAbers(pairs, { symmetric: false })).not.toThrow();
    try {
      fitVennAbers(pairs);
      expect.unreachable();
    } catch (e) {
      expect(isRmcalError(e) && [e.code, e.argument]).toEqual(["invalid-argument", "pairs.weight"]);
      expect((e as Error).message).toMatch(/^pairs\.weight sums to 4503599627370498; .* beyond 2\^52/);
    }
  });
});
