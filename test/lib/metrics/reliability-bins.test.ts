// rmsceDebiased (Kumar, Liang & Ma 2019, docs/DESIGN.md §3.3): equal to an independent computation from the raw pairs,
// and nearly unbiased by simulation where the plug-in RMSCE is not.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess } from "rmcal";
import { referenceBinnedMetrics } from "../../reference/binned-metrics";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

function calibratedPairs(n: number, random: () => number, weighted = false) {
  const margin: number[] = [], label: number[] = [], weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = (random() - 0.5) * 6;
    margin.push(d);
    label.push(random() < sigmoid(d) ? 1 : 0);
    weight.push(weighted ? 0.25 + 2 * random() : 1);
  }
  return { margin, label, weight };
}

describe("assess(pairs).rmsceDebiased", () => {
  it("equals an independent computation of the formula to 1e-12 (weights, soft labels, both views)", () => {
    const random = mulberry32(99);
    const pairs = calibratedPairs(700, random, true);
    pairs.label = pairs.label.map((y, i) => (i % 5 === 0 ? 0.3 + 0.4 * random() : y));
    for (const view of ["folded", "oriented"] as const) {
      for (const bins of [3, 10, 40]) {
        const expected = referenceBinnedMetrics(pairs, bins, view === "folded");
        const out = assess(pairs, { bins, view });
        expect(Math.abs(out.rmsceDebiased - expected.rmsceDebiased)).toBeLessThan(1e-12);
        expect(Math.abs(out.rmsce - expected.rmsce)).toBeLessThan(1e-12);
      }
    }
  });

  // 300 data sets of 500 perfectly calibrated pairs (P(y = 1 | d) = σ(d)), 15 folded bins. The plug-in RMSCE
  // is biased up by the label noise, about sqrt(B·p(1 − p)/n) ≈ 0.07; the debiased squared error averages ≈ 0,
  // and its square root (floored at 0) averages far below the plug-in.
  it("is near 0 on average on perfectly calibrated data, while the plug-in RMSCE is not", () => {
    const random = mulberry32(7);
    const repetitions = 300;
    let plugIn = 0, debiased = 0, debiasedSquared = 0, debiasedSquaredSq = 0;
    for (let rep = 0; rep < repetitions; rep++) {
      const pairs = calibratedPairs(500, random);
      const out = assess(pairs, { bins: 15 });
      const squared = referenceBinnedMetrics(pairs, 15, true).debiasedSquared;
      plugIn += out.rmsce / repetitions;
      debiased += out.rmsceDebiased / repetitions;
      debiasedSquared += squared / repetitions;
      debiasedSquaredSq += (squared * squared) / repetitions;
    }
    const standardError = Math.sqrt((debiasedSquaredSq - debiasedSquared ** 2) / repetitions);
    expect(plugIn).toBeGreaterThan(0.05);
    expect(debiased).toBeLessThan(plugIn / 3);
    // The unclamped debiased squared error is unbiased for the true squared error, 0 here.
    expect(Math.abs(debiasedSquared)).toBeLessThan(3 * standardError);
  });
});
