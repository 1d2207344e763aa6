// assessBestOfN: K = 2 equals assess on the pairs bit for bit; other K against the plain-TypeScript reference
// (test/reference/plackett-luce.ts); a RewardBench 2-shaped check (1 chosen against 3 rejected, chance 25%);
// intervals that resample whole prompts.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, assessBestOfN, type Assessment } from "rmcal";
import { mulberry32, normal } from "../../helpers/prng";
import { randomChoices } from "../../helpers/random-choices";
import { readCsv } from "../../helpers/read-csv";
import { referencePromptNll, referenceTopChoice, rowsInRankOrder } from "../../reference/plackett-luce";

beforeAll(async () => {
  await init();
});

/** Pairs on a 1/64 grid (exact margins), some tied, with weights some 0, as chosen/rejected and as K = 2 choices. */
function pairsAndChoices(seed: number, n: number) {
  const random = mulberry32(seed);
  const chosen: number[] = [], rejected: number[] = [], weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = Math.round(normal(random) * 64) / 64;
    const d = i % 13 === 0 ? 0 : Math.round((2 * normal(random) + 0.7) * 64) / 64;
    chosen.push(base + d);
    rejected.push(base);
    weight.push(i % 7 === 0 ? 0 : 1 + (i % 3) / 4);
  }
  // The chosen response sits at index 0 or 1, so the reordering is exercised.
  const best = chosen.map((_, i) => i % 2);
  const scores = chosen.map((c, i) => (i % 2 ? [rejected[i], c] : [c, rejected[i]]));
  const ranking = best.map((b) => [b, 1 - b]);
  return { chosen, rejected, weight, scores, best, ranking };
}

const SHARED_FIELDS = ["n", "weight", "temperature", "accuracy", "nll", "ece", "rmsce", "mce", "rmsceDebiased"] as const;

function expectSameBits(pairs: Assessment, choices: ReturnType<typeof assessBestOfN>): void {
  for (const field of SHARED_FIELDS) expect(Object.is(choices[field], pairs[field]), `${field}: ${choices[field]} vs ${pairs[field]}`).toBe(true);
  expect(choices.bins).toEqual(pairs.bins);
}

describe("assessBestOfN(choices) at K = 2", () => {
  const data = pairsAndChoices(2, 2000);
  for (const weighted of [false, true]) {
    for (const binning of ["uniform", "quantile"] as const) {
      for (const temperature of [1, 0.37, 2.9]) {
        it(`equals assess({chosen, rejected}) bit for bit (${weighted ? "weighted" : "unweighted"}, ${binning}, T = ${temperature})`, () => {
          const w = weighted ? { weight: data.weight } : {};
          const pairs = assess({ chosen: data.chosen, rejected: data.rejected, ...w }, { binning, temperature, bins: 12 });
          expectSameBits(pairs, assessBestOfN({ scores: data.scores, best: data.best, ...w }, { binning, temperature, bins: 12, resamples: 0 }));
          expectSameBits(pairs, assessBestOfN({ scores: data.scores, ranking: data.ranking, ...w }, { binning, temperature, bins: 12, resamples: 0 }));
        });
      }
    }
  }
});

