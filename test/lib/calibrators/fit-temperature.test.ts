// fitTemperature against scipy (test/reference-values/temperature.json, made by scripts/reference/temperature.py:
// brentq on the exact derivative of the NLL in a = 1/T, xtol 1e-15) and against the plain-TypeScript
// reference in test/reference/temperature.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature } from "rmcal";
import reference from "../../reference-values/temperature.json";
import { imdbPairs, llmbarPairs } from "../../helpers/calibrator-data";
import { referenceTemperatureNll, referenceInverseTemperatureBisection } from "../../reference/temperature";

beforeAll(async () => {
  await init();
});

describe("fitTemperature(pairs, { objective: 'nll' })", () => {
  it("agrees with scipy's minimization of the NLL on IMDB logits to 1e-6 relative", () => {
    const t = fitTemperature(imdbPairs());
    expect(t.kind).toBe("temperature");
    expect(t.converged).toBe(true);
    expect(t.atBound).toBeNull();
    expect(t.message).toBeNull();
    const want = reference.imdb.temperature as number;
    expect(Math.abs(t.temperature - want) / want).toBeLessThan(1e-6);
    expect(Math.abs(t.nllAfter - (reference.imdb.nll as number)) / (reference.imdb.nll as number)).toBeLessThan(1e-9);
    expect(Math.abs(t.nllBefore - (reference.imdb.nllAtOne as number))).toBeLessThan(1e-12);
    expect(t.iterations).toBeLessThanOrEqual(12);
  });

  it("agrees with scipy on LLMBar GPT-4 ratings and with the TypeScript bisection reference", () => {
    const pairs = llmbarPairs("GPT-4");
    const t = fitTemperature(pairs);
    const want = reference.llmbarGPT4.temperature as number;
    expect(Math.abs(t.temperature - want) / want).toBeLessThan(1e-6);
    const margin = pairs.scoreA.map((a, i) => a - pairs.scoreB[i]);
    const a = referenceInverseTemperatureBisection(margin, pairs.label);
    expect(Math.abs(1 / a - t.temperature) / t.temperature).toBeLessThan(1e-9);
    expect(Math.abs(referenceTemperatureNll(margin, pairs.label, t.temperature) - t.nllAfter)).toBeLessThan(1e-12);
  });

  it("reports atBound 'upper' with a readable message on LLMBar ChatGPT ratings (chance level)", () => {
    const t = fitTemperature(llmbarPairs("ChatGPT"));
    expect(reference.llmbarChatGPT.atBound).toBe("upper");
    expect(t.atBound).toBe("upper");
    expect(t.temperature).toBe(1e3);
    expect(t.message).toMatch(/no preference signal on this data: accuracy 0\.486/);
    expect(t.message).toMatch(/upper bound T = 1000/);
    expect(t.nllAfter).toBeLessThan(t.nllBefore);
  });

  it("reports atBound 'lower' on separable pairs, honouring custom bounds", () => {
    const t = fitTemperature({ margin: [1, 2, -3, 0.5], label: [1, 1, 0, 1] }, { bounds: [0.01, 100] });
    expect(t.atBound).toBe("lower");
    expect(t.temperature).toBe(0.01);
    expect(t.message).toMatch(/separable/);
  });

  it("reports atBound 'lower' on separable pairs whose NLL gradient underflows to 0 before the bound", () => {
    // With default bounds Newton reaches T ≈ 0.046, where σ(1.7/T) rounds to 1 and the gradient is exactly 0:
    // a zero gradient there is underflow, not an optimum. The tied pair adds log 2 whatever T is.
    const t = fitTemperature({ chosen: [2.1, 1.5], rejected: [0.4, 1.5] });
    expect(t.atBound).toBe("lower");
    expect(t.temperature).toBe(1e-3);
    expect(t.message).toMatch(/separable/);
  });

  it("reports atBound 'upper' on inverted scores (a negative optimum)", () => {
    const t = fitTemperature({ margin: [1, 2, 3, -1, -2], label: [0, 0, 1, 1, 1] });
    expect(t.atBound).toBe("upper");
    expect(t.message).toMatch(/accuracy 0\.200 \(below chance/);
  });

  it("treats an integer weight as that many copies of the pair", () => {
    const pairs = llmbarPairs("GPT-4");
    const n = pairs.label.length;
    const weight = Float64Array.from({ length: n }, (_, i) => (i % 3) % 2 === 0 ? 2 : 1);
    const copies = { scoreA: [] as number[], scoreB: [] as number[], label: [] as number[] };
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < weight[i]; c++) {
        copies.scoreA.push(pairs.scoreA[i]);
        copies.scoreB.push(pairs.scoreB[i]);
        copies.label.push(pairs.label[i]);
      }
    }
    const weighted = fitTemperature({ ...pairs, weight });
    const duplicated = fitTemperature(copies);
    expect(Math.abs(weighted.temperature - duplicated.temperature) / duplicated.temperature).toBeLessThan(1e-10);
    expect(Math.abs(weighted.nllAfter - duplicated.nllAfter)).toBeLessThan(1e-12);
    expect(Math.abs(weighted.temperature - fitTemperature(pairs).temperature)).toBeGreaterThan(1e-6);
  });

  it("says so when every margin is 0 (the temperature has no effect)", () => {
    const t = fitTemperature({ margin: [0, 0, 0], label: [1, 0, 1] });
    expect(t.temperature).toBe(1);
    expect(t.message).toMatch(/every margin is 0/);
  });

  it("names the caller's bound when the fit stops there, instead of blaming the signal", () => {
    // The NLL optimum of these pairs is T ≈ 1.727 (the doc example): both bounds below cut it off.
    const pairs = { margin: [2, -1, 3, 0.5], label: [1, 1, 1, 0] };
    const upper = fitTemperature(pairs, { bounds: [0.01, 1] });
    expect(upper.atBound).toBe("upper");
    expect(upper.message).toMatch(/^T reached your upper bound options\.bounds\[1\] = 1 \(accuracy 0\.500\); .*raise options\.bounds\[1\]/);
    expect(upper.message).not.toMatch(/signal/);
    const lower = fitTemperature(pairs, { bounds: [3, 10] });
    expect(lower.atBound).toBe("lower");
    expect(lower.message).toMatch(/^T reached your lower bound options\.bounds\[0\] = 3 .*lower options\.bounds\[0\]/);
    expect(lower.message).not.toMatch(/separable/);
    const ece = fitTemperature(pairs, { objective: "ece", bounds: [0.01, 1] });
    if (ece.atBound === "upper") expect(ece.message).toMatch(/your upper bound options\.bounds\[1\] = 1/);
  });

  it("rejects invalid options, naming them", () => {
    const pairs = { margin: [1, -1], label: [1, 1] };
    expect(() => fitTemperature(pairs, { bounds: [0, 10] })).toThrow(/options\.bounds\[0\]/);
    expect(() => fitTemperature(pairs, { bounds: [2, 1] })).toThrow(/options\.bounds\[1\]/);
    expect(() => fitTemperature(pairs, { objective: "mse" as "nll" })).toThrow(/options\.objective/);
    expect(() => fitTemperature({ margin: [1, NaN], label: [1, 1] })).toThrow(/pairs\.margin\[1\] is NaN/);
  });
});

