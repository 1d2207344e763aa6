// assess(pairs, options) under arbitrary input: documented results or a named RangeError/TypeError.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, assess, type Assessment } from "rmcal";
import { SEED, anyColumn, anyOption, temperature, binCount, validPairs } from "./arbitraries";
import { callUnderContract, expectAllFinite, expectWithin, Tally } from "./contract";

beforeAll(async () => {
  await init();
});

const tally = new Tally("assess");
afterAll(() => tally.report());

/** The largest |d/T| of valid-looking pairs (Infinity when one overflows), to justify an infinite NLL. */
function largestScaledMargin(pairs: unknown, temperature: number): number {
  const rows = Array.isArray(pairs) ? pairs : [pairs];
  let largest = 0;
  for (const p of rows as Record<string, ArrayLike<number> | number>[]) {
    const a = p.margin ?? p.chosen ?? p.scoreA, b = p.margin !== undefined ? 0 : (p.rejected ?? p.scoreB);
    const as = typeof a === "number" ? [a] : Array.from(a), bs = typeof b === "number" ? as.map(() => b) : Array.from(b);
    as.forEach((x, i) => (largest = Math.max(largest, Math.abs((x - bs[i]) / temperature))));
  }
  return largest;
}

/**
 * Everything docs/DESIGN.md §2, §3 and the Assessment doc promise. The NLL is the one field allowed to be
 * +Infinity, and only when the true value nearly exceeds float64: weights are scaled into [1, 2)
 * (src/core/weight-scale.ts), so the sum Σw·loss reaches +∞ only when 2·n·`largest` |d/T| ≥ 1.7e308, or a d/T
 * overflowed.
 */
export function expectAssessmentContract(r: Assessment, rows: number, largest = Infinity): void {
  if (r.nll === Infinity) {
    expect(2 * largest * rows).toBeGreaterThanOrEqual(1.7e308);
    r = { ...r, nll: 0 };
  }
  expectAllFinite({ ...r, bins: r.bins.map((b) => ({ ...b })) });
  expect(Number.isInteger(r.n) && r.n >= 1 && r.n <= rows).toBe(true);
  expect(r.weight).toBeGreaterThan(0);
  for (const key of ["accuracy", "brier", "ece", "rmsce", "mce", "rmsceDebiased"] as const) expectWithin(r[key], 0, 1, key);
  expect(r.nll).toBeGreaterThanOrEqual(0);
  expect(r.rmsceDebiased).toBeLessThanOrEqual(r.rmsce + 1e-12);
  expect(r.ece).toBeLessThanOrEqual(r.rmsce + 1e-12); // Jensen: the L1 mean gap is at most the L2 one
  expect(r.rmsce).toBeLessThanOrEqual(r.mce + 1e-12);
  const low = r.view === "folded" ? 0.5 : 0;
  let count = 0, binWeight = 0;
  // Plain comparisons per bin (an expect() per field of 1000 bins would dominate the run time).
  for (const [i, b] of r.bins.entries()) {
    expectWithin(b.lower, low, 1, `bins[${i}].lower`);
    expectWithin(b.upper, b.lower, 1, `bins[${i}].upper`);
    if (!(Number.isInteger(b.count) && b.count >= 0)) expect.fail(`bins[${i}].count is ${b.count}`);
    count += b.count;
    binWeight += b.weight;
    if (b.weight > 0) {
      expectWithin(b.meanPredicted, low, 1, `bins[${i}].meanPredicted`);
      for (const key of ["observed", "gap", "low", "high"] as const) expectWithin(b[key], 0, 1, `bins[${i}].${key}`);
      // The Wilson interval contains the observed share (up to rounding of its centre and half-width).
      if (!(b.low! <= b.observed! + 1e-12 && b.observed! <= b.high! + 1e-12)) expect.fail(`bins[${i}] interval misses observed`);
    } else if (b.meanPredicted !== null || b.observed !== null || b.gap !== null || b.low !== null || b.high !== null) {
      expect.fail(`bins[${i}] is empty but has statistics`);
    }
  }
  expect(count).toBe(r.n);
  expect(Math.abs(binWeight - r.weight)).toBeLessThanOrEqual(1e-12 * r.weight);
}

const validOptions = fc.record(
  {
    bins: binCount,
    binning: fc.constantFrom("uniform", "quantile"),
    view: fc.constantFrom("folded", "oriented"),
    temperature,
  },
  { requiredKeys: [] },
);

const ARGUMENTS = ["pairs", "options"];
const RUNS = { valid: 1500, hostile: 1500, hostileOptions: 500 };

describe("assess(pairs, options) property contract", () => {
  it(`returns documented, finite results or a named error for valid-looking pairs and options (${RUNS.valid} runs)`, () => {
    fc.assert(
      fc.property(validPairs, validOptions, (pairs, options) => {
        const { outcome, value, message } = callUnderContract(() => assess(pairs as never, options), ARGUMENTS);
        tally.add(`valid-looking: ${outcome}${message ? ` (${message.replace(/\[\d+\].*|is .*/, "…")})` : ""}`);
        const rows = Array.isArray(pairs) ? pairs.length : ((pairs as { label?: unknown[] }).label ?? (pairs as { chosen: unknown[] }).chosen).length;
        if (value) expectAssessmentContract(value, rows, largestScaledMargin(pairs, options.temperature ?? 1));
      }),
      { seed: SEED, numRuns: RUNS.valid },
    );
  });

  it(`never traps and never returns NaN for arbitrary columns of arbitrary values (${RUNS.hostile} runs)`, () => {
    const fields = ["chosen", "rejected", "scoreA", "scoreB", "margin", "label", "weight"];
    const hostilePairs = fc.oneof(
      fc.record(Object.fromEntries(fields.map((f) => [f, anyColumn])), { requiredKeys: [] }),
      fc.array(fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(fc.double(), fc.constantFrom("1", null))])), { requiredKeys: [] }), { maxLength: 4 }),
      fc.constantFrom(null, undefined, 0, "pairs", [], [null], {}, [[1, 2]]),
    );
    fc.assert(
      fc.property(hostilePairs, (pairs) => {
        const { outcome, value } = callUnderContract(() => assess(pairs as never), ARGUMENTS);
        tally.add(`hostile columns: ${outcome}`);
        if (value) expectAssessmentContract(value, Infinity);
      }),
      { seed: SEED, numRuns: RUNS.hostile },
    );
  });

  it(`rejects every invalid option value by name (${RUNS.hostileOptions} runs)`, () => {
    const options = fc.oneof(
      fc.record({ bins: anyOption, binning: anyOption, view: anyOption, temperature: anyOption }, { requiredKeys: [] }),
      fc.constantFrom(null, 3, "folded", [] as unknown[]),
    );
    fc.assert(
      fc.property(options, (o) => {
        const { outcome, value } = callUnderContract(() => assess({ margin: [0.3, -1.2, 2], label: [1, 0, 0.5] }, o as never), ARGUMENTS);
        tally.add(`hostile options: ${outcome}`);
        if (value) expectAssessmentContract(value, 3);
      }),
      { seed: SEED, numRuns: RUNS.hostileOptions },
    );
  });
});
