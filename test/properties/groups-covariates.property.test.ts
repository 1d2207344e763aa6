// Per-group temperatures (docs/DESIGN.md §5.14) and the covariate-bias check (§7.6) under arbitrary input: results
// within their documented ranges or a named RangeError/TypeError; pooled temperatures between a group's own and the
// global one; one group pools to the global fit; the covariate check unchanged when the pair's sides are swapped,
// and a doubled weight counting as a duplicated pair.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, fitGroupedTemperature, fitTemperature, covariateBias, loadCalibrator } from "rmcal";
import { SEED, validPairs, margin } from "./arbitraries";
import { callUnderContract, expectWithin } from "./contract";

beforeAll(async () => {
  await init();
});

const lengthOf = (pairs: unknown) => (Array.isArray(pairs) ? pairs.length : ((pairs as { chosen?: unknown[]; scoreA?: unknown[]; margin?: unknown[] }).chosen
  ?? (pairs as { scoreA: unknown[] }).scoreA ?? (pairs as { margin: unknown[] }).margin).length);

describe("fitGroupedTemperature under arbitrary pairs and groups", () => {
  it("gives temperatures within the bounds, each pooled 1/T between the group's own and the global one, or a named error", () => {
    fc.assert(fc.property(validPairs, fc.array(fc.constantFrom("a", "b", 3), { minLength: 40, maxLength: 40 }), fc.array(margin, { minLength: 1, maxLength: 5 }), (pairs, groups, m) => {
      const group = groups.slice(0, lengthOf(pairs));
      const { outcome, value: fit } = callUnderContract(() => fitGroupedTemperature(pairs as never, { group }), ["pairs", "options"]);
      if (outcome !== "result") return;
      const a0 = 1 / fit!.global.temperature;
      for (const g of fit!.groupFits) {
        expectWithin(g.pooledTemperature, 1e-3, 1e3, `${g.group} pooled T`);
        const a = 1 / g.unpooledTemperature, ap = 1 / g.pooledTemperature;
        // Between, up to the rounding of 1/(1/x).
        expect(ap).toBeGreaterThanOrEqual(Math.min(a, a0) * (1 - 1e-12));
        expect(ap).toBeLessThanOrEqual(Math.max(a, a0) * (1 + 1e-12));
        expectWithin(g.keep, 0, 1, `${g.group} keep`);
      }
      const keys = m.map((_, i) => (i % 2 === 0 ? "a" : "unseen"));
      const p = fit!.predict(m, { group: keys });
      p.forEach((v, i) => expectWithin(v, 0, 1, `predict[${i}]`));
      expect(loadCalibrator(JSON.parse(JSON.stringify(fit))).predict(m, { group: keys })).toEqual(p);
    }), { seed: SEED, numRuns: 300 });
  });

  it("with one group, the group's own, the pooled and the global temperature are fitTemperature's, bit for bit", () => {
    const pairs = fc.integer({ min: 2, max: 60 }).chain((n) => fc.record({
      margin: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: n, maxLength: n }),
      label: fc.array(fc.constantFrom(0, 1, 0.5), { minLength: n, maxLength: n }),
    }));
    fc.assert(fc.property(pairs, (p) => {
      const t = fitTemperature(p).temperature;
      const fit = fitGroupedTemperature(p, { group: p.margin.map(() => "only") });
      expect(fit.betweenGroupVariance).toBe(0);
      expect([fit.global.temperature, fit.groupFits[0].unpooledTemperature, fit.temperatures[0]]).toEqual([t, t, t]);
    }), { seed: SEED, numRuns: 100 });
  });
});

/** Pairs with integer scores and lengths, labels hard or tied, weights 1–3. */
const lengthPairs = fc.integer({ min: 3, max: 50 }).chain((n) => fc.record({
  scoreA: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n }),
  scoreB: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n }),
  label: fc.array(fc.constantFrom(0, 1, 0.5), { minLength: n, maxLength: n }),
  weight: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
  a: fc.array(fc.integer({ min: 10, max: 900 }), { minLength: n, maxLength: n }),
  b: fc.array(fc.integer({ min: 10, max: 900 }), { minLength: n, maxLength: n }),
}));

describe("covariateBias under arbitrary pairs and covariates", () => {
  it("is unchanged when every pair's sides are swapped (scores, covariates) and its label flipped", () => {
    fc.assert(fc.property(lengthPairs, ({ scoreA, scoreB, label, weight, a, b }) => {
      const r = covariateBias({ scoreA, scoreB, label, weight }, { a, b });
      const s = covariateBias({ scoreA: scoreB, scoreB: scoreA, label: label.map((y) => 1 - y), weight }, { a: b, b: a });
      expect(s.pearson).toBe(r.pearson);
      if (r.spearman === null) expect(s.spearman).toBeNull();
      else expect(s.spearman!).toBeCloseTo(r.spearman, 12);
      expect(s.baselineAccuracy).toBe(r.baselineAccuracy);
      expect(s.agreement).toBe(r.agreement);
      expect(s.accuracy).toBeCloseTo(r.accuracy, 14);
      if (r.pearson !== null) expectWithin(r.pearson, -1, 1, "pearson");
      expectWithin(r.baselineAccuracy, 0, 1, "baselineAccuracy");
    }), { seed: SEED, numRuns: 200 });
  });

  it("counts a weight of 2 as the pair twice in the baseline, agreement and bins", () => {
    fc.assert(fc.property(lengthPairs, ({ scoreA, scoreB, label, a, b }) => {
      const weight = scoreA.map((_, i) => (i === 0 ? 2 : 1));
      const twice = <T>(c: T[]) => [c[0], ...c];
      const r = covariateBias({ scoreA, scoreB, label, weight }, { a, b });
      const d = covariateBias({ scoreA: twice(scoreA), scoreB: twice(scoreB), label: twice(label) }, { a: twice(a), b: twice(b) });
      expect(d.baselineAccuracy).toBeCloseTo(r.baselineAccuracy, 14);
      expect(d.agreement).toBeCloseTo(r.agreement, 14);
      expect(d.tiedShare).toBeCloseTo(r.tiedShare, 14);
    }), { seed: SEED, numRuns: 200 });
  });

  it("keeps Spearman's ρ when the covariate is scaled, and every bin within the difference's range", () => {
    fc.assert(fc.property(lengthPairs, fc.integer({ min: 2, max: 9 }), ({ scoreA, scoreB, label, a, b }, k) => {
      const r = covariateBias({ scoreA, scoreB, label }, { a, b });
      const s = covariateBias({ scoreA, scoreB, label }, { a: a.map((x) => k * x), b: b.map((x) => k * x) });
      expect(s.spearman).toBe(r.spearman);
      const delta = a.map((x, i) => x - b[i]);
      expect(r.differenceBins.reduce((sum, bin) => sum + bin.n, 0)).toBe(scoreA.length);
      for (const bin of [...r.differenceBins, ...r.terciles]) {
        expectWithin(bin.lower, Math.min(...delta), Math.max(...delta), "bin.lower");
        expectWithin(bin.upper, bin.lower, Math.max(...delta), "bin.upper");
      }
    }), { seed: SEED, numRuns: 200 });
  });
});
