// The temperature calibrator object (temperatureCalibrator): predict(margins) = σ(d/T), checked against
// Math.exp, frozen, and validating its input.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature } from "rmcal";
import { llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("fitTemperature(pairs, { objective: 'nll' })", () => {
  it("predict(margins) is σ(d/T) and the calibrator is frozen", () => {
    const t = fitTemperature(llmbarPairs("GPT-4"));
    const p = t.predict([0, 2, -2]);
    expect(p[0]).toBe(0.5);
    expect(Math.abs(p[1] - 1 / (1 + Math.exp(-2 / t.temperature)))).toBeLessThan(1e-15);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.fit)).toBe(true);
    expect(() => t.predict([NaN])).toThrow(/margins\[0\] is NaN/);
  });
});