describe("assessBestOfN(choices) for K from 2 to 6", () => {
  const random = mulberry32(31);
  const data = randomChoices(random, 600);
  for (const ranked of [false, true]) {
    it(`agrees with the plain reference: NLL, accuracy and each prompt's top-1 probability (${ranked ? "rankings" : "best-of-N"})`, () => {
      const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
      const temperature = 1.3;
      const got = assessBestOfN(ranked ? { scores: data.scores, ranking: data.ranking } : { scores: data.scores, best: data.best }, { temperature, resamples: 0, bins: 10 });
      const nll = rows.reduce((s, row) => s + referencePromptNll(row, ranked, temperature), 0) / rows.length;
      expect(Math.abs(got.nll - nll) / nll).toBeLessThan(1e-13);
      const tops = rows.map((row) => referenceTopChoice(row, temperature));
      expect(got.accuracy).toBeCloseTo(tops.reduce((s, t) => s + t.correct, 0) / rows.length, 14);
      // The bins: [1/6, 1] in 10 equal steps, each with its mean top-1 probability and observed share.
      const low = 1 / 6, step = (1 - low) / 10;
      for (const [b, bin] of got.bins.entries()) {
        const inBin = tops.filter((t) => Math.min(9, Math.max(0, Math.ceil((t.confidence - low) / step) - 1)) === b);
        expect(bin.count, `bin ${b}`).toBe(inBin.length);
        if (inBin.length === 0) continue;
        expect(bin.meanPredicted!).toBeCloseTo(inBin.reduce((s, t) => s + t.confidence, 0) / inBin.length, 12);
        expect(bin.observed!).toBeCloseTo(inBin.reduce((s, t) => s + t.correct, 0) / inBin.length, 14);
      }
      expect(got.model).toBe(ranked ? "plackett-luce" : "best-of-n");
      expect([got.minK, got.maxK]).toEqual([2, 6]);
    });
  }

  it("the three input shapes (scores + best, long with best flags, long with ranks) give the same assessment", () => {
    const wide = assessBestOfN({ scores: data.scores, best: data.best }, { resamples: 0 });
    const prompt: string[] = [], score: number[] = [], best: number[] = [], rank: number[] = [];
    data.scores.forEach((s, i) => s.forEach((v, j) => {
      prompt.push(`p${i}`);
      score.push(v);
      best.push(j === data.best[i] ? 1 : 0);
      rank.push(data.ranking[i].indexOf(j) + 1);
    }));
    expect(assessBestOfN({ prompt, score, best }, { resamples: 0 })).toEqual(wide);
    expect(assessBestOfN({ prompt, score, rank }, { resamples: 0 })).toEqual(assessBestOfN({ scores: data.scores, ranking: data.ranking }, { resamples: 0 }));
  });

  it("intervals resample whole prompts: reproducible by seed, and they hold the estimate", () => {
    const a = assessBestOfN({ scores: data.scores, best: data.best }, { resamples: 300, seed: 4 });
    const b = assessBestOfN({ scores: data.scores, best: data.best }, { resamples: 300, seed: 4 });
    expect(a.intervals).toEqual(b.intervals);
    for (const metric of ["ece", "nll", "accuracy"] as const) {
      const { low, high } = a.intervals![metric];
      expect(low).toBeLessThan(high);
      if (metric !== "ece") expect(low <= a[metric] && a[metric] <= high, metric).toBe(true);
    }
    // Accuracy's spread is about √(p(1 − p)/n) for n prompts (not n responses).
    const sd = Math.sqrt(a.accuracy * (1 - a.accuracy) / data.scores.length);
    expect(a.intervals!.accuracy.high - a.intervals!.accuracy.low).toBeGreaterThan(2 * 1.645 * sd * 0.8);
    expect(a.intervals!.accuracy.high - a.intervals!.accuracy.low).toBeLessThan(2 * 1.645 * sd * 1.2);
  });
});

describe("a RewardBench 2-style check: 1 chosen against 3 rejected", () => {
  it("scores with no signal are right at chance, 25% (binomial 99.9% band at 20,000 prompts)", () => {
    const data = randomChoices(mulberry32(77), 20_000, { minK: 4, maxK: 4, signal: false });
    const got = assessBestOfN({ scores: data.scores, best: data.best }, { resamples: 0 });
    expect(got.chance).toBe(0.25);
    expect(Math.abs(got.accuracy - 0.25)).toBeLessThan(3.29 * Math.sqrt(0.25 * 0.75 / 20_000));
    // softmax of scores that carry no signal is not calibrated at T = 1: it claims a winner far more than 25% of the time.
    expect(got.ece).toBeGreaterThan(0.2);
  });

  it("on RewardBench scores shaped 1 against 3 (each row's chosen, its rejected and the next two rows' rejected of the subset)", () => {
    const rows = readCsv("test/data/rewardbench_rm_scores.csv");
    const subsets = [...new Set(rows.map((r) => r.subset))].sort();
    const results: Record<string, number> = {};
    for (const model of ["armo", "deberta", "zephyr", "qwen"]) {
      const scores: number[][] = [];
      for (const subset of subsets) {
        const g = rows.filter((r) => r.subset === subset);
        for (let i = 0; i + 2 < g.length; i += 3) {
          scores.push([Number(g[i][`${model}_chosen_score`]), ...[0, 1, 2].map((j) => Number(g[i + j][`${model}_rejected_score`]))]);
        }
      }
      const got = assessBestOfN({ scores, best: scores.map(() => 0) }, { resamples: 0 });
      expect(got.chance).toBe(0.25);
      expect(got.n).toBe(251);
      results[model] = got.accuracy;
    }
    // scipy's count (scripts/reference/plackett_luce.py, rewardbenchArmoBestOf4.accuracy): 0.7868525896414342.
    expect(results.armo).toBeCloseTo(0.7868525896414342, 14);
    // ArmoRM's scores are absolute (comparable across prompts): far above chance. DeBERTa's and Qwen's move with the
    // prompt more than between the responses of one prompt, so rejected responses of other prompts outscore the
    // chosen one and they fall below chance: this shaping measures a cross-prompt scale, as RewardBench 2 does not.
    expect(results.armo).toBeGreaterThan(0.7);
    expect(results.deberta).toBeLessThan(0.25);
    expect(results.qwen).toBeLessThan(0.25);
  });
});
