// The Platt calibrator object (plattCalibrator): predict(margins) = σ(α·d + β), checked against Math.exp, and
// reward(r) = α·r.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitPlatt } from "rmcal";
import { llmbarPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("fitPlatt(pairs)", () => {
  it("predict is σ(α·d + β) and reward is α·r (the bias is an order effect, not a reward)", () => {
    const p = fitPlatt(llmbarPairs("GPT-4"));
    const [q] = p.predict([3]);
    expect(Math.abs(q - 1 / (1 + Math.exp(-(p.scale * 3 + p.bias))))).toBeLessThan(1e-15);
    expect(p.reward([2, -4], { transform: "raw-calibrated" })).toEqual(Float64Array.from([p.scale * 2, p.scale * -4]));
    expect(p.rewardNormalization).not.toBeNull();
  });
});
