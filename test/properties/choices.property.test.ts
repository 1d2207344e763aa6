// K-wise choices under arbitrary input (docs/DESIGN.md §5.12): K = 2 choices give the pairs' results bit for bit for
// any margins fast-check draws (float64 extremes included); results keep their documented ranges; the order of the
// unchosen responses and a shift of a prompt's scores change nothing beyond rounding; and junk input is refused
// with a RangeError or TypeError naming the argument, never a crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, assess, assessBestOfN, fitTemperature } from "rmcal";
import { SEED, anyColumn, anyOption, margin, weight } from "./arbitraries";
import { callUnderContract, expectWithin, Tally } from "./contract";

beforeAll(async () => {
  await init();
});

const tally = new Tally("choices");
afterAll(() => tally.report());

/** Scores a reward model gives, on a 1/64 grid so that shifts and differences are exact, and ties happen. */
const score = fc.integer({ min: -640, max: 640 }).map((x) => x / 64);
const prompt = fc.integer({ min: 2, max: 7 }).chain((k) => fc.tuple(fc.array(score, { minLength: k, maxLength: k }), fc.integer({ min: 0, max: k - 1 })));
const choices = fc.array(prompt, { minLength: 1, maxLength: 40 }).map((rows) => ({ scores: rows.map((r) => r[0]), best: rows.map((r) => r[1]) }));

describe("K = 2 choices are pairs", () => {
  it("property: assessBestOfN and fitTemperature equal assess and the pairs' fit bit for bit, weights and extremes included", () => {
    const pairs = fc.array(fc.tuple(margin, fc.boolean(), weight), { minLength: 1, maxLength: 30 });
    fc.assert(fc.property(pairs, fc.boolean(), (rows, weighted) => {
      // A pair (chosen = d, rejected = 0) read as choices, the chosen response at index 0 or 1.
      const chosen = rows.map(([d]) => d), rejected = rows.map(() => 0);
      const w = weighted ? { weight: rows.map(([, , x]) => x) } : {};
      const scores = rows.map(([d, first]) => (first ? [d, 0] : [0, d]));
      const best = rows.map(([, first]) => (first ? 0 : 1));
      const a = callUnderContract(() => assess({ chosen, rejected, ...w }), ["pairs"]);
      const b = callUnderContract(() => assessBestOfN({ scores, best, ...w }, { resamples: 0 }), ["choices"]);
      tally.add(`k2 assess ${a.outcome}`);
      expect(b.outcome).toBe(a.outcome);
      if (a.outcome !== "result") return;
      for (const field of ["n", "weight", "accuracy", "nll", "ece", "rmsce", "mce", "rmsceDebiased"] as const) {
        expect(Object.is(b.value![field], a.value![field]), field).toBe(true);
      }
      expect(b.value!.bins).toEqual(a.value!.bins);
      const f = fitTemperature({ chosen, rejected, ...w }), g = fitTemperature({ scores, best, ...w });
      for (const field of ["temperature", "iterations", "atBound", "nllBefore", "nllAfter"] as const) {
        expect(Object.is(g[field], f[field]), field).toBe(true);
      }
      // The words differ (pairs or prompts), not whether there is something to say.
      expect(g.message === null).toBe(f.message === null);
      expect(g.interval).toEqual(f.interval);
    }), { seed: SEED, numRuns: 300 });
  });
});

