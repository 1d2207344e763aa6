// rmcal's scikit-learn-shaped helpers against scikit-learn and numpy themselves.
// The expected values were produced by scripts/reference/binary_metrics.py (numpy 1.24, scikit-learn 1.2.1;
// run: /usr/bin/python3 scripts/reference/binary_metrics.py) and are committed in
// test/reference-values/binary_metrics.json together with the inputs, so this test needs no Python.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, calibrationCurve, expectedCalibrationError, brierScore, logLoss } from "rmcal";
import { referenceCalibrationCurve, referenceExpectedCalibrationError } from "../../reference/binary";
import { expectClose, maxAbsDifference } from "../../helpers/compare";

interface Case {
  name: string;
  nBins: number;
  strategy: "uniform" | "quantile";
  yTrue: number[];
  yProb: number[];
  sampleWeight: number[];
  calibrationCurve: { probTrue: number[]; probPred: number[]; counts: number[] };
  quantileEdgesDuplicate: boolean;
  ece: Record<"l1" | "l2" | "max", number>;
  eceWeighted: Record<"l1" | "l2" | "max", number>;
  brier: number;
  brierWeighted: number;
  logLoss: number;
  logLossWeighted: number;
}

const { cases } = JSON.parse(readFileSync(new URL("../../reference-values/binary_metrics.json", import.meta.url), "utf8")) as { cases: Case[] };

beforeAll(async () => {
  await init();
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
