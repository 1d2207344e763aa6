// calibrationCurve, expectedCalibrationError, brierScore and logLoss against the plain-TypeScript reference
// (test/reference/) on seeded random rows: probabilities exactly on bin edges (k/B and k·(1/B)), p = 0 and 1,
// hard and soft labels, zero weights, plain and typed arrays.
import { beforeAll, describe, expect, it } from "vitest";
import { init, calibrationCurve, expectedCalibrationError, brierScore, logLoss } from "rmcal";
import { referenceCalibrationCurve, referenceExpectedCalibrationError, referenceBrierScore, referenceLogLoss } from "../../reference/binary";
import { mulberry32, pick, integer, type Random } from "../../helpers/prng";
import { randomProbabilities } from "../../helpers/random-data";
import { expectClose } from "../../helpers/compare";

beforeAll(async () => {
  await init();
});

interface Rows {
  yTrue: ArrayLike<number>;
  yProb: ArrayLike<number>;
  sampleWeight?: ArrayLike<number>;
}

function randomRows(random: Random): Rows {
  const n = pick(random, [1, 2, 5, 40, 300, 2000]);
  const yProb = randomProbabilities(random, n);
  const soft = random() < 0.4;
  const yTrue = yProb.map((p) => (soft ? integer(random, 5) / 4 : random() < p ? 1 : 0));
  const weighted = random() < 0.5;
  const weights = yProb.map(() => (random() < 0.2 ? 0 : pick(random, [1, 3, random() * 2])));
  if (!weights.some((w) => w > 0)) weights[0] = 1;
  const container = pick(random, ["array", "typed"]);
  return container === "array"
    ? { yTrue, yProb, ...(weighted ? { sampleWeight: weights } : {}) }
    : {
        yTrue: soft ? Float64Array.from(yTrue) : Uint8Array.from(yTrue),
        yProb: Float64Array.from(yProb),
        ...(weighted ? { sampleWeight: Float32Array.from(weights) } : {}),
      };
}

const strategies = ["uniform", "quantile"] as const;

describe("scikit-learn-shaped helpers equal the reference implementation", () => {
  for (const strategy of strategies) {
    it(`calibrationCurve(yTrue, yProb, {nBins, strategy: "${strategy}", sampleWeight}) on 60 seeded random sets`, () => {
      const random = mulberry32(strategy === "uniform" ? 2001 : 2002);
      for (let trial = 0; trial < 60; trial++) {
        const rows = randomRows(random);
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

    it(`expectedCalibrationError(yTrue, yProb, {norm: l1 | l2 | max, strategy: "${strategy}"}) on 60 seeded random sets`, () => {
      const random = mulberry32(strategy === "uniform" ? 2003 : 2004);
      for (let trial = 0; trial < 60; trial++) {
        const rows = randomRows(random);
        for (const norm of ["l1", "l2", "max"] as const) {
          const options = { nBins: pick(random, [1, 4, 10, 15, 20]), strategy, norm, ...(rows.sampleWeight ? { sampleWeight: rows.sampleWeight } : {}) };
          const label = `trial ${trial}, ${JSON.stringify({ ...options, sampleWeight: !!rows.sampleWeight })}`;
          expectClose(expectedCalibrationError(rows.yTrue, rows.yProb, options), referenceExpectedCalibrationError(rows.yTrue, rows.yProb, options), 1e-12, label);
        }
      }
    });
  }

  it("brierScore(yTrue, yProb, {sampleWeight}) and logLoss(yTrue, yProb, {sampleWeight, eps}) on 60 seeded random sets", () => {
    const random = mulberry32(2005);
    for (let trial = 0; trial < 60; trial++) {
      const rows = randomRows(random);
      const options = rows.sampleWeight ? { sampleWeight: rows.sampleWeight } : {};
      const label = `trial ${trial}`;
      expectClose(brierScore(rows.yTrue, rows.yProb, options), referenceBrierScore(rows.yTrue, rows.yProb, options), 1e-12, label);
      expectClose(logLoss(rows.yTrue, rows.yProb, options), referenceLogLoss(rows.yTrue, rows.yProb, options), 1e-12, label);
      const eps = pick(random, [1e-15, 1e-6, 0.01]);
      expectClose(logLoss(rows.yTrue, rows.yProb, { ...options, eps }), referenceLogLoss(rows.yTrue, rows.yProb, { ...options, eps }), 1e-12, label);
    }
  });
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
