// Empirical-Bayes shrinkage (docs/DESIGN.md §5.14) against an example worked by hand.
import { describe, expect, it } from "vitest";
import { shrinkTowardCentre } from "../../../src/lib/calibrators/group-shrinkage";

describe("shrinkTowardCentre(estimates, variances, centre)", () => {
  it("matches the DerSimonian–Laird τ² and the posterior means of a hand-worked example", () => {
    // Three groups, centre 1, estimates x = (0, 1, 3), variances v = (1/4, 1/2, 1), so weights w = 1/v = (4, 2, 1).
    //   Q  = Σ w (x − 1)² = 4·1 + 2·0 + 1·4 = 8
    //   S₁ = Σ w = 7,  S₂ = Σ w² = 16 + 4 + 1 = 21,  S₁ − S₂/S₁ = 7 − 3 = 4
    //   τ² = (Q − (G − 1)) / 4 = (8 − 2) / 4 = 1.5
    //   B  = τ²/(τ² + v) = (1.5/1.75, 1.5/2, 1.5/2.5) = (6/7, 3/4, 3/5)
    //   posterior = 1 + B·(x − 1) = (1 − 6/7, 1, 1 + 6/5) = (1/7, 1, 2.2)
    const s = shrinkTowardCentre(Float64Array.of(0, 1, 3), Float64Array.of(0.25, 0.5, 1), 1);
    expect(s.q).toBe(8);
    expect(s.informative).toBe(3);
    expect(s.betweenVariance).toBe(1.5);
    expect(s.keep[0]).toBeCloseTo(6 / 7, 15);
    expect(s.keep[1]).toBe(0.75);
    expect(s.keep[2]).toBe(0.6);
    expect(s.posterior[0]).toBeCloseTo(1 / 7, 15);
    expect(s.posterior[1]).toBe(1);
    expect(s.posterior[2]).toBeCloseTo(2.2, 15);
  });

  it("pools completely (τ² = 0) when the groups spread no more than their noise", () => {
    // Q = 4·0.25 + 0 + 1·1 = 2 = G − 1: the moment estimate is 0, and every group takes the centre.
    const s = shrinkTowardCentre(Float64Array.of(0.5, 1, 2), Float64Array.of(0.25, 0.5, 1), 1);
    expect(s.q).toBe(2);
    expect(s.betweenVariance).toBe(0);
    expect(Array.from(s.posterior)).toEqual([1, 1, 1]);
  });

  it("gives a group without information (infinite variance) the centre, and leaves it out of τ²", () => {
    const s = shrinkTowardCentre(Float64Array.of(0, 1, 3, 50), Float64Array.of(0.25, 0.5, 1, Infinity), 1);
    expect(s.informative).toBe(3);
    expect(s.betweenVariance).toBe(1.5);
    expect(s.posterior[3]).toBe(1);
    expect(s.keep[3]).toBe(0);
  });

  it("cannot estimate τ² from one informative group, and then pools it completely", () => {
    const s = shrinkTowardCentre(Float64Array.of(5), Float64Array.of(0.1), 1);
    expect(s.betweenVariance).toBe(0);
    expect(s.posterior[0]).toBe(1);
  });

  it("keeps every posterior between the group's estimate and the centre", () => {
    const x = Float64Array.of(-2, 0.3, 4, 9, 1.5), v = Float64Array.of(0.1, 2, 0.5, 3, 0.01);
    const s = shrinkTowardCentre(x, v, 1);
    x.forEach((xg, g) => {
      expect(s.posterior[g]).toBeGreaterThanOrEqual(Math.min(xg, 1));
      expect(s.posterior[g]).toBeLessThanOrEqual(Math.max(xg, 1));
    });
  });
});
