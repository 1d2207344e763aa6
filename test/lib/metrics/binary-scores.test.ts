// brierScore and logLoss against the plain-TypeScript reference (test/reference/binary.ts) on seeded random rows,
// and against sklearn.metrics.brier_score_loss / log_loss themselves (reference values from
// scripts/reference/binary_metrics.py, see test/helpers/binary-metrics-cases.ts).
import { beforeAll, describe, it } from "vitest";
import { init, brierScore, logLoss } from "rmcal";
import { referenceBrierScore, referenceLogLoss } from "../../reference/binary";
import { mulberry32, pick } from "../../helpers/prng";
import { randomBinaryRows } from "../../helpers/random-data";
import { binaryMetricsCases as cases } from "../../helpers/binary-metrics-cases";
import { expectClose } from "../../helpers/compare";

beforeAll(async () => {
  await init();
});

describe("scikit-learn-shaped helpers equal the reference implementation", () => {
  it("brierScore(yTrue, yProb, {sampleWeight}) and logLoss(yTrue, yProb, {sampleWeight, eps}) on 60 seeded random sets", () => {
    const random = mulberry32(2005);
    for (let trial = 0; trial < 60; trial++) {
      const rows = randomBinaryRows(random);
      const options = rows.sampleWeight ? { sampleWeight: rows.sampleWeight } : {};
      const label = `trial ${trial}`;
      expectClose(brierScore(rows.yTrue, rows.yProb, options), referenceBrierScore(rows.yTrue, rows.yProb, options), 1e-12, label);
      expectClose(logLoss(rows.yTrue, rows.yProb, options), referenceLogLoss(rows.yTrue, rows.yProb, options), 1e-12, label);
      const eps = pick(random, [1e-15, 1e-6, 0.01]);
      expectClose(logLoss(rows.yTrue, rows.yProb, { ...options, eps }), referenceLogLoss(rows.yTrue, rows.yProb, { ...options, eps }), 1e-12, label);
    }
  });
});

describe("brierScore and logLoss equal sklearn.metrics", () => {
  for (const c of cases) {
    it(`brierScore / logLoss (yTrue, yProb, {sampleWeight?}) on ${c.name} (${c.strategy} case)`, () => {
      expectClose(brierScore(c.yTrue, c.yProb), c.brier, 1e-12, "brier");
      expectClose(brierScore(c.yTrue, c.yProb, { sampleWeight: c.sampleWeight }), c.brierWeighted, 1e-12, "brier weighted");
      // scikit-learn renormalizes [1 − p, p] after clipping, which moves the last bits: equal to 1e-12, not bit for bit.
      expectClose(logLoss(c.yTrue, c.yProb), c.logLoss, 1e-12, "log loss");
      expectClose(logLoss(c.yTrue, c.yProb, { sampleWeight: c.sampleWeight }), c.logLossWeighted, 1e-12, "log loss weighted");
    });
  }
});
