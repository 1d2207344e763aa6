// The reward transforms of docs/DESIGN.md §5.6. The point of the default: T no longer cancels. The same raw scores
// under T = 1 and T = 3 give centered rewards differing by exactly a factor of 3 (up to rounding of the division),
// while the whitened rewards are equal, because dividing by the std of r/T undoes the temperature.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, fitPlatt, loadCalibrator } from "rmcal";

beforeAll(async () => {
  await init();
});

// Fixed scores (no randomness needed): chosen responses score higher on most pairs.
const scoreA = [2.1, 0.4, 3.3, -0.7, 1.8, 2.9, 0.1, 1.2, -1.5, 2.2];
const scoreB = [0.3, 0.9, 1.1, -1.9, 2.5, 0.8, -0.6, 1.4, -2.1, 0.2];
const label = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1];

/** A temperature calibrator at T with the normalization a fit stores: weighted mean and population std of r/T. */
function atTemperature(temperature: number) {
  const r = [...scoreA, ...scoreB].map((s) => s / temperature);
  const mean = r.reduce((s, v) => s + v, 0) / r.length;
  const std = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / r.length);
  return loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature, rewardNormalization: { mean, std, clip: null } });
}

describe("calibrator.reward(scores, { transform })", () => {
  const probe = [3.7, -0.4, 1.1, 0.9, -2.6];

  it("centered rewards under T = 1 are 3 times those under T = 3; whitened rewards are equal (T cancels)", () => {
    const one = atTemperature(1), three = atTemperature(3);
    const c1 = one.reward(probe), c3 = three.reward(probe);
    c1.forEach((v, i) => expect(Math.abs(v - 3 * c3[i])).toBeLessThan(1e-14 * Math.max(1, Math.abs(v))));
    expect(c1[0]).not.toBeCloseTo(c3[0], 3);
    const w1 = one.reward(probe, { transform: "whitened" }), w3 = three.reward(probe, { transform: "whitened" });
    w1.forEach((v, i) => expect(Math.abs(v - w3[i])).toBeLessThan(1e-14 * Math.max(1, Math.abs(v))));
  });

  it("centered is r/T − mean, raw-calibrated is r/T, whitened is (r/T − mean)/std", () => {
    const t = atTemperature(2);
    const { mean, std } = t.rewardNormalization!;
    expect(Array.from(t.reward(probe))).toEqual(probe.map((r) => r / 2 - mean));
    expect(Array.from(t.reward(probe, { transform: "raw-calibrated" }))).toEqual(probe.map((r) => r / 2));
    expect(Array.from(t.reward(probe, { transform: "whitened" }))).toEqual(probe.map((r) => (r / 2 - mean) / std));
  });

  it("Platt centers α·r − mean, with the bias left out (an order effect)", () => {
    const p = fitPlatt({ scoreA, scoreB, label });
    const { mean } = p.rewardNormalization!;
    expect(Array.from(p.reward(probe))).toEqual(probe.map((r) => p.scale * r - mean));
  });

  it("per-prompt subtracts the mean calibrated reward of each prompt's responses", () => {
    const t = atTemperature(2);
    const out = t.reward([1, 3, 10, 20, 30], { transform: "per-prompt", prompts: ["a", "a", 7, 7, 7] });
    // prompt "a": 0.5, 1.5 → mean 1; prompt 7: 5, 10, 15 → mean 10.
    expect(Array.from(out)).toEqual([-0.5, 0.5, -5, 0, 5]);
  });

  it("clips in log-odds units after the transform; the fit's rewardClip is the default clip", () => {
    const t = atTemperature(1);
    const { mean } = t.rewardNormalization!;
    expect(Array.from(t.reward([100, -100, 1], { clip: 2 }))).toEqual([2, -2, 1 - mean]);
    const fitted = fitTemperature({ scoreA, scoreB, label }, { rewardClip: 0.5 });
    fitted.reward([100, -100]).forEach((v, i) => expect(v).toBe(i === 0 ? 0.5 : -0.5));
    expect(Array.from(fitted.reward([100], { clip: null }))[0]).toBeGreaterThan(0.5);
  });

  it("refuses what it cannot do, naming the option", () => {
    const bare = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: 2 });
    expect(() => bare.reward([1])).toThrow(/options\.transform is "centered", but this calibrator stores no reward mean and std/);
    expect(Array.from(bare.reward([1], { transform: "raw-calibrated" }))).toEqual([0.5]);
    const t = atTemperature(1);
    expect(() => t.reward([1], { transform: "per-prompt" })).toThrow(/options\.prompts is missing/);
    expect(() => t.reward([1, 2], { transform: "per-prompt", prompts: ["a"] })).toThrow(/options\.prompts has length 1 but scores has length 2/);
    expect(() => t.reward([1], { transform: "per-prompt", prompts: [null as unknown as string] })).toThrow(/options\.prompts\[0\] is null; a prompt id must be/);
    expect(() => t.reward([1], { prompts: ["a"] })).toThrow(/options\.prompts is only used by transform "per-prompt"/);
    expect(() => t.reward([1], { transform: "tempered" as "centered" })).toThrow(/options\.transform/);
    expect(() => t.reward([1], { clip: 0 })).toThrow(/options\.clip is 0/);
  });

  it("isotonic keeps its reference-response reward by default, and centers on request", () => {
    const iso = loadCalibrator({
      format: "rmcal.calibrator", version: 2, kind: "isotonic", x: [-1, 1], y: [0.2, 0.8],
      rewardNormalization: { mean: 0.1, std: 1, clip: null, reference: 0 },
    });
    const raw = iso.reward([0, 1]);
    expect(raw[0]).toBeCloseTo(0, 12);
    expect(raw[1]).toBeCloseTo(Math.log(0.8 / 0.2), 12);
    expect(Array.from(iso.reward([0, 1], { transform: "centered" }))).toEqual(Array.from(raw, (v) => v - 0.1));
  });
});
