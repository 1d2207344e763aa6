// The NLL fit of a = 1/T shared by pairs and K-wise choices (docs/DESIGN.md §5.1): with the fused passes it reaches
// the optimum of the plain-TypeScript bisection (test/reference/temperature.ts) in two passes on all pairs after a
// warm start, gives N(â) from its Taylor model as the reference computes it at â, and does the same for K-wise
// choices with their own fused pass (test/reference/plackett-luce.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { withResidentPairs } from "../../../src/core/temperature";
import { withResidentChoices } from "../../../src/core/plackett-luce";
import { fitInverseTemperature } from "../../../src/lib/calibrators/inverse-temperature-fit";
import { referenceInverseTemperatureBisection, referenceTemperatureNll } from "../../reference/temperature";
import { mulberry32, normal } from "../../helpers/prng";
import { randomChoices } from "../../helpers/random-choices";
import { referenceChoiceNll, referenceChoiceTemperature, rowsInRankOrder } from "../../reference/plackett-luce";

beforeAll(async () => {
  await init();
});

function pairs(n: number, seed: number) {
  const random = mulberry32(seed);
  const margin = new Float64Array(n), label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = 1.5 * normal(random);
    margin[i] = 1.6 * s + 0.3 * normal(random);
    label[i] = random() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { margin, label };
}

describe("fitInverseTemperature(resident, n, tLow, tHigh, separable)", () => {
  for (const n of [2000, 300_000]) {
    it(`reaches the bisection's optimum, with N(â) from the model equal to the reference NLL there (${n} pairs)`, () => {
      const { margin, label } = pairs(n, n);
      const fit = withResidentPairs(margin, label, null, (r) => fitInverseTemperature(r, n, 1e-3, 1e3, false));
      const a = referenceInverseTemperatureBisection(margin, label);
      expect(fit.newton.converged).toBe(true);
      expect(Math.abs(fit.newton.a - a) / a).toBeLessThan(1e-12);
      expect(fit.model).not.toBeNull();
      expect(Math.abs(fit.model!.loss / n - referenceTemperatureNll(margin, label, 1 / fit.newton.a))).toBeLessThan(1e-13);
      expect(Math.abs(fit.nllAtOne / n - referenceTemperatureNll(margin, label, 1))).toBeLessThan(1e-13);
      // Third-order steps: two passes on all pairs after the warm start (300,000 pairs), a few from a = 1.
      expect(fit.newton.iterations).toBeLessThanOrEqual(n >= 2 ** 18 ? 2 : 5);
    });
  }

  for (const ranked of [false, true]) {
    it(`K-wise ${ranked ? "rankings" : "best-of-N"} (K 2 … 8): the bisection's optimum and N(â) from the choices' fused pass`, () => {
      const data = randomChoices(mulberry32(ranked ? 5 : 6), 3000, { maxK: 8 });
      const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
      const offsets = new Int32Array(rows.length + 1);
      rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
      const choices = { offsets, scores: Float64Array.from(rows.flat()), weight: null, ranked };
      const fit = withResidentChoices(choices, (r) => fitInverseTemperature(r, rows.length, 1e-3, 1e3, false));
      const t = referenceChoiceTemperature(rows, ranked);
      expect(fit.newton.converged).toBe(true);
      expect(Math.abs(1 / fit.newton.a - t) / t).toBeLessThan(1e-12);
      expect(fit.model).not.toBeNull();
      expect(Math.abs(fit.model!.loss / rows.length - referenceChoiceNll(rows, ranked, 1 / fit.newton.a))).toBeLessThan(1e-13);
      expect(Math.abs(fit.nllAtOne / rows.length - referenceChoiceNll(rows, ranked, 1))).toBeLessThan(1e-13);
      expect(fit.newton.iterations).toBeLessThanOrEqual(5);
    });
  }

  it("stops at the lower bound of T for separable data without a Newton pass, and has no model there", () => {
    const margin = Float64Array.of(1, 2, -1, -3), label = Float64Array.of(1, 1, 0, 0);
    const fit = withResidentPairs(margin, label, null, (r) => fitInverseTemperature(r, 4, 0.01, 100, true));
    expect(fit.newton).toEqual({ a: 100, iterations: 0, converged: true, atBound: "lower" });
    expect(fit.model).toBeNull();
  });
});