describe("assessBestOfN and fitTemperature on choices", () => {
  it("property: accuracy, chance, ECE in [0, 1], NLL ≥ 0, T within its bounds, every bin's mean in [1/K_max, 1]", () => {
    fc.assert(fc.property(choices, (c) => {
      const a = assessBestOfN(c, { resamples: 0 });
      expectWithin(a.accuracy, 0, 1, "accuracy");
      expectWithin(a.ece, 0, 1, "ece");
      expect(a.nll).toBeGreaterThanOrEqual(0);
      expect(a.chance).toBeLessThanOrEqual(0.5);
      for (const bin of a.bins) if (bin.meanPredicted !== null) expectWithin(bin.meanPredicted, 1 / a.maxK - 1e-15, 1, "meanPredicted");
      const t = fitTemperature(c);
      expectWithin(t.temperature, 1e-3, 1e3, "temperature");
      expect(Number.isFinite(t.nllAfter)).toBe(true);
      // The fit never does worse than T = 1 on its own data (T = 1 lies within the bounds).
      expect(t.nllAfter).toBeLessThanOrEqual(t.nllBefore * (1 + 1e-12) + 1e-300);
    }), { seed: SEED, numRuns: 200 });
  });

  it("property: reordering the unchosen responses or shifting a prompt's scores changes the results only by rounding", () => {
    fc.assert(fc.property(choices, fc.integer({ min: -64, max: 64 }), (c, shift) => {
      const reordered = { scores: c.scores.map((s, i) => [s[c.best[i]], ...s.filter((_, j) => j !== c.best[i]).reverse()]), best: c.best.map(() => 0) };
      const shifted = { scores: c.scores.map((s, i) => s.map((v) => v + (shift * (i % 3)) / 8)), best: c.best };
      const base = assessBestOfN(c, { resamples: 0 });
      for (const other of [assessBestOfN(reordered, { resamples: 0 }), assessBestOfN(shifted, { resamples: 0 })]) {
        expect(other.accuracy).toBe(base.accuracy);
        expect(Math.abs(other.nll - base.nll)).toBeLessThan(1e-12 * Math.max(1, base.nll));
        expect(Math.abs(other.ece - base.ece)).toBeLessThan(1e-12);
      }
    }), { seed: SEED, numRuns: 200 });
  });

  it("property: any input and options give a result or a RangeError/TypeError naming choices or options", () => {
    const junk = fc.oneof(
      fc.record({ scores: fc.oneof(fc.array(anyColumn, { maxLength: 4 }), anyColumn), best: anyColumn }, { requiredKeys: [] }),
      fc.record({ scores: fc.array(anyColumn, { maxLength: 4 }), ranking: fc.array(anyColumn, { maxLength: 4 }), weight: anyColumn }, { requiredKeys: ["scores"] }),
      fc.record({ prompt: anyColumn, score: anyColumn, best: anyColumn, rank: anyColumn }, { requiredKeys: ["prompt"] }),
    );
    fc.assert(fc.property(junk, anyOption, (input, options) => {
      const r = callUnderContract(() => assessBestOfN(input as never, { ...(options as object ?? {}), resamples: 0 } as never), ["choices", "options"]);
      tally.add(`junk ${r.outcome}`);
      // fitTemperature names its argument "pairs" when the input has no choice fields either.
      const f = callUnderContract(() => fitTemperature(input as never), ["choices", "pairs", "options"]);
      tally.add(`junk fit ${f.outcome}`);
    }), { seed: SEED, numRuns: 500 });
  });
});

describe("score quantiles of a fit", () => {
  it("property: range.scoreQuantiles are numpy's linear quantiles of the sorted scores, bit for bit (both zeros, extremes)", () => {
    // The quantiles read order statistics chosen by a radix select (assembly/order-statistics.ts), not a full sort:
    // here they are checked against linearQuantile's rule on a plain sorted copy.
    const scale = fc.constantFrom(1, 1e-300, 1e150);
    const rows = fc.array(fc.tuple(margin, margin), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(rows, scale, (pairs, s) => {
      const scores = pairs.map(([a, b]) => [a * s, b * s]).filter(([a, b]) => Number.isFinite(a - b));
      if (scores.length === 0) return;
      const fit = fitTemperature({ scores, best: scores.map(() => 0) });
      const sorted = Float64Array.from(scores.flat()).sort();
      const want = Array.from({ length: 101 }, (_, k) => {
        const position = (sorted.length - 1) * (k / 100), below = Math.floor(position);
        if (below >= sorted.length - 1) return sorted[sorted.length - 1];
        const gamma = position - below, a = sorted[below], b = sorted[below + 1];
        return gamma >= 0.5 ? b - (b - a) * (1 - gamma) : a + (b - a) * gamma;
      });
      const got = fit.range!.scoreQuantiles!;
      want.forEach((x, k) => expect(Object.is(got[k], x), `q${k}: ${got[k]} vs ${x}`).toBe(true));
    }), { seed: SEED, numRuns: 200 });
  });
});
