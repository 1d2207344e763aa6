// expectedCalibrationError(yTrue, yProb, options) against the plain-TypeScript reference (test/reference/binary.ts)
// on seeded random rows, and against numpy's computation of the definition (reference values from
// scripts/reference/binary_metrics.py, see test/helpers/binary-metrics-cases.ts).
import { beforeAll, describe, it } from "vitest";
import { init, expectedCalibrationError } from "rmcal";
import { referenceExpectedCalibrationError } from "../../reference/binary";
import { mulberry32, pick } from "../../helpers/prng";
import { randomBinaryRows } from "../../helpers/random-data";
import { binaryMetricsCases as cases } from "../../helpers/binary-metrics-cases";
import { expectClose } from "../../helpers/compare";

beforeAll(async () => {
  await init();
});

describe("scikit-learn-shaped helpers equal the reference implementation", () => {
  for (const strategy of ["uniform", "quantile"] as const) {
    it(`expectedCalibrationError(yTrue, yProb, {norm: l1 | l2 | max, strategy: "${strategy}"}) on 60 seeded random sets`, () => {
      const random = mulberry32(strategy === "uniform" ? 2003 : 2004);
      for (let trial = 0; trial < 60; trial++) {
        const rows = randomBinaryRows(random);
        for (const norm of ["l1", "l2", "max"] as const) {
          const options = { nBins: pick(random, [1, 4, 10, 15, 20]), strategy, norm, ...(rows.sampleWeight ? { sampleWeight: rows.sampleWeight } : {}) };
          const label = `trial ${trial}, ${JSON.stringify({ ...options, sampleWeight: !!rows.sampleWeight })}`;
          expectClose(expectedCalibrationError(rows.yTrue, rows.yProb, options), referenceExpectedCalibrationError(rows.yTrue, rows.yProb, options), 1e-12, label);
        }
      }
    });
  }
});

describe("expectedCalibrationError equals numpy's computation of the definition", () => {
  for (const c of cases) {
    it(`expectedCalibrationError(yTrue, yProb, {nBins: ${c.nBins}, strategy: "${c.strategy}", norm, sampleWeight?}) on ${c.name}`, () => {
      for (const norm of ["l1", "l2", "max"] as const) {
        const options = { nBins: c.nBins, strategy: c.strategy, norm };
        expectClose(expectedCalibrationError(c.yTrue, c.yProb, options), c.ece[norm], 1e-12, norm);
        expectClose(expectedCalibrationError(c.yTrue, c.yProb, { ...options, sampleWeight: c.sampleWeight }), c.eceWeighted[norm], 1e-12, `${norm} weighted`);
        expectClose(referenceExpectedCalibrationError(c.yTrue, c.yProb, { ...options, sampleWeight: c.sampleWeight }), c.eceWeighted[norm], 1e-12, `reference ${norm}`);
      }
    });
  }
});
