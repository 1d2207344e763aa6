// The documented limits: huge bin counts, inputs beyond what wasm32 memory holds, float64 overflow of the
// margin, and the first offending index named in every column error.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, assess, calibrationCurve, expectedCalibrationError, brierScore, logLoss } from "rmcal";
import { SEED, NOT_NUMBERS } from "./arbitraries";

beforeAll(async () => {
  await init();
});

/** A real JavaScript array of the given length that holds nothing: what a caller's huge column looks like to rmcal's
 * up-front checks, without allocating gigabytes in the test. Reading any entry would give undefined (a TypeError),
 * so an error about memory proves the size was checked before anything was copied. */
function hollowColumn(length: number): number[] {
  const column: number[] = [];
  column.length = length;
  return column;
}

/** floor((2^30 − 16) / 8): the TLSF allocator's 1 GiB block limit, in float64 values. */
const MAX_ROWS = 134_217_726;

describe("inputs beyond wasm32 memory fail up front, saying how much was needed", () => {
  it("assess({margin, label, weight}) with 2·10^8 rows names the 1.49 GiB per column and the shard size", () => {
    const rssBefore = process.memoryUsage().rss;
    const column = hollowColumn(2e8);
    expect(() => assess({ margin: column, label: column, weight: column })).toThrow(
      new RangeError(`pairs has 200000000 rows: one float64 column of them needs 1.49 GiB of WebAssembly memory, more than the 1.00 GiB a single wasm32 allocation can hold; split the data into shards of at most ${MAX_ROWS} rows`),
    );
    // Nothing was copied: the process grew by far less than one 1.6 GB column.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 ** 2);
  });

  it("the limit sits exactly at 134,217,726 rows (one more fails, in every shape and in the binary helpers)", () => {
    const over = hollowColumn(MAX_ROWS + 1);
    const at = hollowColumn(MAX_ROWS);
    const tooMany = /has 134217727 rows: one float64 column of them needs 1\.00 GiB/;
    expect(() => assess({ chosen: over, rejected: over })).toThrow(tooMany);
    expect(() => assess({ scoreA: over, scoreB: over, label: over })).toThrow(tooMany);
    expect(() => assess({ margin: over, label: over })).toThrow(tooMany);
    expect(() => calibrationCurve(over, over)).toThrow(/^yTrue has 134217727 rows/);
    expect(() => brierScore([0.5], over)).toThrow(/^yProb has 134217727 rows/);
    // At the limit the size is fine, so validation reaches the first (empty) entry.
    expect(() => assess({ margin: at, label: at })).toThrow(new TypeError("pairs.margin[0] is undefined; pairs.margin must hold numbers"));
  });

  it("a column of 2^32 − 1 entries (the longest JavaScript array) needs 32 GiB, and says so", () => {
    const longest = hollowColumn(2 ** 32 - 1);
    expect(() => logLoss(longest, longest)).toThrow(/^yTrue has 4294967295 rows: one float64 column of them needs 32\.00 GiB/);
    expect(() => assess({ chosen: [1], rejected: longest })).toThrow(/^pairs.rejected has 4294967295 rows/);
  });
});

describe("bin counts up to the documented 1,000,000", () => {
  const pairs = { margin: [0.3, -1.2, 2, 0, 5], label: [1, 0, 0.5, 1, 1] };

  // One call at the limit (building 10^6 bin objects takes about a second on a shared CI core).
  it("assess(pairs, { bins: 1_000_000 }) returns 10^6 bins whose counts add up to n", () => {
    const report = assess(pairs, { bins: 1_000_000 });
    expect(report.bins).toHaveLength(1_000_000);
    let count = 0;
    for (const bin of report.bins) count += bin.count;
    expect(count).toBe(5);
    expect([report.bins[0].lower, report.bins[999_999].upper]).toEqual([0.5, 1]);
  });

  it("one bin more, 2^31, 1e308, Infinity, NaN, 1.5, 0 and -1 are RangeErrors naming options.bins", () => {
    for (const bins of [1_000_001, 2 ** 31, 1e308, Infinity, NaN, 1.5, 0, -1]) {
      expect(() => assess(pairs, { bins })).toThrow(new RangeError(`options.bins is ${bins}; it must be an integer from 1 to 1000000`));
      expect(() => calibrationCurve([1, 0], [0.8, 0.3], { nBins: bins })).toThrow(/^options\.nBins is /);
      expect(() => expectedCalibrationError([1, 0], [0.8, 0.3], { nBins: bins })).toThrow(/^options\.nBins is /);
    }
    expect(calibrationCurve([1, 0], [0.8, 0.3], { nBins: 1_000_000 }).counts).toEqual(Float64Array.of(1, 1));
  });
});

