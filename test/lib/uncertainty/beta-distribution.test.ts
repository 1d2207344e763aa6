// betaQuantile and regularizedIncompleteBeta against scipy.stats.beta (scipy 1.10) values committed by
// scripts/reference/beta_quantiles.py, including fractional parameters (weighted / soft counts).
import { beforeAll, describe, expect, it } from "vitest";
import { init, betaQuantile, regularizedIncompleteBeta } from "rmcal";
import reference from "../../reference-values/beta-quantiles.json";

beforeAll(async () => {
  await init();
});

describe("betaQuantile(p, a, b) and regularizedIncompleteBeta(x, a, b)", () => {
  it("match scipy.stats.beta.ppf to 1e-10 (absolute) and 1e-8 (relative)", () => {
    for (const { p, a, b, ppf } of reference.ppf) {
      const x = betaQuantile(p, a, b);
      expect(Math.abs(x - ppf), `ppf(${p}; ${a}, ${b})`).toBeLessThanOrEqual(Math.max(1e-10, 1e-8 * ppf));
    }
  });

  it("match scipy.stats.beta.cdf to 1e-12", () => {
    for (const { x, a, b, cdf } of reference.cdf) {
      expect(Math.abs(regularizedIncompleteBeta(x, a, b) - cdf), `cdf(${x}; ${a}, ${b})`).toBeLessThan(1e-12);
    }
  });

  it("rejects invalid parameters by name", () => {
    expect(() => betaQuantile(1.5, 1, 1)).toThrow(/p is 1.5/);
    expect(() => betaQuantile(0.5, 0, 1)).toThrow(/a is 0/);
    expect(() => regularizedIncompleteBeta(0.5, 1, -2)).toThrow(/b is -2/);
  });
});
