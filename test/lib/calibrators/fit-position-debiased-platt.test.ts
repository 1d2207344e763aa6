// fitPositionDebiasedPlatt: the jointly fitted α with β moved out of the predictions, so that swapping a pair's
// sides flips its probability exactly; an ordinary Platt calibrator in JSON.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitPlatt, fitPositionDebiasedPlatt, fitTemperature, loadCalibrator } from "rmcal";
import { mulberry32, normal } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

/** Both orders of each pair, margins first − second with a first-position bonus of 1. */
function judged(pairs: number, seed: number) {
  const random = mulberry32(seed);
  const margin: number[] = [], label: number[] = [];
  for (let k = 0; k < pairs; k++) {
    const z = 2 * normal(random), y = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    margin.push(z + 1 + 0.5 * normal(random), -z + 1 + 0.5 * normal(random));
    label.push(y, 1 - y);
  }
  return { margin, label };
}

describe("fitPositionDebiasedPlatt(pairs)", () => {
  it("keeps fitPlatt's α and moves its β into positionBias, predicting σ(α·d)", () => {
    const pairs = judged(500, 4);
    const platt = fitPlatt(pairs), debiased = fitPositionDebiasedPlatt(pairs);
    expect(debiased.kind).toBe("platt");
    expect(debiased.scale).toBe(platt.scale);
    expect(debiased.bias).toBe(0);
    expect(debiased.positionBias).toBe(platt.bias);
    expect(debiased.positionBiasInterval).toEqual(platt.betaInterval);
    const d = [-3, -0.5, 0, 0.5, 3];
    const p = debiased.predict(d), mirrored = debiased.predict(d.map((x) => -x));
    d.forEach((_, i) => expect(p[i] + mirrored[i]).toBe(1));
    expect(p[2]).toBe(0.5);
  });

  it("has a larger slope than a fit that forces β = 0 (temperature), which the bonus would attenuate", () => {
    const pairs = judged(2000, 9);
    const debiased = fitPositionDebiasedPlatt(pairs);
    const temperature = fitTemperature(pairs);
    expect(debiased.scale).toBeGreaterThan(1 / temperature.temperature);
  });

  it("round-trips through JSON as a Platt calibrator that remembers the removed bias", () => {
    const debiased = fitPositionDebiasedPlatt(judged(200, 1));
    const loaded = loadCalibrator(JSON.parse(JSON.stringify(debiased)));
    expect(loaded.kind).toBe("platt");
    expect(loaded.predict([1.5])).toEqual(debiased.predict([1.5]));
    expect(loaded.fit?.positionBias).toBe(debiased.positionBias);
    expect(loaded.fit?.debiased).toBe(true);
  });

  it("refuses chosen/rejected pairs as fitPlatt does", () => {
    expect(() => fitPositionDebiasedPlatt({ chosen: [1, 2], rejected: [0, 0] })).toThrow(/use fitTemperature/);
  });
});
