// The end-to-end story on simulated data: a Bradley–Terry reward model whose scores are k times the true
// utilities (an overconfident RM). Temperature scaling fitted on one split should recover T ≈ k, and on the
// other split ECE and NLL should fall. All randomness is seeded.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, fitTemperature, fitIsotonic, splitPairs } from "rmcal";
import { mulberry32, normal } from "../helpers/prng";

beforeAll(async () => {
  await init();
});

/** n pairs: utilities u ~ N(0, 1), label ~ Bernoulli(σ(u_A − u_B)), scores k·u. */
function overconfidentPairs(n: number, k: number, seed: number) {
  const random = mulberry32(seed);
  const scoreA = new Float64Array(n), scoreB = new Float64Array(n), label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = normal(random), b = normal(random);
    label[i] = random() < 1 / (1 + Math.exp(-(a - b))) ? 1 : 0;
    scoreA[i] = k * a;
    scoreB[i] = k * b;
  }
  return { scoreA, scoreB, label };
}

describe("temperature scaling of an overconfident Bradley–Terry reward model (scores × k)", () => {
  for (const k of [3, 0.5]) {
    it(`fitTemperature recovers T ≈ k = ${k} within sampling error, and held-out ECE and NLL fall`, () => {
      const { train, test } = splitPairs(overconfidentPairs(25_000, k, 17 + k), { holdout: 0.3, seed: 5 });
      const t = fitTemperature(train);
      expect(t.converged).toBe(true);
      // Standard error of T from the Fisher information of a = 1/T (delta method: se(T) = T²·se(a)).
      const margin = train.scoreA.map((a, i) => a - train.scoreB[i]);
      let information = 0;
      for (const d of margin) {
        const p = 1 / (1 + Math.exp(-d / t.temperature));
        information += d * d * p * (1 - p);
      }
      const se = t.temperature ** 2 / Math.sqrt(information);
      expect(se).toBeLessThan(0.05 * k);
      expect(Math.abs(t.temperature - k)).toBeLessThan(4 * se);

      const before = assess(test);
      const after = assess(test, { temperature: t.temperature });
      expect(after.ece).toBeLessThan(before.ece);
      expect(after.nll).toBeLessThan(before.nll);
      expect(after.ece).toBeLessThan(0.02);
      // The calibrated rewards r/T are back on the scale of the true utilities, N(0, 1).
      expect(Math.abs((t.rewardNormalization?.std ?? 0) - 1)).toBeLessThan(0.05);
    });
  }

  it("isotonic calibration also lowers held-out ECE on the overconfident model", () => {
    const { train, test } = splitPairs(overconfidentPairs(20_000, 3, 99), { holdout: 0.3, seed: 6 });
    const iso = fitIsotonic(train);
    const margin = test.scoreA.map((a, i) => a - test.scoreB[i]);
    const p = iso.predict(margin);
    // Folded view of the calibrated probabilities: logit(p) is the calibrated margin (p clipped off 0 and 1).
    const logit = (q: number) => Math.log(Math.min(Math.max(q, 1e-9), 1 - 1e-9) / (1 - Math.min(Math.max(q, 1e-9), 1 - 1e-9)));
    const calibrated = { margin: Array.from(p, logit), label: test.label };
    expect(assess(calibrated).ece).toBeLessThan(assess(test).ece);
  });
});
