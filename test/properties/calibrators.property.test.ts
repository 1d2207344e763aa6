// Every fit and predict function under arbitrary input: documented results (temperature > 0, probabilities in
// [0, 1], isotonic output monotone, finite parameters) or a RangeError/TypeError naming the argument. The one NaN
// allowed is the one a caller asks for: fitIsotonicRegression(..., { outOfBounds: "nan" }) outside [xMin, xMax].
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  init, fitTemperature, fitPlatt, fitIsotonic, fitVennAbers, isotonicRegression, fitIsotonicRegression, loadCalibrator,
  bradleyTerryLoss, splitPairs,
} from "rmcal";
import { SEED, anyColumn, anyOption, label, weight, margin, validPairs } from "./arbitraries";
import { callUnderContract, expectAllFinite, expectWithin, Tally } from "./contract";

beforeAll(async () => {
  await init();
});

const tally = new Tally("calibrators");
afterAll(() => tally.report());

const RUNS = { fit: 400, hostile: 400, isotonic: 600, loss: 600 };
const PAIR_ARGUMENTS = ["pairs", "options"];

/** Margins to predict on: a reward model's range plus the float64 extremes. */
const margins = fc.array(margin, { minLength: 1, maxLength: 20 });

type Calibrator = { predict(m: ArrayLike<number>): Float64Array; toJSON(): unknown; kind: string };

/** predict gives probabilities in [0, 1] on any finite margins, and the same bits after a JSON round trip. */
function expectPredictContract(c: Calibrator, m: number[]): Float64Array {
  const p = c.predict(m);
  expect(p.length).toBe(m.length);
  p.forEach((v, i) => expectWithin(v, 0, 1, `${c.kind}.predict(margins)[${i}]`));
  const again = loadCalibrator(JSON.parse(JSON.stringify(c)));
  expect(again.predict(m)).toEqual(p);
  // A non-finite margin is named, not turned into NaN.
  expect(() => c.predict([0, NaN])).toThrow(new RangeError("margins[1] is NaN; margins must be finite"));
  return p;
}

/** Monotone non-decreasing up to `slack` (isotonic maps are exactly monotone; interpolation rounds). */
function expectNonDecreasing(values: ArrayLike<number>, what: string, slack = 0): void {
  for (let i = 1; i < values.length; i++) {
    if (values[i] < values[i - 1] - slack) expect.fail(`${what} decreases at ${i}: ${values[i - 1]} > ${values[i]}`);
  }
}

