// fitIsotonic: the pairwise isotonic calibrator (antisymmetry, agreement with fitIsotonicRegression on the
// doubled data, rewards, JSON round trip).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitIsotonic, fitIsotonicRegression, loadCalibrator } from "rmcal";
import { llmbarPairs, imdbPairs } from "../../helpers/calibrator-data";
import { mulberry32 } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

/** Simulated soft-labelled pairs: margins ~ N(0, 2²)-ish, labels σ(d/2) shares of 4 annotators. */
function simulatedPairs(n: number, seed: number) {
  const random = mulberry32(seed);
  const margin = new Float64Array(n), label = new Float64Array(n), weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = Math.round((random() + random() + random() - 1.5) * 40) / 10;
    const p = 1 / (1 + Math.exp(-margin[i] / 2));
    let votes = 0;
    for (let k = 0; k < 4; k++) votes += random() < p ? 1 : 0;
    label[i] = votes / 4;
    weight[i] = random() < 0.1 ? 0 : 0.5 + random();
  }
  return { margin, label, weight };
}

describe("fitIsotonic(pairs, { symmetric: true })", () => {
  it("is antisymmetric, g(−d) = 1 − g(d), to 1e-12, and monotone in [0, 1]", () => {
    for (const pairs of [simulatedPairs(3000, 1), llmbarPairs("GPT-4"), imdbPairs()]) {
      const iso = fitIsotonic(pairs);
      const d = Float64Array.from({ length: 2001 }, (_, i) => (i - 1000) / 50);
      const g = iso.predict(d);
      const mirrored = iso.predict(d.map((v) => -v));
      for (let i = 0; i < d.length; i++) {
        expect(Math.abs(g[i] + mirrored[i] - 1)).toBeLessThanOrEqual(1e-12);
        expect(g[i]).toBeGreaterThanOrEqual(0);
        expect(g[i]).toBeLessThanOrEqual(1);
        if (i > 0) expect(g[i]).toBeGreaterThanOrEqual(g[i - 1]);
      }
      // Thresholds mirror each other (0 - v, not -v, so that the threshold 0 maps to +0).
      expect(iso.x.map((v) => 0 - v).reverse()).toEqual([...iso.x]);
    }
  });

  it("equals scikit-learn-style isotonic regression on the doubled data where that is already antisymmetric", () => {
    const pairs = simulatedPairs(2000, 2);
    const n = pairs.margin.length;
    const x = [...pairs.margin, ...pairs.margin.map((d) => -d)];
    const y = [...pairs.label, ...pairs.label.map((v) => 1 - v)];
    const w = [...pairs.weight, ...pairs.weight];
    const model = fitIsotonicRegression(x, y, { sampleWeight: w, yMin: 0, yMax: 1, outOfBounds: "clip" });
    const iso = fitIsotonic(pairs);
    const grid = Float64Array.from({ length: 401 }, (_, i) => (i - 200) / 25);
    const a = model.predict(grid), b = iso.predict(grid);
    for (let i = 0; i < grid.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12);
    expect(iso.fit?.n).toBe(n);
  });

  it("symmetric: false fits the pairs as oriented", () => {
    const pairs = { margin: [-1, 0, 1, 2], label: [0.2, 0.9, 0.4, 1] };
    const iso = fitIsotonic(pairs, { symmetric: false });
    const model = fitIsotonicRegression(pairs.margin, pairs.label, { yMin: 0, yMax: 1, outOfBounds: "clip" });
    expect([...iso.predict([-5, -1, 0.5, 1.5, 9])]).toEqual([...model.predict([-5, -1, 0.5, 1.5, 9])]);
  });

  it("reward(scores, { reference }) is logit(clip(g(r − r_ref), 1e-6, 1 − 1e-6))", () => {
    const pairs = llmbarPairs("GPT-4");
    const iso = fitIsotonic(pairs);
    const scores = [0, 3, 7, 10, -50];
    const r = iso.reward(scores, { reference: 5 });
    const g = iso.predict(scores.map((s) => s - 5));
    scores.forEach((_, i) => {
      const p = Math.min(Math.max(g[i], 1e-6), 1 - 1e-6);
      expect(Math.abs(r[i] - Math.log(p / (1 - p)))).toBeLessThan(1e-12);
    });
    // The stored reference (the mean per-response score of the fitting data) is the default.
    const ref = iso.rewardNormalization?.reference as number;
    const mean = (pairs.scoreA.reduce((s, v) => s + v, 0) + pairs.scoreB.reduce((s, v) => s + v, 0)) / (2 * pairs.label.length);
    expect(ref).toBeCloseTo(mean, 12);
    expect(iso.reward([7])).toEqual(iso.reward([7], { reference: ref }));
    const margins = fitIsotonic({ margin: pairs.scoreA.map((a, i) => a - pairs.scoreB[i]), label: pairs.label });
    expect(margins.rewardNormalization).toBeNull();
    expect(() => margins.reward([1])).toThrow(/options\.reference is missing/);
  });
});

describe("loadCalibrator(json) for isotonic", () => {
  it("round-trips bit-identically and refuses unsorted or invalid thresholds", () => {
    const iso = fitIsotonic(simulatedPairs(1500, 3));
    const json = JSON.parse(JSON.stringify(iso));
    expect(json).toMatchObject({ format: "rmcal.calibrator", version: 1, kind: "isotonic" });
    const again = loadCalibrator(json);
    const d = Float64Array.from({ length: 3001 }, (_, i) => (i - 1500) / 97);
    expect(again.predict(d)).toEqual(iso.predict(d));
    expect(JSON.stringify(again)).toBe(JSON.stringify(iso));
    const { x, y } = json;
    expect(() => loadCalibrator({ ...json, x: [x[1], x[0], ...x.slice(2)] })).toThrow(/calibrator\.x\[1\].*strictly increasing/);
    expect(() => loadCalibrator({ ...json, y: y.slice(1) })).toThrow(/calibrator\.y has length/);
    expect(() => loadCalibrator({ ...json, y: [2, ...y.slice(1)] })).toThrow(/calibrator\.y\[0\] is 2/);
    expect(() => loadCalibrator({ ...json, x: undefined })).toThrow(/calibrator\.x is missing/);
    expect(() => loadCalibrator({ ...json, x: [null, ...x.slice(1)] })).toThrow(/calibrator\.x\[0\]/);
  });
});
