// calibrationCurve, expectedCalibrationError, brierScore and logLoss under arbitrary input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, calibrationCurve, expectedCalibrationError, brierScore, logLoss } from "rmcal";
import { SEED, anyColumn, anyOption, label, weight, binCount } from "./arbitraries";
import { callUnderContract, expectAllFinite, expectWithin, Tally } from "./contract";

beforeAll(async () => {
  await init();
});

const tally = new Tally("binary metrics");
afterAll(() => tally.report());

const ARGUMENTS = ["yTrue", "yProb", "sampleWeight", "options"];
const RUNS = { valid: 1000, hostile: 1000, options: 400 };

/** Probabilities including the exact bin edges of small uniform binnings, where the assignment rule matters. */
const probability = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, 0.5, 0.1, 0.2, 0.3, 0.7, 0.9, 1 / 3, 2 / 3, 5e-324, 1 - Number.EPSILON / 2) },
);

const validInputs = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    yTrue: fc.array(label, { minLength: n, maxLength: n }),
    yProb: fc.array(probability, { minLength: n, maxLength: n }),
    sampleWeight: fc.option(fc.array(weight, { minLength: n, maxLength: n }), { nil: undefined }),
    nBins: binCount,
    strategy: fc.constantFrom("uniform", "quantile"),
    norm: fc.constantFrom("l1", "l2", "max"),
  }),
);

type Call = (yTrue: unknown, yProb: unknown, options: Record<string, unknown>) => unknown;

/** The keys of `options` that `keys` names: each function refuses the others' options (docs/DESIGN.md §8.2). */
function only(options: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([key]) => keys.includes(key)));
}

/** Calls all four functions with the same data and checks each against its documented result. */
function checkAll(yTrue: unknown, yProb: unknown, options: Record<string, unknown>, what: string): void {
  const calls: [string, Call, readonly string[], (v: unknown) => void][] = [
    ["calibrationCurve", calibrationCurve as Call, ["nBins", "strategy", "sampleWeight"], (v) => {
      const c = v as { probTrue: Float64Array; probPred: Float64Array; counts: Float64Array };
      expectAllFinite(c);
      expect(c.probTrue.length).toBe(c.probPred.length);
      expect(c.counts.length).toBe(c.probPred.length);
      c.probTrue.forEach((p, i) => expectWithin(p, 0, 1, `probTrue[${i}]`));
      c.probPred.forEach((p, i) => expectWithin(p, 0, 1, `probPred[${i}]`));
      // Bins are reported in order of their edges, and each mean lies among its bin's values, so the means never
      // decrease (up to 1e-15: a weighted mean is rounded, and w·v underflows for subnormal v, off by ~1e-322).
      for (let i = 1; i < c.probPred.length; i++) {
        if (c.probPred[i] < c.probPred[i - 1] - 1e-15) expect.fail(`probPred not sorted at ${i}: ${c.probPred[i - 1]} > ${c.probPred[i]}`);
      }
      // Each mean prediction lies among the predictions it averages (catches w·v losing every digit).
      const probs = Array.from(yProb as ArrayLike<number>);
      const [lo, hi] = [Math.min(...probs), Math.max(...probs)];
      for (const p of c.probPred) if (!(p >= lo - 1e-15 && p <= hi + 1e-15)) expect.fail(`probPred ${p} outside [${lo}, ${hi}]`);
      expect(c.probPred.length).toBeLessThanOrEqual((options.nBins as number | undefined) ?? 5);
    }],
    ["expectedCalibrationError", expectedCalibrationError as Call, ["nBins", "strategy", "norm", "sampleWeight"], (v) => expectWithin(v as number, 0, 1, "ece")],
    ["brierScore", brierScore as Call, ["sampleWeight"], (v) => expectWithin(v as number, 0, 1, "brier")],
    ["logLoss", logLoss as Call, ["eps", "sampleWeight"], (v) => {
      // Clipping at eps = 2^-52 bounds each term by -ln(2^-52) ≈ 36.04.
      expectWithin(v as number, 0, 36.05, "logLoss");
    }],
  ];
  for (const [name, call, keys, check] of calls) {
    const { outcome, value } = callUnderContract(() => call(yTrue, yProb, only(options, keys)), ARGUMENTS);
    tally.add(`${what} ${name}: ${outcome}`);
    if (outcome === "result") check(value);
  }
}

describe("scikit-learn-shaped metrics property contract", () => {
  it(`calibrationCurve / expectedCalibrationError / brierScore / logLoss: documented results for valid inputs (${RUNS.valid} runs × 4 functions)`, () => {
    fc.assert(
      fc.property(validInputs, ({ yTrue, yProb, sampleWeight, nBins, strategy, norm }) => {
        const options = { nBins, strategy, norm, ...(sampleWeight ? { sampleWeight } : {}) };
        checkAll(yTrue, yProb, options, "valid-looking");
      }),
      { seed: SEED, numRuns: RUNS.valid },
    );
  });

  it(`never trap, never NaN, for arbitrary columns (${RUNS.hostile} runs × 4 functions)`, () => {
    fc.assert(
      fc.property(anyColumn, anyColumn, fc.option(anyColumn, { nil: undefined }), (yTrue, yProb, sampleWeight) => {
        checkAll(yTrue, yProb, sampleWeight === undefined ? {} : { sampleWeight }, "hostile");
      }),
      { seed: SEED, numRuns: RUNS.hostile },
    );
  });

  it(`reject invalid options by name (${RUNS.options} runs × 4 functions)`, () => {
    const options = fc.record({ nBins: anyOption, strategy: anyOption, norm: anyOption, eps: anyOption }, { requiredKeys: [] });
    fc.assert(
      fc.property(options, (o) => checkAll([1, 0, 1], [0.9, 0.2, 0.6], o as Record<string, unknown>, "hostile options")),
      { seed: SEED, numRuns: RUNS.options },
    );
  });
});
