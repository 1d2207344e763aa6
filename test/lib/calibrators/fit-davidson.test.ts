// fitDavidson against scipy (test/reference-values/davidson.json, made by scripts/reference/davidson.py: trust-exact
// on Davidson's own form of the NLL over (1/T, ln ν)), against the plain reference of test/reference/davidson.ts,
// and on simulated data with a known ν.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitDavidson } from "rmcal";
import reference from "../../reference-values/davidson.json";
import { referenceDavidsonGradient, referenceDavidsonNll, referenceDavidsonProbabilities, simulateDavidson } from "../../reference/davidson";
import { mulberry32, normal } from "../../helpers/prng";
import { loadLlmbarTieOutcomes } from "../../helpers/llmbar";

beforeAll(async () => {
  await init();
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("fitDavidson(pairs)", () => {
  it("agrees with scipy's optimum of the three-outcome NLL on simulated data (T = 2, ν = 0.8, n = 3000)", () => {
    const { margin, label, fit: want } = reference.simulated;
    const f = fitDavidson({ margin, label });
    expect(f.converged).toBe(true);
    expect(relative(f.inverseTemperature, want.inverseTemperature)).toBeLessThan(1e-9);
    expect(relative(f.nu, want.nu)).toBeLessThan(1e-9);
    expect(relative(f.nll, want.nll)).toBeLessThan(1e-12);
    // scipy's Hessian is a finite difference of the gradient: about 1e-8 relative.
    expect(relative(f.nuInterval!.low, want.nuLow)).toBeLessThan(1e-7);
    expect(relative(f.nuInterval!.high, want.nuHigh)).toBeLessThan(1e-7);
    expect(f.nuInterval!.method).toBe("wald-log");
    expect(f.tieShare).toBe(want.ties / want.n);
  });

  it("agrees with scipy on the LLMBar three-outcome sets (GPT-4 Rating margins against each other strategy's verdicts)", () => {
    for (const [strategy, want] of Object.entries(reference.llmbarTies)) {
      const f = fitDavidson(loadLlmbarTieOutcomes(strategy));
      expect(f.converged, strategy).toBe(true);
      expect(relative(f.inverseTemperature, want.inverseTemperature), strategy).toBeLessThan(1e-8);
      expect(relative(f.nu, want.nu), strategy).toBeLessThan(1e-8);
      expect(relative(f.nll, want.nll), strategy).toBeLessThan(1e-12);
      expect(relative(f.nuInterval!.low, want.nuLow), strategy).toBeLessThan(1e-6);
      expect(relative(f.nuInterval!.high, want.nuHigh), strategy).toBeLessThan(1e-6);
    }
  });

  it("stops where the reference NLL's gradient is 0, and its NLL and probabilities equal the reference's", () => {
    const random = mulberry32(7);
    const margin = Array.from({ length: 500 }, () => 2 * normal(random));
    const label = simulateDavidson(margin, 1.3, 1.5, random);
    const f = fitDavidson({ margin, label });
    const [ga, gl] = referenceDavidsonGradient(margin, label, f.inverseTemperature, f.nu);
    expect(Math.abs(ga)).toBeLessThan(1e-5);
    expect(Math.abs(gl)).toBeLessThan(1e-5);
    expect(relative(f.nll, referenceDavidsonNll(margin, label, f.inverseTemperature, f.nu))).toBeLessThan(1e-13);
    const p = f.probabilities([-40, -3, 0, 0.5, 3, 40, 800]);
    [-40, -3, 0, 0.5, 3, 40, 800].forEach((d, i) => {
      const [pa, pt, pb] = referenceDavidsonProbabilities(d, f.inverseTemperature, f.nu);
      expect(Math.abs(p.win[i] - pa)).toBeLessThan(1e-15);
      expect(Math.abs(p.tie[i] - pt)).toBeLessThan(1e-15);
      expect(Math.abs(p.loss[i] - pb)).toBeLessThan(1e-15);
      expect(Math.abs(p.win[i] + p.tie[i] + p.loss[i] - 1)).toBeLessThan(1e-15);
    });
  });

  it("recovers a known ν: its 95% interval holds the truth in about 95% of 60 simulations (n = 1000, T = 1.5, ν = 0.6)", () => {
    let covered = 0, sum = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const random = mulberry32(seed);
      const margin = Array.from({ length: 1000 }, () => 3 * normal(random));
      const f = fitDavidson({ margin, label: simulateDavidson(margin, 1.5, 0.6, random) });
      if (f.nuInterval!.low <= 0.6 && 0.6 <= f.nuInterval!.high) covered++;
      sum += f.nu;
    }
    // Binomial(60, 0.95): 52 or more with probability 0.99.
    expect(covered).toBeGreaterThanOrEqual(52);
    expect(Math.abs(sum / 60 - 0.6)).toBeLessThan(0.03);
  });

  it("is unchanged by swapping every pair's sides (d → −d, win ↔ loss) and by a weight of 2 in place of a duplicate", () => {
    const margin = [2, -1, 0, 1, -2, 0.5, 3, -0.5], label = [1, 0, 0.5, 0.5, 0, 1, 0.5, 1];
    const f = fitDavidson({ margin, label });
    const swapped = fitDavidson({ margin: margin.map((d) => -d), label: label.map((y) => 1 - y) });
    expect(relative(swapped.nu, f.nu)).toBeLessThan(1e-12);
    expect(relative(swapped.temperature, f.temperature)).toBeLessThan(1e-12);
    const doubled = fitDavidson({ margin: [...margin, margin[0]], label: [...label, label[0]] });
    const weighted = fitDavidson({ margin, label, weight: [2, 1, 1, 1, 1, 1, 1, 1] });
    expect(relative(weighted.nu, doubled.nu)).toBeLessThan(1e-10);
  });

  it("refuses labels that are not outcomes, data without ties or without decided pairs, and chosen/rejected pairs", () => {
    expect(() => fitDavidson({ margin: [1, 2, 3], label: [1, 0.7, 0.5] })).toThrow(/pairs\.label\[1\] is 0\.7; a three-outcome label is 1 \(A won\), 0 \(B won\) or 0\.5/);
    expect(() => fitDavidson({ margin: [1, 2, 3], label: [1, 0, 1] })).toThrow(/no pair of positive weight is a tie/);
    expect(() => fitDavidson({ margin: [1, 2, 3], label: [0.5, 0.5, 1], weight: [1, 1, 0] })).toThrow(/every pair of positive weight is a tie/);
    expect(() => fitDavidson({ chosen: [1, 2], rejected: [0, 0] })).toThrow(/chosen\/rejected/);
    expect(() => fitDavidson({ margin: [1, -1, 0], label: [1, 0, 0.5] }, { confidence: 1 })).toThrow(/options\.confidence is 1/);
  });

  it("reports a fit without a finite optimum (decided pairs separable, every tie at d = 0) as not converged", () => {
    const f = fitDavidson({ margin: [-2, -1, 0, 0, 1, 2], label: [0, 0, 0.5, 0.5, 1, 1] });
    expect(f.converged).toBe(false);
    expect(f.message).toMatch(/did not converge|no unique finite optimum/);
    expect(f.inverseTemperature).toBeGreaterThan(10);
    expect(f.nuInterval).toBeNull();
    expect(f.covariance).toBeNull();
  });
});
