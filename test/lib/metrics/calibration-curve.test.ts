// calibrationCurve(yTrue, yProb, options) against the plain-TypeScript reference (test/reference/binary.ts) on
// seeded random rows — probabilities exactly on bin edges (k/B and k·(1/B)), p = 0 and 1, hard and soft labels,
// zero weights, plain and typed arrays — and against sklearn.calibration.calibration_curve itself (reference
// values from scripts/reference/binary_metrics.py, see test/helpers/binary-metrics-cases.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { init, calibrationCurve } from "rmcal";
import { referenceCalibrationCurve } from "../../reference/binary";
import { mulberry32, pick } from "../../helpers/prng";
import { randomBinaryRows, randomProbabilities } from "../../helpers/random-data";
import { binaryMetricsCases as cases } from "../../helpers/binary-metrics-cases";
import { expectClose, maxAbsDifference } from "../../helpers/compare";

beforeAll(async () => {
  await init();
});

const strategies = ["uniform", "quantile"] as const;

describe("scikit-learn-shaped helpers equal the reference implementation", () => {
  for (const strategy of strategies) {
    it(`calibrationCurve(yTrue, yProb, {nBins, strategy: "${strategy}", sampleWeight}) on 60 seeded random sets`, () => {
      const random = mulberry32(strategy === "uniform" ? 2001 : 2002);
      for (let trial = 0; trial < 60; trial++) {
        const rows = randomBinaryRows(random);
        const nBins = pick(random, [1, 2, 3, 5, 10, 15, 33]);
        const options = { nBins, strategy, ...(rows.sampleWeight ? { sampleWeight: rows.sampleWeight } : {}) };
        const actual = calibrationCurve(rows.yTrue, rows.yProb, options);
        const expected = referenceCalibrationCurve(rows.yTrue, rows.yProb, options);
        const label = `trial ${trial}, n = ${rows.yProb.length}, nBins = ${nBins}, weighted: ${!!rows.sampleWeight}`;
        expect(Array.from(actual.counts), label).toEqual(expected.counts);
        expectClose(actual, expected, 1e-12, label);
        // Without weights the sums run in the same order as the reference's, so the results are identical.
        if (!rows.sampleWeight) {
          expect(Array.from(actual.probTrue), label).toEqual(expected.probTrue);
          expect(Array.from(actual.probPred), label).toEqual(expected.probPred);
        }
      }
    });
  }
});

describe("calibrationCurve: bin edges", () => {
  it("calibrationCurve(yTrue, yProb) puts p = k/B in bin k − 1 unless k·(1/B) rounds below k/B (e_k < p ≤ e_{k+1})", () => {
    // linspace(0, 1, 11) has 3·0.1 = 0.30000000000000004 > 0.3, so 0.3 belongs to the bin ending there (bin 2),
    // and 0.7000000000000001 (= 7·0.1) is the upper edge of bin 6.
    const yProb = [0, 0.1, 0.3, 7 * 0.1, 0.7, 1];
    const curve = calibrationCurve([0, 0, 1, 1, 0, 1], yProb, { nBins: 10 });
    expect(Array.from(curve.counts)).toEqual([2, 1, 2, 1]);
    expect(Array.from(curve.probPred)).toEqual([0.05, 0.3, (0.7 + 7 * 0.1) / 2, 1]);
  });

  it("calibrationCurve(yTrue, yProb, {strategy: 'quantile'}) drops the empty bins that duplicate edges make", () => {
    const yProb = [0, 0, 0, 0, 0, 0, 0.2, 0.9, 1, 1];
    const curve = calibrationCurve([0, 0, 0, 1, 0, 0, 1, 1, 1, 1], yProb, { nBins: 5, strategy: "quantile" });
    expectClose(curve, referenceCalibrationCurve([0, 0, 0, 1, 0, 0, 1, 1, 1, 1], yProb, { nBins: 5, strategy: "quantile" }));
    expect(curve.counts.length).toBeLessThan(5);
  });

  it("calibrationCurve with zero weights equals calibrationCurve of the rows that carry weight", () => {
    const random = mulberry32(2006);
    const yProb = randomProbabilities(random, 500);
    const yTrue = yProb.map((p) => (random() < p ? 1 : 0));
    const sampleWeight = yProb.map(() => (random() < 0.3 ? 0 : 1));
    const kept = (column: number[]) => column.filter((_, i) => sampleWeight[i] > 0);
    for (const strategy of strategies) {
      expectClose(
        calibrationCurve(yTrue, yProb, { nBins: 10, strategy, sampleWeight }),
        calibrationCurve(kept(yTrue), kept(yProb), { nBins: 10, strategy }),
        0,
      );
    }
  });
});

describe("calibrationCurve equals sklearn.calibration.calibration_curve", () => {
  it("the reference values cover both strategies and quantile edges that duplicate", () => {
    expect(new Set(cases.map((c) => c.strategy))).toEqual(new Set(["uniform", "quantile"]));
    expect(cases.some((c) => c.quantileEdgesDuplicate)).toBe(true);
  });

  for (const c of cases) {
    it(`calibrationCurve(yTrue, yProb, {nBins: ${c.nBins}, strategy: "${c.strategy}"}) on ${c.name}: max |Δ| ≤ 1e-12`, () => {
      const curve = calibrationCurve(c.yTrue, c.yProb, { nBins: c.nBins, strategy: c.strategy });
      expect(Array.from(curve.counts)).toEqual(c.calibrationCurve.counts);
      expect(maxAbsDifference(curve.probTrue, c.calibrationCurve.probTrue)).toBeLessThanOrEqual(1e-12);
      expect(maxAbsDifference(curve.probPred, c.calibrationCurve.probPred)).toBeLessThanOrEqual(1e-12);
      // The same sums in the same order as numpy.bincount: in fact bit for bit.
      expect(Array.from(curve.probTrue)).toEqual(c.calibrationCurve.probTrue);
      expect(Array.from(curve.probPred)).toEqual(c.calibrationCurve.probPred);
      // The reference implementation agrees with scikit-learn too, so the cross-checks elsewhere stand on it.
      expectClose(referenceCalibrationCurve(c.yTrue, c.yProb, { nBins: c.nBins, strategy: c.strategy }), c.calibrationCurve, 1e-12);
    });
  }
});