describe("float64 overflow of margins", () => {
  it("chosen − rejected beyond 1.8e308 is a RangeError naming both entries", () => {
    expect(() => assess({ chosen: [0, 1e308], rejected: [0, -1e308] })).toThrow(
      new RangeError("pairs.chosen[1] − pairs.rejected[1] overflows (1e+308 − -1e+308); rescale the scores"),
    );
    expect(() => assess({ scoreA: [-1.7e308], scoreB: [1.7e308], label: [1] })).toThrow(/^pairs\.scoreA\[0\] − pairs\.scoreB\[0\] overflows/);
  });

  it("a finite margin over a tiny temperature saturates: NLL 0 on the right side, +Infinity on the wrong side, never NaN", () => {
    const right = assess({ margin: [1e308, -1e308], label: [1, 0] }, { temperature: 0.5 });
    expect([right.nll, right.brier, right.accuracy]).toEqual([0, 0, 1]);
    const wrong = assess({ chosen: [1e-300, 5], rejected: [0, 0] }, { temperature: 5e-324, view: "oriented" });
    expect(wrong.nll).toBe(0); // labels are 1 (chosen first): both pairs are on the right side
    expect(assess({ margin: [5, 1], label: [0, 1] }, { temperature: 5e-324 }).nll).toBe(Infinity);
    // A zero-weight pair adds nothing, even an infinite loss (0·∞ would be NaN).
    expect(assess({ chosen: [-1e308, 1], rejected: [0, 0], weight: [0, 1] }, { temperature: 0.01 }).nll)
      .toBe(assess({ chosen: [1], rejected: [0] }, { temperature: 0.01 }).nll);
  });

  it("±1e308 margins on the right side are fine; on the wrong side their NLL sum exceeds float64: +Infinity", () => {
    const right = assess({ margin: [1e308, -1e308], label: [1, 0] });
    expect([right.accuracy, right.nll, right.brier, right.ece]).toEqual([1, 0, 0, 0]);
    expect(assess({ margin: [1e308], label: [0] }).nll).toBe(1e308);
    const sum = assess({ margin: [1e308, 1e308], label: [0, 0] });
    expect(sum.nll).toBe(Infinity);
    expect([sum.accuracy, sum.brier, sum.ece]).toEqual([0, 1, 1]);
  });
});

