// The isotonic calibrator object (isotonicCalibrator): reward(scores, { reference }) = logit(clip(g(r − r_ref))),
// checked against Math.log of its own predict, and the stored default reference (the mean per-response score).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitIsotonic } from "rmcal";
import { llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("fitIsotonic(pairs, { symmetric: true })", () => {
  it("reward(scores, { reference }) is logit(clip(g(r − r_ref), 1e-6, 1 − 1e-6))", () => {
    const pairs = llmbarPairs("GPT-4");
    const iso = fitIsotonic(pairs);
    const scores = [0, 3, 7, 10, -50];
    const r = iso.reward(scores, { reference: 5 });
    const g = iso.predict(scores.map((s) => s - 5));
    scores.forEach((_, i) => {
      const p = Math.min(Math.max(g[i], 1e-6), 1 - 1e-6);
      expect(Math.abs(r[i] - Math.log(p / (1 - p)))).toBeLessThan(1e-12);
    });
    // The stored reference (the mean per-response score of the fitting data) is the default.
    const ref = iso.rewardNormalization?.reference as number;
    const mean = (pairs.scoreA.reduce((s, v) => s + v, 0) + pairs.scoreB.reduce((s, v) => s + v, 0)) / (2 * pairs.label.length);
    expect(ref).toBeCloseTo(mean, 12);
    expect(iso.reward([7])).toEqual(iso.reward([7], { reference: ref }));
    const margins = fitIsotonic({ margin: pairs.scoreA.map((a, i) => a - pairs.scoreB[i]), label: pairs.label });
    expect(margins.rewardNormalization).toBeNull();
    expect(() => margins.reward([1])).toThrow(/options\.reference is missing/);
  });
});
