// covariateBias: the length-bias check (docs/DESIGN.md §7.6) against numpy/scipy on a simulated length-biased RM,
// and its rules on small cases worked by hand.
// Expected values: /usr/bin/python3 scripts/reference/covariate_bias.py → test/reference-values/covariate-bias.json
// (scipy.stats.pearsonr and spearmanr, numpy percentiles and searchsorted, folded ECE of 15 uniform bins).
import { beforeAll, describe, expect, it } from "vitest";
import { init, covariateBias, diagnose } from "rmcal";
import reference from "../../reference-values/covariate-bias.json";
import { readCsv } from "../../helpers/read-csv";

beforeAll(async () => {
  await init();
});

function lengthBias() {
  const rows = readCsv("test/data/simulated_length_bias.csv");
  return {
    pairs: { scoreA: rows.map((r) => Number(r.score_a)), scoreB: rows.map((r) => Number(r.score_b)), label: rows.map((r) => Number(r.label)) },
    covariate: { a: rows.map((r) => Number(r.len_a)), b: rows.map((r) => Number(r.len_b)) },
  };
}

describe("covariateBias(pairs, covariate, options)", () => {
  it("agrees with scipy's Pearson and Spearman, and numpy's accuracies and shares, on a length-biased RM", () => {
    const { pairs, covariate } = lengthBias();
    const r = covariateBias(pairs, covariate);
    expect(r.n).toBe(reference.n);
    expect(r.pearson!).toBeCloseTo(reference.pearson, 13);
    expect(r.spearman!).toBeCloseTo(reference.spearman, 13);
    expect(r.accuracy).toBeCloseTo(reference.accuracy, 14);
    expect(r.baselineAccuracy).toBeCloseTo(reference.baselineAccuracy, 14);
    expect(r.agreement).toBeCloseTo(reference.agreement, 14);
    expect(r.tiedShare).toBeCloseTo(reference.tiedShare, 14);
  });

  it("bins the difference at numpy's percentiles and assesses each bin as numpy does (5 bins and terciles)", () => {
    const { pairs, covariate } = lengthBias();
    const r = covariateBias(pairs, covariate);
    for (const [got, want] of [[r.differenceBins, reference.differenceBins], [r.terciles, reference.terciles]] as const) {
      expect(got.map((b) => [b.lower, b.upper, b.n])).toEqual(want.map((b) => [b.lower, b.upper, b.n]));
      got.forEach((b, k) => {
        expect(b.assessment.accuracy).toBeCloseTo(want[k].accuracy, 14);
        expect(b.assessment.nll).toBeCloseTo(want[k].nll, 12);
        expect(b.assessment.ece).toBeCloseTo(want[k].ece, 12);
        expect(b.meanPredicted).toBeCloseTo(want[k].meanPredicted, 12);
      });
    }
  });

  it("scores the baseline by hand: the larger covariate wins, a tie scores ½, weights count", () => {
    // Δ = (1, −2, 0, 3); labels (1, 1, 0, 0); weights (1, 2, 1, 4): baseline correct = (1, 0, ½, 0) → (1 + 0 + ½ + 0)/8.
    const r = covariateBias({ margin: [1, 1, -1, 2], label: [1, 1, 0, 0], weight: [1, 2, 1, 4] }, { a: [2, 0, 5, 4], b: [1, 2, 5, 1] }, { differenceBins: 2 });
    expect(r.baselineAccuracy).toBe(1.5 / 8);
    // Agreement: signs of (d, Δ) = (+,+), (+,−), (−,0), (+,+) → weights 1 + 4 of 8.
    expect(r.agreement).toBe(5 / 8);
    expect(r.tiedShare).toBe(1 / 8);
  });

  it("leaves zero-weight pairs out of the correlations and the bins, and says null for a constant covariate", () => {
    const pairs = { margin: [1, 2, 3, 4, 100], label: [1, 1, 0, 1, 1], weight: [1, 1, 1, 1, 0] };
    const r = covariateBias(pairs, { a: [1, 2, 3, 4, -50], b: [0, 0, 0, 0, 0] });
    expect(r.n).toBe(4);
    expect(r.pearson).toBe(1);
    expect(r.spearman).toBe(1);
    expect(r.differenceBins.reduce((s, b) => s + b.n, 0)).toBe(4);
    expect(covariateBias(pairs, { a: [5, 5, 5, 5, 5], b: [0, 0, 0, 0, 0] }).pearson).toBeNull();
  });

  it("refuses a missing, short or overflowing covariate, naming it", () => {
    const pairs = { margin: [1, -1], label: [1, 0] };
    expect(() => covariateBias(pairs, undefined as never)).toThrow(/covariate must be an object \{ a, b \}/);
    expect(() => covariateBias(pairs, { a: [1], b: [1, 2] })).toThrow(/covariate\.a has length 1 but pairs has length 2/);
    expect(() => covariateBias(pairs, { a: [1, NaN], b: [1, 2] })).toThrow(/covariate\.a\[1\] is NaN/);
    expect(() => covariateBias(pairs, { a: [1.7e308, 1], b: [-1.7e308, 1] })).toThrow(/covariate\.a\[0\] − covariate\.b\[0\] overflows/);
    expect(() => covariateBias(pairs, { a: [1, 2], b: [0, 0] }, { differenceBins: 0 })).toThrow(/options\.differenceBins is 0/);
  });

  it("is what diagnose(pairs, { covariate }) reports", () => {
    const { pairs, covariate } = lengthBias();
    expect(diagnose(pairs, { covariate, differenceBins: 4 }).covariate).toEqual(covariateBias(pairs, covariate, { differenceBins: 4 }));
    expect(() => diagnose(pairs, { differenceBins: 4 })).toThrow(/options\.differenceBins bins the covariate difference; give options\.covariate too/);
  });
});
