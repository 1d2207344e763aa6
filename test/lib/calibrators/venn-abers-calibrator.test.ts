// The Venn–Abers calibrator object (vennAbersCalibrator): the table lookup and its tie rule, antisymmetry, the JSON
// round trip, extrapolation reports, and reward(scores) = logit(clip(p(r − r_ref))) checked against Math.log of its
// own merged p.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitVennAbers, loadCalibrator, type VennAbersCalibrator, type ExtrapolationReport } from "rmcal";
import { llmbarPairs, imdbPairs, simulatedSoftPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("vennAbersCalibrator: predictInterval(margins)", () => {
  it("reads gap g between x[g − 1] and x[g], and a margin equal to x[j] as [p0[j + 1], p1[j]]", () => {
    const va = fitVennAbers(llmbarPairs("GPT-4"));
    const { x, p0, p1 } = va;
    expect(x.length).toBeGreaterThan(2);
    const below = va.predictInterval([x[0] - 1]);
    expect([below.p0[0], below.p1[0]]).toEqual([p0[0], p1[0]]);
    const above = va.predictInterval([x[x.length - 1] + 1]);
    expect([above.p0[0], above.p1[0]]).toEqual([p0[x.length], p1[x.length]]);
    for (let j = 0; j + 1 < x.length; j++) {
      const mid = va.predictInterval([(x[j] + x[j + 1]) / 2, x[j]]);
      expect([mid.p0[0], mid.p1[0]]).toEqual([p0[j + 1], p1[j + 1]]);
      expect([mid.p0[1], mid.p1[1]]).toEqual([p0[j + 1], p1[j]]);
      expect(mid.p[1]).toBe(p1[j] / (1 - p0[j + 1] + p1[j]));
    }
  });

  it("is antisymmetric: p0(−d) = 1 − p1(d) bit for bit, p(−d) = 1 − p(d) to 1e-15, and p is the merged p", () => {
    for (const pairs of [llmbarPairs("ChatGPT"), imdbPairs(), simulatedSoftPairs(2000, 3)]) {
      const va = fitVennAbers(pairs);
      const d = Float64Array.from({ length: 2001 }, (_, i) => (i - 1000) / 37);
      const here = va.predictInterval(d), there = va.predictInterval(d.map((v) => -v));
      for (let i = 0; i < d.length; i++) {
        expect(there.p0[i]).toBe(1 - here.p1[i]);
        expect(Math.abs(there.p1[i] - (1 - here.p0[i]))).toBeLessThanOrEqual(1e-15);
        expect(Math.abs(there.p[i] - (1 - here.p[i]))).toBeLessThanOrEqual(1e-15);
        expect(here.p[i]).toBe(here.p1[i] / (1 - here.p0[i] + here.p1[i]));
      }
      expect(va.predict(d)).toEqual(here.p);
    }
  });
});

describe("vennAbersCalibrator: toJSON and loadCalibrator", () => {
  it("round-trips through JSON text with the same bits (tables, intervals, rewards)", () => {
    const va = fitVennAbers(llmbarPairs("GPT-4"), { rewardClip: 4 });
    const json = JSON.parse(JSON.stringify(va));
    expect(json).toMatchObject({ format: "rmcal.calibrator", version: 2, kind: "venn-abers" });
    expect(json.p0.length).toBe(json.x.length + 1);
    const back = loadCalibrator(json) as VennAbersCalibrator;
    expect(back.kind).toBe("venn-abers");
    expect([...back.x]).toEqual([...va.x]);
    const d = Float64Array.from({ length: 400 }, (_, i) => (i - 200) / 13);
    expect(back.predictInterval(d)).toEqual(va.predictInterval(d));
    expect(back.reward([1, 5, 9])).toEqual(va.reward([1, 5, 9]));
    expect(back.rewardNormalization).toEqual(va.rewardNormalization);
    expect(back.range).toEqual(va.range);
  });

  it("loads a hand-written table with no margins: one interval everywhere", () => {
    const va = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "venn-abers", x: [], p0: [0.25], p1: [0.75] }) as VennAbersCalibrator;
    const r = va.predictInterval([-5, 0, 5]);
    expect([...r.p0]).toEqual([0.25, 0.25, 0.25]);
    expect([...r.p]).toEqual([0.5, 0.5, 0.5]);
  });
});

describe("vennAbersCalibrator: reward and extrapolation", () => {
  it("reward(scores, { reference }) is logit(clip(p(r − r_ref), 1e-6, 1 − 1e-6)) with the merged p", () => {
    const pairs = llmbarPairs("GPT-4");
    const va = fitVennAbers(pairs);
    const scores = [0, 3, 7, 10, -50];
    const r = va.reward(scores, { reference: 5 });
    const p = va.predict(scores.map((s) => s - 5));
    scores.forEach((_, i) => {
      const q = Math.min(Math.max(p[i], 1e-6), 1 - 1e-6);
      expect(Math.abs(r[i] - Math.log(q / (1 - q)))).toBeLessThan(1e-12);
    });
    expect(va.reward([7])).toEqual(va.reward([7], { reference: va.rewardNormalization!.reference }));
    const margins = fitVennAbers({ margin: pairs.scoreA.map((a, i) => a - pairs.scoreB[i]), label: pairs.label });
    expect(() => margins.reward([1])).toThrow(/options\.reference is missing/);
  });

  it("predict(margins, { onExtrapolation }) counts margins beyond the fitted range", () => {
    const va = fitVennAbers({ margin: [-1, 0.5, 2], label: [0, 1, 1] });
    const reports: ExtrapolationReport[] = [];
    va.predict([-3, 0, 5, 6], { onExtrapolation: (r) => reports.push(r) });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ input: "margins", total: 4, below: 1, above: 2, range: [-1, 2] });
  });
});
