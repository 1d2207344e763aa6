// Metamorphic properties: transformations of the input that must leave results unchanged, exactly or up to a
// stated rounding bound. u = 2^-53 is the unit roundoff of float64. Reordering a sum of n terms changes it by at
// most (n − 1)·u·Σ|terms| (Higham, "Accuracy and Stability of Numerical Algorithms", §4.2); each metric is a ratio
// or difference of such sums of values in [0, 1], so the bound used below is 8·n·u, absolute for metrics in [0, 1]
// and relative for the NLL.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, assess, calibrationCurve, expectedCalibrationError, brierScore, logLoss, type Assessment } from "rmcal";
import { SEED, label } from "./arbitraries";

beforeAll(async () => {
  await init();
});

const U = 2 ** -53;
const RUNS = 300;

/** Scores of a reward model's range; subnormals (whose scaling underflows) are the contract suites' job. */
const score = fc.oneof(fc.double({ min: -15, max: 15, noNaN: true }).map((x) => (Math.abs(x) < 1e-200 ? 0 : x)), fc.constantFrom(0, 1, -1));

/** Pairs with optional weights. */
const pairs = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.record({
    scoreA: fc.array(score, { minLength: n, maxLength: n }),
    scoreB: fc.array(score, { minLength: n, maxLength: n }),
    label: fc.array(label, { minLength: n, maxLength: n }),
    weight: fc.option(fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: n, maxLength: n }), { nil: undefined }),
  }),
);
type ScoredPairs = { scoreA: number[]; scoreB: number[]; label: number[]; weight?: number[] };

const options = fc.record({
  bins: fc.integer({ min: 1, max: 20 }),
  binning: fc.constantFrom("uniform", "quantile"),
  view: fc.constantFrom("folded", "oriented"),
  temperature: fc.double({ min: 0.1, max: 10, noNaN: true }),
});

const near = (a: number | null, b: number | null, tolerance: number, what: string) => {
  if (a === null || b === null) {
    if (a !== b) expect.fail(`${what}: ${a} vs ${b}`);
    return;
  }
  if (!(Math.abs(a - b) <= tolerance)) expect.fail(`${what}: ${a} vs ${b} differ by ${Math.abs(a - b)} > ${tolerance}`);
};

/** Two assessments agree on every metric and bin within 8·n·u (NLL relative; RMSCEs compared squared, because a
 * square root amplifies an absolute error δ near 0 to √δ). `sameCounts` is false when pairs were duplicated. */
function expectSameAssessment(a: Assessment, b: Assessment, n: number, sameCounts = true): void {
  const tol = 8 * n * U;
  for (const key of ["accuracy", "brier", "ece", "mce"] as const) near(a[key], b[key], tol, key);
  near(a.nll, b.nll, tol * Math.max(1, a.nll), "nll");
  near(a.rmsce ** 2, b.rmsce ** 2, tol, "rmsce²");
  near(a.weight, b.weight, tol * a.weight, "weight");
  expect(a.bins.length).toBe(b.bins.length);
  a.bins.forEach((bin, i) => {
    const other = b.bins[i];
    if (sameCounts && bin.count !== other.count) expect.fail(`bins[${i}].count ${bin.count} vs ${other.count}`);
    near(bin.weight, other.weight, tol * a.weight, `bins[${i}].weight`);
    for (const key of ["meanPredicted", "observed", "gap"] as const) near(bin[key], other[key], tol, `bins[${i}].${key}`);
  });
}

const permute = <T,>(values: T[] | undefined, order: number[]) => values && order.map((i) => values[i]);

