// The safeguarded Newton solver behind fitTemperature's NLL objective (inverseTemperatureNewton). Whatever path
// Newton took, its answer must be the minimizer of the convex NLL in a = 1/T: checked here with the
// plain-TypeScript NLL of test/reference/temperature.ts (softplus(z) − y·z written from the definition) — the
// fitted T is below its neighbours T(1 ± 1e-4), and the derivative d/da (mean of d·(σ(a·d) − y), computed here)
// is 0 to rounding. The starting point and bracket must not matter: far-away optima are reached too.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature } from "rmcal";
import { referenceTemperatureNll } from "../../reference/temperature";
import { mulberry32, normal } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

/** Pairs whose labels follow σ(d/T) for the given true temperature. */
function pairsAt(temperature: number, n: number, seed: number) {
  const random = mulberry32(seed);
  const margin = Array.from({ length: n }, () => 3 * normal(random));
  const label = margin.map((d) => (random() < 1 / (1 + Math.exp(-d / temperature)) ? 1 : 0));
  return { margin, label };
}

const derivative = (margin: number[], label: number[], a: number) =>
  margin.reduce((s, d, i) => s + d * (1 / (1 + Math.exp(-a * d)) - label[i]), 0) / margin.length;

describe("fitTemperature(pairs, { objective: 'nll' }) minimizes the NLL in a = 1/T", () => {
  for (const trueT of [0.05, 0.7, 1, 3, 40]) {
    it(`T = ${trueT}: the fitted T beats its neighbours and the NLL derivative vanishes there`, () => {
      const { margin, label } = pairsAt(trueT, 3000, Math.round(trueT * 100));
      const t = fitTemperature({ margin, label }, { bounds: [1e-3, 1e3] });
      expect(t.converged).toBe(true);
      expect(t.atBound).toBeNull();
      const nll = (T: number) => referenceTemperatureNll(margin, label, T);
      expect(Math.abs(t.nllAfter - nll(t.temperature))).toBeLessThan(1e-12);
      expect(nll(t.temperature)).toBeLessThanOrEqual(nll(t.temperature * (1 + 1e-4)));
      expect(nll(t.temperature)).toBeLessThanOrEqual(nll(t.temperature * (1 - 1e-4)));
      const scale = margin.reduce((s, d) => s + Math.abs(d), 0) / margin.length;
      expect(Math.abs(derivative(margin, label, 1 / t.temperature)) / scale).toBeLessThan(1e-9);
      // Newton converges quadratically: a handful of passes over the data, even far from the start a = 1.
      expect(t.iterations).toBeLessThanOrEqual(30);
    });
  }

  it("stops at the bound whose side the optimum lies beyond, with the gradient pointing outward there", () => {
    const { margin, label } = pairsAt(3, 2000, 5);
    const t = fitTemperature({ margin, label }, { bounds: [0.1, 1.5] });
    expect(t.atBound).toBe("upper");
    expect(t.temperature).toBe(1.5);
    expect(derivative(margin, label, 1 / 1.5)).toBeGreaterThan(0);
    const low = fitTemperature({ margin, label }, { bounds: [5, 50] });
    expect(low.atBound).toBe("lower");
    expect(low.temperature).toBe(5);
    expect(derivative(margin, label, 1 / 5)).toBeLessThan(0);
  });
});
