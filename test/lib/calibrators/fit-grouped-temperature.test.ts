// fitGroupedTemperature: each group's own fit is fitTemperature on the group alone, and the pooled temperatures follow
// the empirical-Bayes definition of docs/DESIGN.md §5.14, recomputed here in plain TypeScript from the public fits.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitGroupedTemperature, fitTemperature, loadCalibrator } from "rmcal";
import { llmbarPairs } from "../../helpers/calibrator-data";
import { readCsv } from "../../helpers/read-csv";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

/** LLMBar GPT-4 ratings with their subset (five subsets, 80–100 pairs each, one rating strategy). */
function llmbarBySubset() {
  const rows = readCsv("examples/data/llmbar_rating_pairs.csv").filter((r) => r.evaluator === "GPT-4" && r.strategy === "Rating");
  return {
    pairs: {
      scoreA: Float64Array.from(rows, (r) => Number(r.score_1)), scoreB: Float64Array.from(rows, (r) => Number(r.score_2)),
      label: Float64Array.from(rows, (r) => (r.gold_label === "1" ? 1 : 0)),
    },
    group: rows.map((r) => r.subset),
  };
}

/** Plain reference of the shrinkage: 1/√H at each group's own a, DerSimonian–Laird τ² around the global a. */
function referencePooled(margins: number[][], ownT: number[], globalT: number) {
  const a0 = 1 / globalT;
  const se = margins.map((d, g) => {
    const a = 1 / ownT[g];
    let h = 0;
    d.forEach((x) => { const s = sigmoid(a * x); h += x * x * s * (1 - s); });
    return 1 / Math.sqrt(h);
  });
  const w = se.map((s) => 1 / (s * s));
  const q = w.reduce((sum, wg, g) => sum + wg * (1 / ownT[g] - a0) ** 2, 0);
  const s1 = w.reduce((a, b) => a + b, 0), s2 = w.reduce((a, b) => a + b * b, 0);
  const tau2 = Math.max(0, (q - (w.length - 1)) / (s1 - s2 / s1));
  return { tau2, pooled: ownT.map((t, g) => 1 / (a0 + (tau2 / (tau2 + se[g] ** 2)) * (1 / t - a0))), se };
}