describe("column errors name the argument, the first offending index and its value", () => {
  const RUNS = 500;
  it(`assess: one bad entry injected at a random index of a random field is reported as field[index] (${RUNS} runs)`, () => {
    const bad = fc.oneof(
      fc.constantFrom(NaN, Infinity, -Infinity).map((v) => ({ value: v as unknown, kind: "any" as const })),
      fc.constantFrom(...NOT_NUMBERS.filter((v) => typeof v !== "bigint")).map((v) => ({ value: v, kind: "any" as const })),
      fc.constantFrom(-0.5, 1.5, 1 + Number.EPSILON, -5e-324).map((v) => ({ value: v as unknown, kind: "range" as const })),
    );
    const scenario = fc.record({
      n: fc.integer({ min: 1, max: 30 }),
      shape: fc.constantFrom("chosen-rejected", "scores", "margin"),
      bad,
      at: fc.nat(),
      fieldPick: fc.nat(),
      typed: fc.boolean(),
    });
    fc.assert(
      fc.property(scenario, ({ n, shape, bad, at, fieldPick, typed }) => {
        const fields = shape === "chosen-rejected" ? ["chosen", "rejected", "weight"] : shape === "scores"
          ? ["scoreA", "scoreB", "label", "weight"] : ["margin", "label", "weight"];
        // Out-of-range values only break labels and weights (-0.5 breaks both; 1.5 only labels).
        const eligible = bad.kind === "range"
          ? fields.filter((f) => f === "label" || (f === "weight" && (bad.value as number) < 0)) : fields;
        if (eligible.length === 0) return;
        const field = eligible[fieldPick % eligible.length];
        const index = at % n;
        const columns: Record<string, unknown[]> = {};
        for (const f of fields) columns[f] = Array.from({ length: n }, (_, i) => (f === "label" ? (i % 3) / 2 : f === "weight" ? 1 : i / 7 - 2));
        columns[field][index] = bad.value;
        const pairs = typed && typeof bad.value === "number"
          ? Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v as number[])])) : columns;
        let message = "";
        try {
          assess(pairs as never);
        } catch (error) {
          expect(error instanceof RangeError || error instanceof TypeError).toBe(true);
          message = (error as Error).message;
        }
        expect(message.startsWith(`pairs.${field}[${index}] is `)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("mismatched lengths name both columns and their lengths", () => {
    expect(() => assess({ margin: [1, 2, 3], label: [1, 0] })).toThrow(new RangeError("pairs.label has length 2 but pairs.margin has length 3; they must match"));
    expect(() => assess({ chosen: [1, 2], rejected: [0, 1], weight: [1] })).toThrow(/^pairs\.weight has length 1 but pairs\.chosen has length 2/);
    expect(() => brierScore([1, 0], [0.5])).toThrow(new RangeError("yProb has length 1 but yTrue has length 2; they must match"));
    expect(() => logLoss([1], [0.5], { sampleWeight: [1, 1] })).toThrow(/^sampleWeight has length 2 but yTrue has length 1/);
  });

  it("empty inputs, zero total weight and rows of the wrong type are named", () => {
    expect(() => assess({ margin: [], label: [] })).toThrow(new RangeError("pairs is empty; at least one row is needed"));
    expect(() => assess([])).toThrow(new RangeError("pairs is empty; at least one pair is needed"));
    expect(() => assess({ margin: [1, 2], label: [1, 1], weight: [0, 0] })).toThrow(new RangeError("pairs.weight sum to 0; at least one weight must be positive"));
    expect(() => calibrationCurve([1], [0.5], { sampleWeight: [0] })).toThrow(/^sampleWeight sum to 0/);
    expect(() => assess({ margin: [1, 2], label: [1, 1], weight: [1e308, 1e308] })).toThrow(/^pairs\.weight\[0\] is 1e\+308; non-zero pairs\.weight must lie in \[1e-100, 1e100\]/);
    expect(() => assess([{ margin: 1, label: 1 }, null] as never)).toThrow(new TypeError("pairs[1] is null; rows must be objects"));
    expect(() => assess([{ margin: 1, label: 1 }, { chosen: 1, rejected: 0 }] as never)).toThrow(/^pairs\[1\]\.margin is missing/);
    expect(() => expectedCalibrationError([], [])).toThrow(/^yTrue is empty/);
  });

  it("length-1 inputs, all-equal margins, all-tied labels give documented results", () => {
    const one = assess({ chosen: [2], rejected: [1] });
    expect([one.n, one.accuracy, one.bins.filter((b) => b.count > 0).length]).toEqual([1, 1, 1]);
    const flat = assess({ margin: [0, 0, -0, 0], label: [1, 0, 1, 0] }, { binning: "quantile" });
    // d = 0: confidence ½, correctness ½ for every pair; one bin, no gap.
    expect([flat.accuracy, flat.ece, flat.bins.length, flat.bins[0].meanPredicted, flat.bins[0].observed]).toEqual([0.5, 0, 1, 0.5, 0.5]);
    const tied = assess({ margin: [3, -1, 0.5], label: [0.5, 0.5, 0.5] });
    expect(tied.accuracy).toBe(0.5);
    // All-equal predictions: one bin (0.7 + 0.7 + 0.7 = 2.0999999999999996, so the mean is 0.6999999999999998, as numpy's).
    expect(calibrationCurve([1, 1, 1], [0.7, 0.7, 0.7], { strategy: "quantile" })).toEqual({
      probTrue: Float64Array.of(1), probPred: Float64Array.of(0.6999999999999998), counts: Float64Array.of(3),
    });
  });
});