describe("calibrator fitting under arbitrary pairs", () => {
  it(`fitTemperature: T > 0 within bounds, NLL not above T = 1, predictions in [0, 1] (${RUNS.fit} runs)`, () => {
    const options = fc.record({ objective: fc.constantFrom("nll", "ece"), view: fc.constantFrom("folded", "oriented"), bins: fc.integer({ min: 1, max: 20 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(validPairs, options, margins, (pairs, o, m) => {
        const { outcome, value: t } = callUnderContract(() => fitTemperature(pairs as never, o as never), PAIR_ARGUMENTS);
        tally.add(`fitTemperature valid-looking: ${outcome}`);
        if (!t) return;
        expect(t.temperature).toBeGreaterThanOrEqual(1e-3);
        expect(t.temperature).toBeLessThanOrEqual(1e3);
        expect(Number.isInteger(t.iterations) && t.iterations >= 0).toBe(true);
        if (t.atBound !== null) expect(t.message).toEqual(expect.any(String));
        expect(Number.isNaN(t.nllBefore) || Number.isNaN(t.nllAfter)).toBe(false);
        // T = 1 lies inside the default bounds, so the NLL optimum is no worse than it, up to 1e-9 relative: where the
        // NLL is flat in T (only zero margins carry loss) the two differ by rounding alone.
        // Known limit (see the report): when d/T overflows float64 at the fitted T (|d| ≥ 1.8e305 with T = 1e-3), a pair
        // with a non-zero label share on the wrong side has loss y·|d/T| = +∞ in float64, even for a tiny y.
        const overflows = JSON.stringify(pairs).match(/e\+30[5-8]/) !== null;
        if ((o.objective ?? "nll") === "nll" && Number.isFinite(t.nllBefore) && !(t.nllAfter === Infinity && overflows)) {
          expect(t.nllAfter).toBeLessThanOrEqual(t.nllBefore * (1 + 1e-9) + 1e-12);
        }
        expectPredictContract(t, m);
      }),
      { seed: SEED, numRuns: RUNS.fit },
    );
  });

  it(`fitPlatt: finite scale and bias, NLL not above (1, 0), predictions in [0, 1] (${RUNS.fit} runs)`, () => {
    fc.assert(
      fc.property(validPairs, margins, (pairs, m) => {
        const { outcome, value: p, message } = callUnderContract(() => fitPlatt(pairs as never), PAIR_ARGUMENTS);
        tally.add(`fitPlatt valid-looking: ${outcome}${message?.includes("both") ? " (one-sided labels)" : ""}`);
        if (!p) return;
        expectAllFinite([p.scale, p.bias]);
        expect(Number.isNaN(p.nllAfter)).toBe(false);
        if (Number.isFinite(p.nllBefore)) expect(p.nllAfter).toBeLessThanOrEqual(p.nllBefore * (1 + 1e-12) + 1e-12);
        expectPredictContract(p, m);
      }),
      { seed: SEED, numRuns: RUNS.fit },
    );
  });

  it(`fitIsotonic: strictly increasing x, non-decreasing y in [0, 1], monotone and antisymmetric predictions (${RUNS.fit} runs)`, () => {
    fc.assert(
      fc.property(validPairs, fc.boolean(), margins, (pairs, symmetric, m) => {
        const { outcome, value: g } = callUnderContract(() => fitIsotonic(pairs as never, { symmetric }), PAIR_ARGUMENTS);
        tally.add(`fitIsotonic valid-looking: ${outcome}`);
        if (!g) return;
        expectAllFinite([g.x, g.y]);
        for (let i = 1; i < g.x.length; i++) if (!(g.x[i] > g.x[i - 1])) expect.fail(`x not strictly increasing at ${i}`);
        g.y.forEach((v, i) => expectWithin(v, 0, 1, `y[${i}]`));
        expectNonDecreasing(g.y, "y");
        const sorted = [...m].sort((a, b) => a - b);
        const p = expectPredictContract(g, sorted);
        // Linear interpolation between non-decreasing values is non-decreasing, up to its rounding.
        expectNonDecreasing(p, "predict(sorted margins)", 4 * 2 ** -53);
        if (symmetric) {
          const mirrored = g.predict(sorted.map((d) => -d));
          p.forEach((v, i) => expect(Math.abs(v + mirrored[i] - 1)).toBeLessThanOrEqual(4 * 2 ** -53));
        }
      }),
      { seed: SEED, numRuns: RUNS.fit },
    );
  });

  it(`fitVennAbers: p0 ≤ p1 in [0, 1], both and the merged p monotone in the margin, antisymmetric (${RUNS.fit} runs)`, () => {
    fc.assert(
      fc.property(validPairs, fc.boolean(), margins, (pairs, symmetric, m) => {
        const { outcome, value: va } = callUnderContract(() => fitVennAbers(pairs as never, { symmetric }), PAIR_ARGUMENTS);
        tally.add(`fitVennAbers valid-looking: ${outcome}`);
        if (!va) return;
        expectAllFinite([va.x, va.p0, va.p1]);
        expect(va.p0.length).toBe(va.x.length + 1);
        for (let i = 1; i < va.x.length; i++) if (!(va.x[i] > va.x[i - 1])) expect.fail(`x not strictly increasing at ${i}`);
        const sorted = [...m, ...va.x].sort((a, b) => a - b);
        const p = expectPredictContract(va, sorted);
        const { p0, p1 } = va.predictInterval(sorted);
        sorted.forEach((d, i) => {
          if (!(p0[i] <= p1[i])) expect.fail(`p0 > p1 at margin ${d}: [${p0[i]}, ${p1[i]}]`);
          expectWithin(p0[i], 0, 1, `p0 at ${d}`);
          expectWithin(p1[i], 0, 1, `p1 at ${d}`);
        });
        // Table lookups are exactly monotone; the merged p = p1/(1 − p0 + p1) rises in both, up to its rounding.
        expectNonDecreasing(p0, "p0(sorted margins)");
        expectNonDecreasing(p1, "p1(sorted margins)");
        expectNonDecreasing(p, "p(sorted margins)", 4 * 2 ** -53);
        // Margins within 1e-15 of each other are one margin (scikit-learn's rule, docs/DESIGN.md §5.13); where that
        // merges a cluster around 0 unevenly the fitted margins are not their own mirror image. Where they are, p0 is
        // computed from p1 (bit for bit, checked in fit-venn-abers' tests) or, after an uneven merge, by a second
        // sweep whose cumulative sums round differently (by about ε·W/w at a gap of weight w in a total W).
        const mirrorImage = va.x.every((v, i) => v === -va.x[va.x.length - 1 - i]);
        if (symmetric && mirrorImage) {
          const there = va.predictInterval(sorted.map((d) => -d));
          sorted.forEach((d, i) => {
            expect(Math.abs(there.p0[i] - (1 - p1[i]))).toBeLessThanOrEqual(1e-12);
            expect(Math.abs(there.p1[i] - (1 - p0[i]))).toBeLessThanOrEqual(1e-12);
            expect(Math.abs(there.p[i] - (1 - p[i]))).toBeLessThanOrEqual(1e-12);
          });
        }
      }),
      { seed: SEED, numRuns: RUNS.fit },
    );
  });

  it(`every fit function never traps and never returns NaN on arbitrary columns (${RUNS.hostile} runs × 5 functions)`, () => {
    const fields = ["chosen", "rejected", "scoreA", "scoreB", "margin", "label", "weight"];
    const hostile = fc.record(Object.fromEntries(fields.map((f) => [f, anyColumn])), { requiredKeys: [] });
    const options = fc.record({ objective: anyOption, bounds: fc.oneof(anyOption, fc.tuple(anyOption, anyOption)), symmetric: anyOption, rewardClip: anyOption, holdout: anyOption, seed: anyOption }, { requiredKeys: [] });
    fc.assert(
      fc.property(hostile, options, (pairs, o) => {
        // Each function gets its own options only: unknown keys are refused (docs/DESIGN.md §8.2).
        const fits = [
          ["fitTemperature", fitTemperature, ["objective", "bounds", "rewardClip"]], ["fitPlatt", fitPlatt, ["rewardClip"]],
          ["fitIsotonic", fitIsotonic, ["symmetric", "rewardClip"]], ["fitVennAbers", fitVennAbers, ["symmetric", "rewardClip"]],
          ["splitPairs", splitPairs, ["holdout", "seed"]],
        ] as const;
        for (const [name, fit, keys] of fits) {
          const own = Object.fromEntries(Object.entries(o).filter(([key]) => (keys as readonly string[]).includes(key)));
          const { outcome, value } = callUnderContract(() => (fit as (p: unknown, o: unknown) => unknown)(pairs, own), PAIR_ARGUMENTS);
          tally.add(`${name} hostile: ${outcome}`);
          if (value && name !== "splitPairs") {
            const c = value as Calibrator;
            const json = c.toJSON() as Record<string, unknown>;
            expectAllFinite({ ...json, fit: undefined, rewardNormalization: json.rewardNormalization ?? undefined });
          }
        }
      }),
      { seed: SEED, numRuns: RUNS.hostile },
    );
  });
});

describe("scikit-learn-shaped isotonic regression under arbitrary input", () => {
  const data = fc.integer({ min: 1, max: 30 }).chain((n) =>
    fc.record({
      x: fc.array(fc.oneof(margin, fc.constantFrom(0, 1, 2)), { minLength: n, maxLength: n }),
      y: fc.array(fc.oneof(margin, label), { minLength: n, maxLength: n }),
      sampleWeight: fc.option(fc.array(weight, { minLength: n, maxLength: n }), { nil: undefined }),
      increasing: fc.constantFrom<boolean | "auto">(true, false, "auto"),
      yMin: fc.option(fc.double({ min: -2, max: 0.5, noNaN: true }), { nil: undefined }),
      yMax: fc.option(fc.double({ min: 0.5, max: 2, noNaN: true }), { nil: undefined }),
      outOfBounds: fc.constantFrom<"nan" | "clip" | "raise">("nan", "clip", "raise"),
      xNew: fc.array(fc.oneof(margin, fc.constantFrom(0, 1, 2, -1e308, 1e308)), { maxLength: 12 }),
    }));

  it(`isotonicRegression(y): monotone, within [yMin, yMax] and the data's range, or a named error (${RUNS.isotonic} runs)`, () => {
    fc.assert(
      fc.property(data, ({ y, sampleWeight, increasing, yMin, yMax }) => {
        const inc = increasing === "auto" ? true : increasing;
        const { outcome, value } = callUnderContract(() => isotonicRegression(y, { sampleWeight, increasing: inc, yMin, yMax }), ["y", "options"]);
        tally.add(`isotonicRegression: ${outcome}`);
        if (!value) return;
        expect(value.length).toBe(y.length);
        expectAllFinite(value);
        // A weighted mean of block values lies within the data's range (±1 rounding of the mean); then np.clip.
        const low = Math.max(Math.min(...y), yMin ?? -Infinity), high = Math.min(Math.max(...y), yMax ?? Infinity);
        const ulp = 4 * 2 ** -52 * Math.max(...y.map(Math.abs));
        value.forEach((v, i) => expectWithin(v, Math.min(low, high) - ulp, Math.max(low, high) + ulp, `fit[${i}]`));
        expectNonDecreasing(inc ? value : Array.from(value).reverse(), "fit", ulp);
      }),
      { seed: SEED, numRuns: RUNS.isotonic },
    );
  });

  it(`fitIsotonicRegression(x, y).predict(xNew): NaN only for outOfBounds "nan" outside [xMin, xMax] (${RUNS.isotonic} runs)`, () => {
    fc.assert(
      fc.property(data, ({ x, y, sampleWeight, increasing, yMin, yMax, outOfBounds, xNew }) => {
        const { outcome, value: model } = callUnderContract(() => fitIsotonicRegression(x, y, { sampleWeight, increasing, yMin, yMax, outOfBounds }), ["x", "y", "options"]);
        tally.add(`fitIsotonicRegression: ${outcome}`);
        if (!model) return;
        expectAllFinite([model.xThresholds, model.yThresholds, model.xMin, model.xMax]);
        const sorted = [...xNew].sort((a, b) => a - b);
        const { outcome: predicted, value: p } = callUnderContract(() => model.predict(sorted), ["xNew"]);
        tally.add(`fitIsotonicRegression.predict (${outOfBounds}): ${predicted}`);
        if (!p) {
          expect(outOfBounds).toBe("raise");
          return;
        }
        const single = model.xThresholds.length === 1;
        p.forEach((v, i) => {
          const outside = sorted[i] < model.xMin || sorted[i] > model.xMax;
          if (Number.isNaN(v)) expect(outOfBounds === "nan" && outside && !single).toBe(true);
          else expect(Number.isFinite(v)).toBe(true);
        });
        const inside = Array.from(p).filter((v) => !Number.isNaN(v));
        const scale = 4 * 2 ** -52 * Math.max(1, ...inside.map(Math.abs));
        expectNonDecreasing(model.increasing ? inside : inside.reverse(), "predict", scale);
      }),
      { seed: SEED, numRuns: RUNS.isotonic },
    );
  });

  it(`isotonicRegression / fitIsotonicRegression never trap on arbitrary columns (${RUNS.hostile} runs)`, () => {
    const options = fc.record({ sampleWeight: anyColumn, increasing: anyOption, yMin: anyOption, yMax: anyOption, outOfBounds: anyOption }, { requiredKeys: [] });
    fc.assert(
      fc.property(anyColumn, anyColumn, options, anyColumn, (x, y, o, xNew) => {
        const { outOfBounds: _, ...regressionOptions } = o; // fitIsotonicRegression's only
        tally.add(`isotonicRegression hostile: ${callUnderContract(() => isotonicRegression(y as never, regressionOptions as never), ["y", "options"]).outcome}`);
        const { outcome, value } = callUnderContract(() => fitIsotonicRegression(x as never, y as never, o as never), ["x", "y", "options"]);
        tally.add(`fitIsotonicRegression hostile: ${outcome}`);
        if (value) callUnderContract(() => value.predict(xNew as never), ["xNew"]);
      }),
      { seed: SEED, numRuns: RUNS.hostile },
    );
  });
});

describe("bradleyTerryLoss under arbitrary input", () => {
  it(`finite loss ≥ 0 and |gradient[i]| ≤ w_i/Σw, or a named error (${RUNS.loss} runs)`, () => {
    const scenario = fc.integer({ min: 1, max: 30 }).chain((n) =>
      fc.record({
        margins: fc.array(margin, { minLength: n, maxLength: n }),
        labels: fc.option(fc.array(label, { minLength: n, maxLength: n }), { nil: undefined }),
        weights: fc.option(fc.array(weight, { minLength: n, maxLength: n }), { nil: undefined }),
        labelSmoothing: fc.option(fc.constantFrom(0, 0.05, 0.1, 0.4999, 0.5, -0.1, NaN), { nil: undefined }),
        margin: fc.option(fc.oneof(margin, fc.array(margin, { minLength: n, maxLength: n })), { nil: undefined }),
      }));
    fc.assert(
      fc.property(scenario, ({ margins, ...options }) => {
        const { outcome, value } = callUnderContract(() => bradleyTerryLoss(margins, options), ["margins", "options"]);
        tally.add(`bradleyTerryLoss: ${outcome}`);
        if (!value) return;
        expect(value.gradient.length).toBe(margins.length);
        if (value.loss === Infinity) {
          // Documented: +∞ only when the true loss exceeds float64, i.e. some |d − m| is near 1e308.
          const m = options.margin ?? 0;
          const largest = Math.max(...margins.map((d, i) => Math.abs(d / 2 - (typeof m === "number" ? m : m[i]) / 2)));
          expect(largest * margins.length).toBeGreaterThanOrEqual(1.7e308 / 2);
          return;
        }
        expectAllFinite(value);
        expect(value.loss).toBeGreaterThanOrEqual(0);
        const w = options.weights ?? margins.map(() => 1);
        const total = w.reduce((s, x) => s + x, 0);
        value.gradient.forEach((g, i) => expect(Math.abs(g)).toBeLessThanOrEqual((w[i] / total) * (1 + 1e-12) + 1e-300));
      }),
      { seed: SEED, numRuns: RUNS.loss },
    );
  });

  it(`never traps on arbitrary columns and options (${RUNS.hostile} runs)`, () => {
    const options = fc.record({ labels: anyColumn, weights: anyColumn, labelSmoothing: anyOption, margin: fc.oneof(anyOption, anyColumn) }, { requiredKeys: [] });
    fc.assert(
      fc.property(anyColumn, options, (m, o) => {
        const { outcome, value } = callUnderContract(() => bradleyTerryLoss(m as never, o as never), ["margins", "options"]);
        tally.add(`bradleyTerryLoss hostile: ${outcome}`);
        if (value && value.loss !== Infinity) expectAllFinite(value);
      }),
      { seed: SEED, numRuns: RUNS.hostile },
    );
  });
});

describe("regressions the properties found (kept as examples)", () => {
  it("fitTemperature: a |d| = 1e308 pair no longer turns the Newton curvature into ∞·0 = NaN (it stopped at the wrong bound)", () => {
    const margin = [0, -1e308, 0, -4e-9], label = [0, 0, 0, 0], weight = [0.001, 1.8, 0.001, 0.0143];
    const t = fitTemperature({ margin, label, weight });
    // Separable data (no pair on the wrong side): the optimum is T → 0, i.e. the lower bound, not "no signal" at T = 1000.
    expect([t.temperature, t.atBound]).toEqual([1e-3, "lower"]);
    expect(t.nllAfter).toBeLessThan(t.nllBefore);
  });

  it("isotonic regression: means of values near ±1e308 stay finite (Σw·y overflowed to -∞), thresholds 1e308 apart interpolate", () => {
    const y = [0, -1e308, 0, 5e-324];
    const fit = isotonicRegression(y, { sampleWeight: [0.001, 1.8, 0.001, 0.001] });
    expectAllFinite(fit);
    expect(fit[0]).toBeGreaterThan(-1e308);
    const g = fitIsotonic({ chosen: [0], rejected: [-1e308] });
    // x = [-1e308, 1e308], y = [0, 1]: g(0) is ½ (numpy's slope 1/∞ = 0 gave 0), and g(−d) = 1 − g(d) holds.
    expect(Array.from(g.predict([0, -5e307, 5e307]))).toEqual([0.5, 0.25, 0.75]);
  });

  it("bradleyTerryLoss: a zero-weight pair whose d − m overflows adds nothing (was 0·∞ = NaN)", () => {
    const r = bradleyTerryLoss([1e308, 1], { margin: [-1e308, 0], labels: [0, 1], weights: [0, 1] });
    expect(r.loss).toBe(bradleyTerryLoss([1], { labels: [1] }).loss);
    expect(Array.from(r.gradient)).toEqual([0, bradleyTerryLoss([1], { labels: [1] }).gradient[0]]);
    // Equal power-of-two weights of any size give exactly the unweighted loss and gradient: they are rescaled to 1.
    for (const w of [2 ** -330, 0.25, 2 ** 330]) {
      expect(bradleyTerryLoss([0.3, -2, 7], { weights: [w, w, w], labels: [1, 0.2, 0] })).toEqual(bradleyTerryLoss([0.3, -2, 7], { labels: [1, 0.2, 0] }));
    }
  });

  it("fitTemperature / fitPlatt: scores near 1e300 give a finite reward normalization that loads back (the squares overflowed)", () => {
    for (const fitted of [fitTemperature({ chosen: [0, 0, 0], rejected: [0, 1e300, 0] }), fitPlatt({ scoreA: [0, 0, 0], scoreB: [0, 1e300, 0], label: [0, 0, 1] })]) {
      const norm = fitted.rewardNormalization!;
      expectAllFinite([norm.mean, norm.std]);
      expect(norm.std).toBeGreaterThan(0);
      expect(loadCalibrator(JSON.parse(JSON.stringify(fitted))).rewardNormalization).toEqual(norm);
    }
  });

  it("fitIsotonic: scores whose difference from the reference overflows still fit (was 'margins[0] is Infinity', an argument the caller never passed)", () => {
    const g = fitIsotonic({ chosen: [1e308, 0, 0], rejected: [0, 0, -1e308] });
    expectAllFinite([g.rewardNormalization!.mean, g.rewardNormalization!.std, g.rewardNormalization!.reference!]);
    expect(loadCalibrator(JSON.stringify(g)).predict([0, 1e308])).toEqual(g.predict([0, 1e308]));
  });
});