describe("fitGroupedTemperature(pairs, { group })", () => {
  it("fits each group alone with fitTemperature, bit for bit, and the global fit on all pairs", () => {
    const { pairs, group } = llmbarBySubset();
    const fit = fitGroupedTemperature(pairs, { group });
    expect(fit.global.temperature).toBe(fitTemperature(pairs).temperature);
    expect(fit.fallbackTemperature).toBe(fit.global.temperature);
    expect(fit.groups).toEqual([...new Set(group)]);
    for (const g of fit.groupFits) {
      const rows = group.flatMap((name, i) => (name === g.group ? [i] : []));
      const own = fitTemperature({ scoreA: rows.map((i) => pairs.scoreA[i]), scoreB: rows.map((i) => pairs.scoreB[i]), label: rows.map((i) => pairs.label[i]) });
      expect(g.unpooledTemperature).toBe(own.temperature);
      expect(g.n).toBe(rows.length);
    }
  });

  it("shrinks 1/T by the DerSimonian–Laird τ² and the posterior mean (plain reference, 1e-10 relative)", () => {
    const { pairs, group } = llmbarBySubset();
    const fit = fitGroupedTemperature(pairs, { group });
    const names = fit.groups;
    const margins = names.map((n) => group.flatMap((g, i) => (g === n ? [pairs.scoreA[i] - pairs.scoreB[i]] : [])));
    // The observed information Σd²σ(1 − σ) does not depend on the labels.
    const ref = referencePooled(margins, fit.groupFits.map((g) => g.unpooledTemperature), fit.global.temperature);
    expect(fit.betweenGroupVariance).toBeGreaterThan(0);
    expect(fit.betweenGroupVariance / ref.tau2).toBeCloseTo(1, 10);
    fit.groupFits.forEach((g, k) => {
      expect(g.standardError / ref.se[k]).toBeCloseTo(1, 10);
      expect(g.pooledTemperature / ref.pooled[k]).toBeCloseTo(1, 10);
      expect(fit.temperatures[k]).toBe(g.pooledTemperature);
    });
  });

  it("with pooling \"none\" stores each group's own temperature", () => {
    const { pairs, group } = llmbarBySubset();
    const fit = fitGroupedTemperature(pairs, { group, pooling: "none" });
    expect(fit.temperatures).toEqual(fit.groupFits.map((g) => g.unpooledTemperature));
    expect(fit.toJSON().fit!.pooling).toBe("none");
  });

  it("pools completely when the groups are one population: τ² = 0 and every T is the global T", () => {
    // Two groups drawn from the same σ(d/2) model: their spread is noise, and the moment estimate is 0.
    const random = mulberry32(5);
    const margin: number[] = [], label: number[] = [], group: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const d = (random() - 0.5) * 8;
      margin.push(d);
      label.push(random() < sigmoid(d / 2) ? 1 : 0);
      group.push(i % 2 === 0 ? "x" : "y");
    }
    const fit = fitGroupedTemperature({ margin, label }, { group });
    expect(fit.betweenGroupVariance).toBe(0);
    expect(fit.temperatures).toEqual([fit.global.temperature, fit.global.temperature]);
  });

  it("keeps a large group that differs and pulls a small noisy one to the global T", () => {
    const random = mulberry32(11);
    const margin: number[] = [], label: number[] = [], group: string[] = [];
    const add = (name: string, n: number, t: number) => {
      for (let i = 0; i < n; i++) {
        const d = (random() - 0.5) * 8;
        margin.push(d);
        label.push(random() < sigmoid(d / t) ? 1 : 0);
        group.push(name);
      }
    };
    add("sharp", 3000, 0.5);
    add("flat", 3000, 4);
    add("tiny", 15, 0.5);
    const fit = fitGroupedTemperature({ margin, label }, { group });
    const byName = Object.fromEntries(fit.groupFits.map((g) => [g.group, g]));
    expect(byName.sharp.keep).toBeGreaterThan(0.95);
    expect(byName.flat.keep).toBeGreaterThan(0.95);
    expect(byName.tiny.keep).toBeLessThan(byName.sharp.keep);
    // The pooled T of the tiny group lies between its own and the global T.
    const [lo, hi] = [Math.min(byName.tiny.unpooledTemperature, fit.global.temperature), Math.max(byName.tiny.unpooledTemperature, fit.global.temperature)];
    expect(byName.tiny.pooledTemperature).toBeGreaterThanOrEqual(lo);
    expect(byName.tiny.pooledTemperature).toBeLessThanOrEqual(hi);
  });

  it("with a cluster column takes each group's standard error from the cluster sandwich", () => {
    const { scoreA, scoreB, label } = llmbarPairs("GPT-4");
    const n = scoreA.length;
    const group = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "a" : "b"));
    const plain = fitGroupedTemperature({ scoreA, scoreB, label }, { group });
    const clustered = fitGroupedTemperature({ scoreA, scoreB, label, cluster: Array.from({ length: n }, (_, i) => Math.floor(i / 6)) }, { group });
    // Point fits do not depend on clusters; their standard errors do.
    expect(clustered.groupFits.map((g) => g.unpooledTemperature)).toEqual(plain.groupFits.map((g) => g.unpooledTemperature));
    expect(clustered.groupFits[0].standardError).not.toBe(plain.groupFits[0].standardError);
    expect(Number.isFinite(clustered.groupFits[0].standardError)).toBe(true);
  });

  it("leaves out a group whose pairs all have weight 0: it gets the fallback", () => {
    const fit = fitGroupedTemperature({ margin: [2, -1, 3, 0.5, 1, 2, 1], label: [1, 0, 1, 0, 1, 1, 0], weight: [1, 1, 1, 1, 1, 1, 0] }, { group: ["a", "a", "a", "b", "b", "b", "c"] });
    expect(fit.groups).toEqual(["a", "b"]);
    const fallback = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: fit.fallbackTemperature });
    expect(fit.predict([1], { group: ["c"] })[0]).toBe(fallback.predict([1])[0]);
  });

  it("refuses a missing or bad group column and bad options, naming them", () => {
    const pairs = { margin: [1, -1], label: [1, 0] };
    expect(() => fitGroupedTemperature(pairs, {} as never)).toThrow(/options\.group is missing/);
    expect(() => fitGroupedTemperature(pairs, { group: ["a"] })).toThrow(/options\.group has length 1 but pairs has length 2/);
    expect(() => fitGroupedTemperature(pairs, { group: ["a", {}] as never })).toThrow(/options\.group\[1\] is an object/);
    expect(() => fitGroupedTemperature(pairs, { group: ["a", "b"], pooling: "full" as never })).toThrow(/options\.pooling is "full"/);
    expect(() => fitGroupedTemperature(pairs, { group: ["a", "b"], shrink: true } as never)).toThrow(/unknown key 'shrink'/);
  });
});
