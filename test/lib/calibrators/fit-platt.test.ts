// fitPlatt against scipy (test/reference-values/platt.json, made by scripts/reference/platt.py: trust-exact
// Newton on the exact gradient and Hessian of the mean NLL of σ(α·d + β)).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitPlatt } from "rmcal";
import reference from "../../reference-values/platt.json";
import { imdbPairs, llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("fitPlatt(pairs)", () => {
  it("agrees with scipy's minimization of the oriented NLL (IMDB logits, LLMBar GPT-4 ratings)", () => {
    for (const [pairs, want] of [[imdbPairs(), reference.imdb], [llmbarPairs("GPT-4"), reference.llmbarGPT4]] as const) {
      const p = fitPlatt(pairs);
      expect(p.kind).toBe("platt");
      expect(p.converged).toBe(true);
      expect(relative(p.scale, want.scale)).toBeLessThan(1e-7);
      expect(Math.abs(p.bias - want.bias)).toBeLessThan(1e-8);
      expect(relative(p.nllAfter, want.nll)).toBeLessThan(1e-12);
      expect(relative(p.nllBefore, want.nllBefore)).toBeLessThan(1e-12);
    }
  });

  it("refuses labels all on one side of 0.5 and points to fitTemperature", () => {
    expect(() => fitPlatt({ chosen: [1, 2], rejected: [0, 0] })).toThrow(/use fitTemperature/);
    expect(() => fitPlatt({ margin: [1, -2, 3], label: [1, 0.5, 0.75] })).toThrow(/every label is ≥ 0\.5.*fitTemperature/);
    expect(() => fitPlatt({ margin: [1, -2, 3], label: [0, 0.5, 0.25] })).toThrow(/every label is ≤ 0\.5/);
  });

  it("reports non-convergence on pairs separable by α·d + β", () => {
    const p = fitPlatt({ margin: [-2, -1, 1, 2], label: [0, 0, 1, 1] });
    expect(p.converged).toBe(false);
    expect(p.message).toMatch(/separable/);
  });
});
