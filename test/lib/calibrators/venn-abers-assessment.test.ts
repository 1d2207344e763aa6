// vennAbersAssessment: the widths p1 − p0 against a plain computation (weighted mean; numpy's linear percentiles
// written out), the merged assessment against calibratedAssessment, and the refusal of other calibrator kinds.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitVennAbers, fitTemperature, vennAbersAssessment, calibratedAssessment, type VennAbersCalibrator } from "rmcal";
import { simulatedSoftPairs, llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

/** numpy.percentile(values, q) with the default linear method. */
function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

describe("vennAbersAssessment(calibrator, pairs, options)", () => {
  it("reports the widths of the held-out intervals and the merged p's assessment", () => {
    const train = simulatedSoftPairs(3000, 21), test = simulatedSoftPairs(800, 22);
    const weight = Float64Array.from({ length: 800 }, (_, i) => (i % 7 === 0 ? 0 : 1 + (i % 3)));
    const weighted = { ...test, weight };
    const va = fitVennAbers(train);
    const got = vennAbersAssessment(va, weighted, { bins: 10 });
    const { p0, p1 } = va.predictInterval(test.margin);
    const widths: number[] = [];
    let sum = 0, sumW = 0;
    for (let i = 0; i < 800; i++) {
      if (weight[i] === 0) continue;
      widths.push(p1[i] - p0[i]);
      sum += weight[i] * (p1[i] - p0[i]);
      sumW += weight[i];
    }
    expect(got.n).toBe(widths.length);
    expect(got.width.mean).toBeCloseTo(sum / sumW, 14);
    expect(got.width.median).toBeCloseTo(percentile(widths, 0.5), 14);
    expect(got.width.p90).toBeCloseTo(percentile(widths, 0.9), 14);
    expect(got.width.max).toBe(Math.max(...widths));
    expect(got.merged).toEqual(calibratedAssessment(va, weighted, { bins: 10 }));
  });

  it("has narrower intervals with more calibration pairs", () => {
    const test = llmbarPairs("GPT-4");
    const small = vennAbersAssessment(fitVennAbers(simulatedSoftPairs(200, 5)), simulatedSoftPairs(500, 6));
    const large = vennAbersAssessment(fitVennAbers(simulatedSoftPairs(20000, 5)), simulatedSoftPairs(500, 6));
    expect(large.width.mean).toBeLessThan(small.width.mean / 5);
    expect(vennAbersAssessment(fitVennAbers(test), test).width.max).toBeLessThan(0.1);
  });

  it("refuses a calibrator of another kind, naming the argument", () => {
    const t = fitTemperature({ margin: [1, -1, 2], label: [1, 0, 0] });
    expect(() => vennAbersAssessment(t as unknown as VennAbersCalibrator, { margin: [1], label: [1] })).toThrow(/Venn–Abers calibrator/);
  });
});
