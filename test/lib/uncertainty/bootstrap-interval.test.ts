// The percentile, basic and BCa intervals of bootstrapInterval against scipy 1.17's own code. scipy.stats.bootstrap
// draws its own resamples, so scripts/reference/bca.py hands scipy's internal _bca_interval these resampled values
// and jackknife values (run: python3 scripts/reference/bca.py); the bounds below are its output.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { acceleration, bootstrapInterval } from "../../../src/lib/uncertainty/bootstrap-interval";

beforeAll(async () => {
  await init();
});

const R = 400, J = 23, ESTIMATE = 0.3;
const distribution = Float64Array.from({ length: R }, (_, k) => (((k * 7919) % 1000) / 1000) ** 2).sort();
const jackknife = Float64Array.from({ length: J }, (_, i) => 0.2 + 0.1 * (((i * 37) % J) / J) ** 3);

const SCIPY: Record<string, { bca: [number, number]; acceleration: number; percentile: [number, number]; basic: [number, number] }> = {
  "0.8": { bca: [0.01797630144628821, 0.8501246186803926], acceleration: -0.03745498159334114, percentile: [0.009742499999999996, 0.8051481000000001], basic: [-0.20514810000000017, 0.5902575] },
  "0.9": { bca: [0.0038595740520363246, 0.9164440335667723], acceleration: -0.03745498159334114, percentile: [0.002386749999999999, 0.8969985999999996], basic: [-0.29699859999999967, 0.59761325] },
  "0.95": { bca: [0.0008111797462159905, 0.9532970602982023], acceleration: -0.03745498159334114, percentile: [0.0005726250000000012, 0.9487247249999999], basic: [-0.34872472499999996, 0.599427375] },
};

describe("bootstrapInterval", () => {
  for (const [level, expected] of Object.entries(SCIPY)) {
    const confidence = Number(level);
    it(`matches scipy's percentile, basic and BCa bounds at confidence ${level}`, () => {
      const bca = bootstrapInterval(distribution, ESTIMATE, confidence, "bca", jackknife);
      expect(bca.method).toBe("bca");
      expect(bca.low).toBeCloseTo(expected.bca[0], 12);
      expect(bca.high).toBeCloseTo(expected.bca[1], 12);
      expect(bca.acceleration).toBeCloseTo(expected.acceleration, 14);
      const percentile = bootstrapInterval(distribution, ESTIMATE, confidence, "percentile", null);
      expect([percentile.low, percentile.high]).toEqual(expected.percentile);
      const basic = bootstrapInterval(distribution, ESTIMATE, confidence, "basic", null);
      expect(basic.low).toBeCloseTo(expected.basic[0], 14);
      expect(basic.high).toBeCloseTo(expected.basic[1], 14);
    });
  }

  it("falls back to the percentile interval, and says so, when every resampled value lies on one side of the estimate", () => {
    const above = Float64Array.from({ length: 50 }, (_, k) => 1 + k);
    const result = bootstrapInterval(above, 0.5, 0.9, "bca", jackknife);
    expect(result.method).toBe("percentile");
    expect([result.low, result.high]).toEqual([bootstrapInterval(above, 0.5, 0.9, "percentile", null).low, bootstrapInterval(above, 0.5, 0.9, "percentile", null).high]);
    expect(result.biasCorrection).toBeUndefined();
  });

  it("with zero bias correction and zero acceleration, BCa is the percentile interval", () => {
    const symmetric = Float64Array.from({ length: 201 }, (_, k) => k / 200).sort();
    const flat = new Float64Array(10).fill(3);
    const bca = bootstrapInterval(symmetric, 0.5, 0.9, "bca", flat);
    const percentile = bootstrapInterval(symmetric, 0.5, 0.9, "percentile", null);
    expect(bca.biasCorrection).toBe(0);
    expect(bca.acceleration).toBe(0);
    expect(bca.low).toBeCloseTo(percentile.low, 14);
    expect(bca.high).toBeCloseTo(percentile.high, 14);
  });

  it("acceleration is Σd³ / (6 (Σd²)^1.5) of the deviations d = mean − θᵢ", () => {
    // θ = 0, 0, 3: mean 1, d = 1, 1, −2; Σd³ = 1 + 1 − 8 = −6; Σd² = 6; a = −6 / (6·6^1.5) = −1/6^1.5.
    expect(acceleration(Float64Array.of(0, 0, 3))).toBeCloseTo(-1 / 6 ** 1.5, 15);
  });
});
