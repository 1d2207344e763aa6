// fitTemperature on K-wise choices: K = 2 equals the pairs' fit bit for bit; the Plackett–Luce and best-of-N optima
// against scipy (test/reference-values/plackett-luce.json, made by `/usr/bin/python3 scripts/reference/plackett_luce.py`:
// brentq on the exact derivative in a = 1/T, xtol 1e-15, on data sets the script draws and stores) and against the
// plain-TypeScript bisection of test/reference/plackett-luce.ts; boundaries reported as for pairs.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature } from "rmcal";
import reference from "../../reference-values/plackett-luce.json";
import { mulberry32, normal } from "../../helpers/prng";
import { randomChoices } from "../../helpers/random-choices";
import { readCsv } from "../../helpers/read-csv";
import { referenceChoiceNll, referenceChoiceTemperature, rowsInRankOrder } from "../../reference/plackett-luce";

beforeAll(async () => {
  await init();
});

describe("fitTemperature(choices) at K = 2", () => {
  for (const n of [1500, 300_000]) {
    it(`equals fitTemperature({chosen, rejected}) bit for bit: T, iterations, NLLs, interval, JSON (${n} pairs${n >= 2 ** 18 ? ", warm start" : ""})`, () => {
      const random = mulberry32(n);
      const chosen: number[] = [], rejected: number[] = [], weight: number[] = [];
      for (let i = 0; i < n; i++) {
        const base = Math.round(normal(random) * 64) / 64;
        chosen.push(base + Math.round((1.5 * normal(random) + 0.8) * 64) / 64);
        rejected.push(base);
        weight.push(i % 9 === 0 ? 0 : 1 + (i % 4) / 8);
      }
      const best = chosen.map((_, i) => (i % 3 === 0 ? 1 : 0));
      const scores = chosen.map((c, i) => (best[i] === 1 ? [rejected[i], c] : [c, rejected[i]]));
      for (const w of [{}, { weight }]) {
        const pairs = fitTemperature({ chosen, rejected, ...w });
        const choices = fitTemperature({ scores, best, ...w });
        for (const field of ["temperature", "iterations", "converged", "atBound", "message", "nllBefore", "nllAfter"] as const) {
          expect(Object.is(choices[field], pairs[field]), `${field}: ${choices[field]} vs ${pairs[field]}`).toBe(true);
        }
        expect(choices.interval).toEqual(pairs.interval);
        const { choices: kwise, ...fit } = choices.toJSON().fit as Record<string, unknown>;
        expect(fit).toEqual(pairs.toJSON().fit);
        expect(kwise).toEqual({ model: "best-of-n", responses: 2 * n, minK: 2, maxK: 2 });
        expect(choices.rewardNormalization).toEqual(pairs.rewardNormalization);
        expect(choices.range).toEqual(pairs.range);
      }
    });
  }
});

describe("fitTemperature(choices) against scipy", () => {
  for (const [name, ranked] of [["bestOfN", false], ["ranking", true]] as const) {
    it(`${ranked ? "Plackett–Luce rankings" : "best-of-N"}, K from 2 to 6: T to 1e-9, NLL to 1e-12 relative`, () => {
      const ref = reference[name];
      const t = fitTemperature(ref.data as Parameters<typeof fitTemperature>[0]);
      expect(t.converged).toBe(true);
      expect(t.atBound).toBeNull();
      expect(Math.abs(t.temperature - ref.temperature) / ref.temperature).toBeLessThan(1e-9);
      expect(Math.abs(t.nllAfter - ref.nll) / ref.nll).toBeLessThan(1e-12);
      expect(Math.abs(t.nllBefore - ref.nllAtOne) / ref.nllAtOne).toBeLessThan(1e-12);
      expect((t.toJSON().fit as { accuracy: number }).accuracy).toBeCloseTo(ref.accuracy, 14);
      expect((t.toJSON().fit as { choices: { model: string } }).choices.model).toBe(ranked ? "plackett-luce" : "best-of-n");
      expect(t.interval!.low).toBeLessThan(t.temperature);
      expect(t.interval!.high).toBeGreaterThan(t.temperature);
    });
  }

  it("RewardBench ArmoRM, 1 chosen against 3 rejected: the softmax temperature", () => {
    // Each row's chosen score against its own rejected score and the rejected scores of the next two rows of its
    // subset, subsets in sorted order: the construction of scripts/reference/plackett_luce.py.
    const ref = reference.rewardbenchArmoBestOf4;
    const rows = readCsv("test/data/rewardbench_rm_scores.csv");
    const scores: number[][] = [];
    for (const subset of [...new Set(rows.map((r) => r.subset))].sort()) {
      const g = rows.filter((r) => r.subset === subset);
      for (let i = 0; i + 2 < g.length; i += 3) scores.push([Number(g[i].armo_chosen_score), ...[0, 1, 2].map((j) => Number(g[i + j].armo_rejected_score))]);
    }
    expect(scores.length).toBe(ref.prompts);
    const t = fitTemperature({ scores, best: scores.map(() => 0) });
    expect(Math.abs(t.temperature - ref.temperature) / ref.temperature).toBeLessThan(1e-9);
    expect(Math.abs(t.nllAfter - ref.nll) / ref.nll).toBeLessThan(1e-12);
    expect(t.temperature).toBeLessThan(0.05); // ArmoRM's scores span about ±0.1: its logits need T ≈ 0.025
  });
});

