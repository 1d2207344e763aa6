// bradleyTerryLoss: closed form (test/reference/bradley-terry.ts), finite differences, and the capped optimum
// m + log((1 − ε)/ε) that label smoothing implies.
import { beforeAll, describe, expect, it } from "vitest";
import { init, bradleyTerryLoss } from "rmcal";
import { referenceBradleyTerryLoss } from "../../reference/bradley-terry";
import { mulberry32, normal } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

function randomProblem(n: number, seed: number) {
  const random = mulberry32(seed);
  return {
    d: Array.from({ length: n }, () => 3 * normal(random)),
    y: Array.from({ length: n }, () => (random() < 0.3 ? random() : random() < 0.8 ? 1 : 0)),
    m: Array.from({ length: n }, () => random() - 0.5),
    w: Array.from({ length: n }, () => (random() < 0.1 ? 0 : 2 * random())),
  };
}

describe("bradleyTerryLoss(margins, { labels, labelSmoothing, margin, weights })", () => {
  it("equals the closed form (soft labels, per-pair margins, weights)", () => {
    for (const epsilon of [0, 0.05, 0.2, 0.49]) {
      const { d, y, m, w } = randomProblem(300, 1);
      const got = bradleyTerryLoss(d, { labels: y, labelSmoothing: epsilon, margin: m, weights: w });
      const want = referenceBradleyTerryLoss(d, y, m, w, epsilon);
      expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-13);
      got.gradient.forEach((g, i) => expect(Math.abs(g - want.gradient[i])).toBeLessThan(1e-15));
    }
  });

  it("has the gradient of its loss (central finite differences)", () => {
    const { d, y, m, w } = randomProblem(40, 2);
    const options = { labels: y, labelSmoothing: 0.1, margin: m, weights: w };
    const { gradient } = bradleyTerryLoss(d, options);
    const h = 1e-5;
    for (let i = 0; i < d.length; i++) {
      const up = [...d], down = [...d];
      up[i] += h;
      down[i] -= h;
      const numeric = (bradleyTerryLoss(up, options).loss - bradleyTerryLoss(down, options).loss) / (2 * h);
      expect(Math.abs(numeric - gradient[i])).toBeLessThan(1e-9);
    }
  });

  it("defaults: labels 1, ε 0, m 0, weights 1 — log 2 at d = 0, a scalar margin shifts d", () => {
    expect(Math.abs(bradleyTerryLoss([0]).loss - Math.LN2)).toBeLessThan(1e-16);
    expect(bradleyTerryLoss([0]).gradient[0]).toBe(-0.5);
    expect(bradleyTerryLoss([3, 1], { margin: 1 })).toEqual(bradleyTerryLoss([2, 0]));
    expect(bradleyTerryLoss([3, 1], { margin: [1, 1] })).toEqual(bradleyTerryLoss([2, 0]));
  });

  it("with smoothing ε, a pair labelled 1 is best fitted at d = m + log((1 − ε)/ε): confidence is capped", () => {
    for (const [epsilon, m] of [[0.05, 0], [0.1, 1.5], [0.3, -2]]) {
      const best = m + Math.log((1 - epsilon) / epsilon);
      const at = (d: number) => bradleyTerryLoss([d], { labelSmoothing: epsilon, margin: m });
      expect(Math.abs(at(best).gradient[0])).toBeLessThan(1e-15);
      for (const delta of [-1, -0.01, 0.01, 1, 20]) expect(at(best + delta).loss).toBeGreaterThan(at(best).loss);
      // The probability the model is pushed to is 1 − ε, not 1.
      expect(Math.abs(1 / (1 + Math.exp(-(best - m))) - (1 - epsilon))).toBeLessThan(1e-15);
    }
    // Without smoothing the loss keeps falling as d grows.
    expect(bradleyTerryLoss([30]).loss).toBeLessThan(bradleyTerryLoss([20]).loss);
  });

  it("rejects ε outside [0, 0.5) and bad columns, naming them", () => {
    expect(() => bradleyTerryLoss([1], { labelSmoothing: 0.5 })).toThrow(/options\.labelSmoothing is 0\.5/);
    expect(() => bradleyTerryLoss([1], { labelSmoothing: -0.1 })).toThrow(/options\.labelSmoothing/);
    expect(() => bradleyTerryLoss([1], { labelSmoothing: NaN })).toThrow(/options\.labelSmoothing/);
    expect(() => bradleyTerryLoss([1, 2], { labels: [1, 1.5] })).toThrow(/options\.labels\[1\] is 1\.5/);
    expect(() => bradleyTerryLoss([1, 2], { margin: [0] })).toThrow(/options\.margin has length 1/);
    expect(() => bradleyTerryLoss([1, NaN])).toThrow(/margins\[1\] is NaN/);
    expect(() => bradleyTerryLoss([1], { margin: Infinity })).toThrow(/options\.margin/);
  });
});
