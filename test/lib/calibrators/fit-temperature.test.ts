// fitTemperature against scipy (test/reference-values/temperature.json, made by scripts/reference/temperature.py:
// brentq on the exact derivative of the NLL in a = 1/T, xtol 1e-15) and against the plain-TypeScript
// reference in test/reference/temperature.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, loadCalibrator, assess } from "rmcal";
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

  it("stores reward normalization for per-response input and none for margin-only input", () => {
    const pairs = llmbarPairs("GPT-4");
    const t = fitTemperature(pairs, { rewardClip: 5 });
    const r = [...t.reward(pairs.scoreA), ...t.reward(pairs.scoreB)];
    const mean = r.reduce((s, v) => s + v, 0) / r.length;
    const std = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length);
    expect(t.rewardNormalization?.mean).toBeCloseTo(mean, 12);
    expect(t.rewardNormalization?.std).toBeCloseTo(std, 12);
    expect(t.rewardNormalization?.clip).toBe(5);
    expect(t.reward([3])[0]).toBe(3 / t.temperature);
    expect(fitTemperature(imdbPairs()).rewardNormalization).toBeNull();
    expect("rewardNormalization" in fitTemperature(imdbPairs()).toJSON()).toBe(false);
  });

  it("predict(margins) is σ(d/T) and the calibrator is frozen", () => {
    const t = fitTemperature(llmbarPairs("GPT-4"));
    const p = t.predict([0, 2, -2]);
    expect(p[0]).toBe(0.5);
    expect(Math.abs(p[1] - 1 / (1 + Math.exp(-2 / t.temperature)))).toBeLessThan(1e-15);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.fit)).toBe(true);
    expect(() => t.predict([NaN])).toThrow(/margins\[0\] is NaN/);
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

  it("rejects invalid options, naming them", () => {
    const pairs = { margin: [1, -1], label: [1, 1] };
    expect(() => fitTemperature(pairs, { bounds: [0, 10] })).toThrow(/options\.bounds\[0\]/);
    expect(() => fitTemperature(pairs, { bounds: [2, 1] })).toThrow(/options\.bounds\[1\]/);
    expect(() => fitTemperature(pairs, { objective: "mse" as "nll" })).toThrow(/options\.objective/);
    expect(() => fitTemperature({ margin: [1, NaN], label: [1, 1] })).toThrow(/pairs\.margin\[1\] is NaN/);
  });
});

describe("fitTemperature(pairs, { objective: 'ece' })", () => {
  it("never returns a higher ECE than T = 1 or the NLL optimum, both of which it evaluates", () => {
    const pairs = imdbPairs();
    const t = fitTemperature(pairs, { objective: "ece" });
    const nllT = fitTemperature(pairs).temperature;
    const ece = (temperature: number) => assess(pairs, { temperature }).ece;
    expect(ece(t.temperature)).toBe(t.fit?.eceAfter);
    expect(ece(t.temperature)).toBeLessThanOrEqual(ece(1));
    expect(ece(t.temperature)).toBeLessThanOrEqual(ece(nllT));
    expect(t.fit?.eceBefore).toBe(ece(1));
    for (const factor of [0.9, 0.99, 1.01, 1.1]) {
      // Not a certificate of a global optimum: a local check that the search ended in a good place.
      expect(ece(t.temperature)).toBeLessThanOrEqual(ece(t.temperature * factor) + 2e-3);
    }
  });
});

describe("loadCalibrator(json) for temperature", () => {
  it("round-trips through JSON bit-identically", () => {
    const t = fitTemperature(llmbarPairs("GPT-4"));
    const json = JSON.parse(JSON.stringify(t));
    expect(json.format).toBe("rmcal.calibrator");
    expect(json.version).toBe(1);
    expect(json.kind).toBe("temperature");
    expect(json.temperature).toBe(t.temperature);
    expect(json.fit.iterations).toBe(t.iterations);
    const again = loadCalibrator(json);
    const margins = Float64Array.from({ length: 1000 }, (_, i) => (i - 500) / 37);
    expect(again.predict(margins)).toEqual(t.predict(margins));
    expect(again.reward(margins)).toEqual(t.reward(margins));
    expect(JSON.stringify(again)).toBe(JSON.stringify(t));
    expect(loadCalibrator(JSON.stringify(t)).toJSON()).toEqual(t.toJSON());
  });

  it("refuses other formats, versions and invalid parameters, naming the field", () => {
    const good = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 };
    expect(() => loadCalibrator({ ...good, format: "other" })).toThrow(/calibrator\.format/);
    expect(() => loadCalibrator({ ...good, version: 2 })).toThrow(/calibrator\.version is 2/);
    expect(() => loadCalibrator({ ...good, kind: "beta" })).toThrow(/calibrator\.kind/);
    expect(() => loadCalibrator({ ...good, temperature: undefined })).toThrow(/calibrator\.temperature is missing/);
    expect(() => loadCalibrator({ ...good, temperature: -1 })).toThrow(/calibrator\.temperature is -1/);
    expect(() => loadCalibrator({ ...good, temperature: "2" })).toThrow(/calibrator\.temperature/);
    expect(() => loadCalibrator({ ...good, rewardNormalization: { mean: 0, std: "x" } })).toThrow(/rewardNormalization\.std/);
    expect(() => loadCalibrator("{not json")).toThrow(/not JSON/);
    expect(() => loadCalibrator(null)).toThrow(/calibrator must be an object/);
  });
});