describe("metamorphic properties of assess", () => {
  it(`permuting pairs leaves every metric and bin unchanged within 8·n·u (${RUNS} runs)`, () => {
    const scenario = pairs.chain((p) =>
      fc.tuple(fc.constant(p), fc.shuffledSubarray([...p.label.keys()], { minLength: p.label.length, maxLength: p.label.length }), options));
    fc.assert(
      fc.property(scenario, ([p, order, o]) => {
        const shuffled = { scoreA: permute(p.scoreA, order)!, scoreB: permute(p.scoreB, order)!, label: permute(p.label, order)!, ...(p.weight ? { weight: permute(p.weight, order) } : {}) };
        expectSameAssessment(assess(p, o), assess(shuffled, o), p.label.length);
        // Debiased RMSCE too (same per-bin sums up to order); compared squared for the reason above.
        near(assess(p, o).rmsceDebiased ** 2, assess(shuffled, o).rmsceDebiased ** 2, 64 * p.label.length * U, "rmsceDebiased²");
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`swapping A and B and flipping labels (y → 1 − y) leaves the folded view unchanged (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(pairs, options, (p, o) => {
        const swapped = { scoreA: p.scoreB, scoreB: p.scoreA, label: p.label.map((y) => 1 - y), ...(p.weight ? { weight: p.weight } : {}) };
        const folded = { ...o, view: "folded" as const };
        const [before, after] = [assess(p, folded), assess(swapped, folded)];
        // |d| is the same float (a − b = −(b − a) exactly), so the binned confidences and counts are bit-identical;
        // 1 − (1 − y) may differ from y by one ulp, and σ(−z) from 1 − σ(z), hence the 8·n·u bound elsewhere.
        expect(after.bins.map((b) => [b.count, b.meanPredicted])).toEqual(before.bins.map((b) => [b.count, b.meanPredicted]));
        expectSameAssessment(before, after, p.label.length);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`scaling margins and temperature by a power of two c = 2^k changes nothing, bit for bit (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(pairs, options, fc.integer({ min: -30, max: 30 }), (p, o, k) => {
        const c = 2 ** k;
        const margin = p.scoreA.map((a, i) => a - p.scoreB[i]);
        const base = assess({ margin, label: p.label, ...(p.weight ? { weight: p.weight } : {}) }, o);
        const scaled = assess({ margin: margin.map((d) => c * d), label: p.label, ...(p.weight ? { weight: p.weight } : {}) }, { ...o, temperature: c * o.temperature });
        // (c·d)/(c·T) = d/T exactly when c is a power of two (no overflow or underflow in this range).
        expect({ ...scaled, temperature: o.temperature }).toEqual(base);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`scaling margins and temperature by any c in [1e-3, 1e3] moves probabilities by at most 4·u (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(pairs, options, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (p, o, c) => {
        const margin = p.scoreA.map((a, i) => a - p.scoreB[i]);
        const w = p.weight ? { weight: p.weight } : {};
        // Two bins of one pair each: the oriented bin means are the probabilities σ(d/T) themselves.
        for (let i = 0; i < margin.length; i++) {
          const one = (m: number, t: number) => assess({ margin: [m], label: [p.label[i]] }, { view: "oriented", bins: 1, temperature: t }).bins[0].meanPredicted!;
          // z' = fl(fl(c·d)/fl(c·T)) is within 3u relative of z = fl(d/T); |dσ/dz|·|z| ≤ 0.224, so |Δp| ≤ 0.7u < 4u.
          near(one(c * margin[i], c * o.temperature), one(margin[i], o.temperature), 4 * U, `σ(d/T) of pair ${i}`);
        }
        const [base, scaled] = [assess({ margin, label: p.label, ...w }, o), assess({ margin: margin.map((d) => c * d), label: p.label, ...w }, { ...o, temperature: c * o.temperature })];
        // Continuous metrics only: ECE can jump where a probability moved across a bin edge.
        near(scaled.accuracy, base.accuracy, 0, "accuracy (signs of d unchanged)");
        near(scaled.brier, base.brier, 8 * margin.length * U, "brier");
        const maxZ = Math.max(...margin.map((d) => Math.abs(d / o.temperature)));
        near(scaled.nll, base.nll, 3 * U * maxZ + 8 * margin.length * U * Math.max(1, base.nll), "nll");
      }),
      { seed: SEED, numRuns: RUNS / 3 },
    );
  });

  it(`duplicating every pair equals doubling its weight, for uniform bins (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(pairs, options, (p: ScoredPairs, o) => {
        const uniform = { ...o, binning: "uniform" as const };
        const weight = p.weight ?? p.label.map(() => 1);
        const twice = <T,>(values: T[]) => values.flatMap((v) => [v, v]);
        const duplicated = assess({ scoreA: twice(p.scoreA), scoreB: twice(p.scoreB), label: twice(p.label), weight: twice(weight) }, uniform);
        const doubled = assess({ scoreA: p.scoreA, scoreB: p.scoreB, label: p.label, weight: weight.map((w) => 2 * w) }, uniform);
        // Counts differ by design (n counts pairs), and so do the Wilson intervals: Kish's effective sample size
        // treats weights as importance weights, not frequencies. Quantile edges are unweighted quantiles of the
        // values (docs/DESIGN.md §2.3), so duplication moves them: the property holds for uniform bins only.
        expectSameAssessment(duplicated, doubled, 2 * p.label.length, false);
        expect(duplicated.n).toBe(2 * doubled.n);
        duplicated.bins.forEach((bin, i) => expect(bin.count).toBe(2 * doubled.bins[i].count));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("metamorphic properties of the scikit-learn-shaped metrics", () => {
  const binary = fc.integer({ min: 1, max: 60 }).chain((n) =>
    fc.record({
      yTrue: fc.array(label, { minLength: n, maxLength: n }),
      yProb: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      weight: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      nBins: fc.integer({ min: 1, max: 20 }),
      strategy: fc.constantFrom("uniform", "quantile") as fc.Arbitrary<"uniform" | "quantile">,
    }));

  it(`permutation invariance and duplication = weight 2 for calibrationCurve, ECE, Brier and log loss (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(binary, ({ yTrue, yProb, weight, order, nBins, strategy }) => {
        const n = yTrue.length;
        const tol = 16 * n * U;
        const o = { nBins, strategy, sampleWeight: weight };
        const shuffled = [permute(yTrue, order)!, permute(yProb, order)!, { ...o, sampleWeight: permute(weight, order) }] as const;
        const [a, b] = [calibrationCurve(yTrue, yProb, o), calibrationCurve(...shuffled)];
        expect(b.counts).toEqual(a.counts);
        a.probTrue.forEach((v, i) => near(b.probTrue[i], v, tol, `probTrue[${i}]`));
        a.probPred.forEach((v, i) => near(b.probPred[i], v, tol, `probPred[${i}]`));
        for (const norm of ["l1", "l2", "max"] as const) {
          const sq = norm === "l2" ? 2 : 1;
          near(expectedCalibrationError(...shuffled.slice(0, 2) as [number[], number[]], { ...shuffled[2], norm }) ** sq, expectedCalibrationError(yTrue, yProb, { ...o, norm }) ** sq, tol, `ece ${norm}`);
        }
        const weighted = [shuffled[0], shuffled[1], { sampleWeight: shuffled[2].sampleWeight }] as const;
        near(brierScore(...weighted), brierScore(yTrue, yProb, { sampleWeight: weight }), tol, "brier");
        near(logLoss(...weighted), logLoss(yTrue, yProb, { sampleWeight: weight }), tol * 40, "logLoss");
        // Duplication: uniform bins only (quantile edges are unweighted percentiles of yProb).
        const twice = (v: number[]) => v.flatMap((x) => [x, x]);
        const dup = calibrationCurve(twice(yTrue), twice(yProb), { nBins, sampleWeight: twice(weight) });
        const doubled = calibrationCurve(yTrue, yProb, { nBins, sampleWeight: weight.map((w) => 2 * w) });
        expect(dup.counts).toEqual(doubled.counts.map((c) => 2 * c));
        doubled.probPred.forEach((v, i) => near(dup.probPred[i], v, 2 * tol, `dup probPred[${i}]`));
        doubled.probTrue.forEach((v, i) => near(dup.probTrue[i], v, 2 * tol, `dup probTrue[${i}]`));
        near(brierScore(twice(yTrue), twice(yProb)), brierScore(yTrue, yProb), 2 * tol, "dup brier");
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