describe("fitTemperature(pairs, { rewardClip })", () => {
  it("options.rewardClip: null or absent stores no clip; it must otherwise be a finite number > 0", () => {
    const pairs = { scoreA: [2, 0.5, 1], scoreB: [0, 1, 1.5], label: [1, 0, 1] };
    expect(fitTemperature(pairs, { rewardClip: null }).rewardNormalization?.clip).toBeNull();
    expect(fitTemperature(pairs).rewardNormalization?.clip).toBeNull();
    expect(fitTemperature(pairs, { rewardClip: 0.5 }).rewardNormalization?.clip).toBe(0.5);
    for (const bad of [0, -1, Infinity]) {
      expect(() => fitTemperature(pairs, { rewardClip: bad })).toThrow(/^options\.rewardClip is .*; it must be a finite number > 0, or null for no clip$/);
    }
  });
});

describe("fitTemperature(pairs, { objective: 'ece', view: 'oriented' })", () => {
  // A/B pairs with labels on both sides: the oriented ECE falls as every probability tends to ½.
  let state = 7;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const margin: number[] = [], label: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const d = 6 * random() - 3;
    margin.push(d);
    label.push(random() < 1 / (1 + Math.exp(-d / 1.5)) ? 1 : 0);
  }

  it("reports the degenerate fit at the upper bound, pointing to the folded view", () => {
    const t = fitTemperature({ margin, label }, { objective: "ece", view: "oriented" });
    expect(t.atBound).toBe("upper");
    expect(t.temperature).toBe(1e3);
    expect(t.message).toMatch(/oriented view .* no finite optimum, and the fit stopped at the upper bound T = 1000; use view: "folded"/);
    const small = fitTemperature({ margin: margin.slice(0, 200), label: label.slice(0, 200) }, { objective: "ece", view: "oriented", bounds: [0.01, 100] });
    expect(small.atBound).toBe("upper");
    expect(small.message).toMatch(/stopped at your upper bound options\.bounds\[1\] = 100; use view: "folded"/);
  });

  it("leaves the folded view's interior optimum alone", () => {
    const t = fitTemperature({ margin, label }, { objective: "ece" });
    expect(t.atBound).toBeNull();
    expect(t.message).toBeNull();
    expect(t.temperature).toBeGreaterThan(1);
    expect(t.temperature).toBeLessThan(2);
  });
});
