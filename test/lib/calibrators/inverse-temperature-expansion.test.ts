// The Taylor model of the NLL in a (docs/DESIGN.md §5.1, §6.7), on polynomials whose answers are known in closed form.
import { describe, expect, it } from "vitest";
import { modelGradient, modelLevelCrossing, modelLoss, modelStep } from "../../../src/lib/calibrators/inverse-temperature-expansion";
import type { TemperatureExpansion } from "../../../src/core/temperature";

/** The expansion of a quartic N(a) = Σ c_k·(a − at)^k / k! at `at`. */
function quartic(at: number, [loss, gradient, curvature, third, fourth]: number[]): TemperatureExpansion {
  return { at, weight: 1, loss, gradient, curvature, third, fourth, fifth: 0, correct: 0 };
}

describe("modelLoss(e, δ) and modelGradient(e, δ)", () => {
  it("evaluate the quartic Taylor polynomial and its derivative", () => {
    const e = quartic(2, [1, -2, 6, 12, 24]);
    // 1 − 2δ + 3δ² + 2δ³ + δ⁴ at δ = 0.5: 1 − 1 + 0.75 + 0.25 + 0.0625.
    expect(modelLoss(e, 0.5)).toBe(1.0625);
    // −2 + 6δ + 6δ² + 4δ³ at δ = 0.5: −2 + 3 + 1.5 + 0.5.
    expect(modelGradient(e, 0.5)).toBe(3);
  });
});

describe("modelStep(g, H, H₃)", () => {
  it("is the root nearest 0 of g + H·δ + H₃·δ²/2, as a step to subtract", () => {
    // 0.5δ² + 3δ − 2 = 0 → δ = −3 + √13 (the root near 0); step = −δ.
    expect(Math.abs(modelStep(-2, 3, 1) - (3 - Math.sqrt(13)))).toBeLessThan(1e-15);
  });

  it("is Newton's g/H when the quadratic has no real root or the curvature is not positive", () => {
    expect(modelStep(10, 1, 1)).toBe(10);
    expect(modelStep(1, -2, 0.1)).toBe(-0.5);
  });

  it("converges with order three on a smooth convex function: from 1e-2 away it leaves below 1e-6 (Newton: 5e-5)", () => {
    // f(a) = e^a − 2a, minimum at ln 2; derivatives at a: g = e^a − 2, H = e^a, H₃ = e^a.
    const a = Math.LN2 + 1e-2;
    const next = a - modelStep(Math.exp(a) - 2, Math.exp(a), Math.exp(a));
    expect(Math.abs(next - Math.LN2)).toBeLessThan(1e-6);
    const newton = a - (Math.exp(a) - 2) / Math.exp(a);
    expect(Math.abs(newton - Math.LN2)).toBeGreaterThan(4e-5);
  });
});

describe("modelLevelCrossing(e, level, side)", () => {
  it("finds where a quadratic model reaches the level on each side: ±√(2·rise/H)", () => {
    const e = quartic(1, [5, 0, 4, 0, 0]);
    expect(modelLevelCrossing(e, 7, 1)).toBeCloseTo(1, 14);
    expect(modelLevelCrossing(e, 7, -1)).toBeCloseTo(-1, 14);
  });

  it("follows the skew of a cubic model: N = δ² + δ³ reaches 2 at δ = 1 above, and never below", () => {
    const e = quartic(0, [0, 0, 2, 6, 0]);
    expect(modelLevelCrossing(e, 2, 1)).toBeCloseTo(1, 14);
    // Below 0 the model rises to 4/27 at δ = −2/3 and falls after: it never reaches 2, so there is no answer.
    expect(modelLevelCrossing(e, 2, -1)).toBeNaN();
  });

  it("is NaN when the level is not above the model's value at δ = 0", () => {
    expect(modelLevelCrossing(quartic(0, [3, 0, 1, 0, 0]), 3, 1)).toBeNaN();
  });
});