describe("fitTemperature(choices) against the plain reference", () => {
  it("recovers the temperature it was simulated at, and matches the reference bisection to 1e-9", () => {
    const data = randomChoices(mulberry32(8), 4000, { temperature: 0.8 });
    for (const ranked of [false, true]) {
      const t = fitTemperature(ranked ? { scores: data.scores, ranking: data.ranking } : { scores: data.scores, best: data.best });
      const want = referenceChoiceTemperature(rowsInRankOrder(data.scores, ranked ? data.ranking : data.best), ranked);
      expect(Math.abs(t.temperature - want) / want).toBeLessThan(1e-9);
      expect(t.interval!.low < 0.8 && 0.8 < t.interval!.high, `${ranked}: ${JSON.stringify(t.interval)}`).toBe(true);
    }
  });

  it("fits the flat form ({ scores, offsets, best }) as the nested form, bit for bit", () => {
    const data = randomChoices(mulberry32(10), 3000, { maxK: 6 });
    const offsets = [0];
    for (const row of data.scores) offsets.push(offsets[offsets.length - 1] + row.length);
    const weight = data.scores.map((_, i) => 1 + (i % 3));
    const nested = fitTemperature({ scores: data.scores, best: data.best, weight });
    const flat = fitTemperature({ scores: Float64Array.from(data.scores.flat()), offsets, best: Int32Array.from(data.best), weight });
    expect(JSON.stringify(flat)).toBe(JSON.stringify(nested));
    expect(Object.is(flat.temperature, nested.temperature)).toBe(true);
  });

  it("puts each end of the profile interval where the deviance is χ²₁'s 0.95 quantile, by the reference NLL to 1e-7", () => {
    // The interval's steps come from the fused profile pass (docs/DESIGN.md §6.7); the reference sums the NLL itself.
    const data = randomChoices(mulberry32(9), 20000, { temperature: 0.8, maxK: 5 });
    for (const ranked of [false, true]) {
      const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
      const t = fitTemperature(ranked ? { scores: data.scores, ranking: data.ranking } : { scores: data.scores, best: data.best });
      const total = (temperature: number) => rows.length * referenceChoiceNll(rows, ranked, temperature);
      const floor = total(t.temperature);
      for (const end of [t.interval!.low, t.interval!.high]) {
        // 3.841458820694124 = scipy.stats.chi2.ppf(0.95, 1)
        expect(Math.abs(2 * (total(end) - floor) - 3.841458820694124), `${ranked} ${end}`).toBeLessThan(1e-7);
      }
    }
  });
});

describe("fitTemperature(choices) at the boundaries", () => {
  it("separable choices (every chosen response scores highest) stop at the lower bound and say so", () => {
    const t = fitTemperature({ scores: [[3, 1, 2], [0, -1, -1, -2], [5, 5, 1]], best: [0, 0, 1] });
    expect(t.atBound).toBe("lower");
    expect(t.temperature).toBe(1e-3);
    expect(t.message).toMatch(/^no chosen response is outscored by another/);
  });

  it("scores with no signal stop at the upper bound; equal scores say the temperature has no effect", () => {
    const data = randomChoices(mulberry32(3), 3000, { signal: false });
    const inverted = data.scores.map((s) => s.map((v) => -v));
    const best = data.scores.map((s) => s.indexOf(Math.max(...s)));
    const t = fitTemperature({ scores: inverted, best });
    expect(t.atBound).toBe("upper");
    expect(t.message).toMatch(/no preference signal/);
    expect(fitTemperature({ scores: [[1, 1], [2, 2, 2]], best: [0, 1] }).message).toMatch(/^every prompt's scores are all equal/);
  });

  it("a bound the caller set is named; objective 'ece' is refused for choices", () => {
    const data = randomChoices(mulberry32(4), 500, { temperature: 3 });
    const t = fitTemperature({ scores: data.scores, best: data.best }, { bounds: [0.1, 1] });
    expect(t.atBound).toBe("upper");
    expect(t.message).toMatch(/your upper bound options.bounds\[1\] = 1/);
    expect(() => fitTemperature({ scores: data.scores, best: data.best }, { objective: "ece" })).toThrow(/K-wise choices are fitted by NLL only/);
  });
});
