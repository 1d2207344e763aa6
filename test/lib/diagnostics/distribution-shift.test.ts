// kolmogorovSmirnovStatistic and populationStabilityIndex against scipy.stats.ks_2samp and numpy's PSI (values from
// scripts/reference/distribution_shift.py, committed in test/reference-values/distribution-shift.json).
import { beforeAll, describe, expect, it } from "vitest";
import { init, kolmogorovSmirnovStatistic, populationStabilityIndex } from "rmcal";
import reference from "../../reference-values/distribution-shift.json";

beforeAll(async () => {
  await init();
});

describe("kolmogorovSmirnovStatistic and populationStabilityIndex", () => {
  for (const c of reference.cases) {
    it(`match scipy.stats.ks_2samp and numpy's PSI on ${c.name}`, () => {
      expect(kolmogorovSmirnovStatistic(c.calibration, c.deployment)).toBeCloseTo(c.ks, 14);
      expect(populationStabilityIndex(c.calibration, c.deployment)).toBeCloseTo(c.psi, 12);
    });
  }
  it("reject empty or non-finite samples by name", () => {
    expect(() => kolmogorovSmirnovStatistic([], [1])).toThrow(/sample1 is empty/);
    expect(() => populationStabilityIndex([1, 2], [1, Infinity])).toThrow(/deployment\[1\] is Infinity/);
  });
});
