// exportCalibrator (docs/DESIGN.md §5.9): the patch is checked by applying it to a simulated linear head. Random
// W, b and hidden states h give raw rewards W·h + b; the patched head (scale·W)·h + (scale·b + shift) must equal the
// centered calibrated reward of those raw rewards, and OpenRLHF's (r − mean)/std on the unpatched head too.
import { beforeAll, describe, expect, it } from "vitest";
import { init, exportCalibrator, fitTemperature, fitPlatt, fitIsotonic, fitVennAbers, loadCalibrator, type HeadPatch, type OpenRlhfNormalization } from "rmcal";

beforeAll(async () => {
  await init();
});

/** A small seeded generator (a linear congruential one), uniform in [−1, 1). */
function uniforms(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

const DIM = 16, N = 200;
const next = uniforms(7);
const W = Array.from({ length: DIM }, () => next() * 3);
const b = next() * 2;
const hidden = Array.from({ length: N }, () => Array.from({ length: DIM }, () => next() * 4));
const dot = (w: number[], h: number[]) => w.reduce((s, wi, i) => s + wi * h[i], 0);
const raw = hidden.map((h) => dot(W, h) + b);
// Fitting pairs built from the raw rewards: each consecutive two responses make a pair, labelled by which scores higher
// with some noise, so the temperature is not 1.
const scoreA = raw.filter((_, i) => i % 2 === 0), scoreB = raw.filter((_, i) => i % 2 === 1);
const label = scoreA.map((a, i) => ((a - scoreB[i]) * 0.3 + next() * 2 > 0 ? 1 : 0));

function patched(p: HeadPatch): number[] {
  const w = W.map((x) => p.scale * x), bias = p.scale * b + p.shift;
  return hidden.map((h) => dot(w, h) + bias);
}

function expectRelativelyClose(actual: ArrayLike<number>, expected: ArrayLike<number>) {
  const scale = Math.max(...Array.from(expected, Math.abs));
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-12 * scale);
}

describe("exportCalibrator(calibrator, target)", () => {
  it.each([["temperature", () => fitTemperature({ scoreA, scoreB, label })], ["platt", () => fitPlatt({ scoreA, scoreB, label })]])(
    "%s: the patched head emits the centered calibrated rewards, and so does OpenRLHF's (r − mean)/std", (_, fit) => {
      const c = fit();
      const centered = c.reward(raw);
      expect(Math.abs(centered[0] - raw[0])).toBeGreaterThan(1e-3); // the calibration does something
      const head = exportCalibrator(c, "head") as HeadPatch;
      expectRelativelyClose(patched(head), centered);
      const trl = exportCalibrator(c, "trl") as HeadPatch;
      expect([trl.scale, trl.shift]).toEqual([head.scale, head.shift]);
      expect(trl.notes.join(" ")).toMatch(/center_rewards_coefficient only adds coefficient·mean\(\(r_chosen \+ r_rejected\)²\)/);
      const o = exportCalibrator(c, "openrlhf") as OpenRlhfNormalization;
      expectRelativelyClose(raw.map((r) => (r - o.mean) / o.std), centered);
    });

  it("temperature: W′ = W/T, b′ = b/T − mean; OpenRLHF mean = T·mean(r/T), std = T", () => {
    const t = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: 4, rewardNormalization: { mean: 0.75, std: 2, clip: 3 } });
    expect(exportCalibrator(t, "head")).toMatchObject({ target: "head", scale: 0.25, shift: -0.75, clip: 3 });
    expect(exportCalibrator(t, "openrlhf")).toMatchObject({ target: "openrlhf", mean: 3, std: 4, clip: 3 });
    expect(exportCalibrator(t, "head").notes.join(" ")).toMatch(/clip the rewards to \[−3, 3\] in the trainer/);
  });

  it("refuses isotonic (no affine patch), a calibrator without a reward mean, α ≤ 0 for OpenRLHF, and an unknown target", () => {
    expect(() => exportCalibrator(fitIsotonic({ scoreA, scoreB, label }), "head")).toThrow(/calibrator is isotonic: .*no patch of a linear layer or mean\/std reproduces it; serve its rewards through rmcal/);
    expect(() => exportCalibrator(fitVennAbers({ scoreA, scoreB, label }), "openrlhf")).toThrow(/calibrator is venn-abers: .*no patch of a linear layer/);
    const bare = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: 2 });
    expect(() => exportCalibrator(bare, "openrlhf")).toThrow(/calibrator stores no reward mean/);
    const inverted = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "platt", scale: -1, bias: 0, rewardNormalization: { mean: 0, std: 1, clip: null } });
    expect(() => exportCalibrator(inverted, "openrlhf")).toThrow(/calibrator\.scale is -1; OpenRLHF divides by std = 1\/α, which needs α > 0/);
    expect(() => exportCalibrator(bare, "deepspeed" as "head")).toThrow(/target/);
  });
});
