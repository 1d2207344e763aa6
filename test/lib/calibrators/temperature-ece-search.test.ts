// fitTemperature's ECE objective (searchTemperatureByEce): its result is compared with assess's ECE at T = 1, at the
// NLL optimum and at nearby temperatures.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, assess } from "rmcal";
import { imdbPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
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

describe("fitTemperature(pairs, { objective: 'ece' }) where T = 1 is exactly calibrated", () => {
  // Four pairs of margin ln 3: confidence σ(ln 3) = 3/4 in the folded view, and three of the four labels agree with
  // the margin, so ECE(T = 1) = |3/4 − 3/4| = 0 up to rounding, while T ≥ 2 moves σ(ln 3 / T) away from 3/4.
  const d = Math.log(3);
  const pairs = { margin: [d, d, d, d], label: [1, 1, 1, 0] };

  it("never returns T = 1 when the bounds exclude it; here the best T is the lower bound", () => {
    // For T in [2, 10], σ(ln 3 / T) falls from σ(ln 3 / 2) = √3/(1 + √3) ≈ 0.634 towards 1/2: the gap to 3/4 grows with T.
    const t = fitTemperature(pairs, { objective: "ece", bounds: [2, 10] });
    expect(t.temperature).toBe(2);
    expect(t.atBound).toBe("lower");
    expect(t.fit?.eceAfter).toBeCloseTo(0.75 - Math.sqrt(3) / (1 + Math.sqrt(3)), 12);
    expect(t.message).toBe("the lowest ECE was found at your lower bound options.bounds[0] = 2 (accuracy 0.750); widen options.bounds to search further");
  });
});

describe("fitTemperature(pairs, { objective: 'ece', view: 'oriented' }) when the ECE has no finite optimum", () => {
  it("returns the upper bound with the ECE there, once the best T squeezes every probability near ½", () => {
    // Labels on both sides of ½: the oriented ECE tends to |ȳ − ½| = 0 as T grows.
    const pairs = { margin: [-2, -1, -0.5, 0.5, 1, 2], label: [0, 1, 0, 1, 0, 1] };
    const t = fitTemperature(pairs, { objective: "ece", view: "oriented", bins: 15 });
    expect(t.atBound).toBe("upper");
    expect(t.temperature).toBe(1e3);
    expect(t.fit?.eceAfter).toBe(assess(pairs, { view: "oriented", bins: 15, temperature: 1e3 }).ece);
    expect(t.message).toMatch(/use view: "folded"/);
  });
});
