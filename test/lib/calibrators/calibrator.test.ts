// The reward normalization a fit stores next to its calibrator (rewardNormalizationOf): the population mean and
// standard deviation of the calibrated rewards of every response, checked here with plain arithmetic.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature } from "rmcal";
import { imdbPairs, llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("fitTemperature(pairs, { objective: 'nll' })", () => {
  it("stores reward normalization for per-response input and none for margin-only input", () => {
    const pairs = llmbarPairs("GPT-4");
    const t = fitTemperature(pairs, { rewardClip: 5 });
    const raw = { transform: "raw-calibrated" } as const;
    const r = [...t.reward(pairs.scoreA, raw), ...t.reward(pairs.scoreB, raw)];
    const mean = r.reduce((s, v) => s + v, 0) / r.length;
    const std = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length);
    expect(t.rewardNormalization?.mean).toBeCloseTo(mean, 12);
    expect(t.rewardNormalization?.std).toBeCloseTo(std, 12);
    expect(t.rewardNormalization?.clip).toBe(5);
    expect(t.reward([3], raw)[0]).toBe(3 / t.temperature);
    expect(fitTemperature(imdbPairs()).rewardNormalization).toBeNull();
    expect("rewardNormalization" in fitTemperature(imdbPairs()).toJSON()).toBe(false);
  });
});
