// Bad input gets a RangeError or TypeError whose message names the argument and, for data, the first offending
// index and value — never a NaN result and never a WebAssembly trap.
import { beforeAll, describe, expect, it } from "vitest";
import {
  init, assess, calibrationCurve, expectedCalibrationError, brierScore, logLoss, wilsonInterval, fitIsotonicRegression,
} from "rmcal";
import { errorOf } from "../../helpers/thrown";

beforeAll(async () => {
  await init();
});

/** [description, call, error class, exact message] */
const cases: [string, () => unknown, typeof RangeError | typeof TypeError, string][] = [
  ["mismatched lengths", () => assess({ chosen: [1, 2, 3], rejected: [0, 1] }), RangeError,
    "pairs.rejected has length 2 but pairs.chosen has length 3; they must match"],
  ["a weight column of another length", () => assess({ margin: [1, 2], label: [1, 0], weight: [1] }), RangeError,
    "pairs.weight has length 1 but pairs.margin has length 2; they must match"],
  ["NaN score", () => assess({ chosen: [1, NaN, 3], rejected: [0, 0, 0] }), RangeError,
    "pairs.chosen[1] is NaN; pairs.chosen must be finite"],
  ["Infinity score", () => assess({ scoreA: [1, 2], scoreB: [0, Infinity], label: [1, 0] }), RangeError,
    "pairs.scoreB[1] is Infinity; pairs.scoreB must be finite"],
  ["-Infinity margin in a typed array", () => assess({ margin: Float64Array.of(0, 1, -Infinity), label: [1, 1, 1] }), RangeError,
    "pairs.margin[2] is -Infinity; pairs.margin must be finite"],
  ["label 1.3", () => assess({ margin: [1, 2, 3], label: [1, 0, 1.3] }), RangeError,
    "pairs.label[2] is 1.3; pairs.label must lie in [0, 1]"],
  ["label -0.1", () => assess({ scoreA: [1], scoreB: [0], label: [-0.1] }), RangeError,
    "pairs.label[0] is -0.1; pairs.label must lie in [0, 1]"],
  ["negative weight", () => assess({ chosen: [1, 2], rejected: [0, 0], weight: [1, -0.5] }), RangeError,
    "pairs.weight[1] is -0.5; pairs.weight must be ≥ 0"],
  ["a weight so large its square overflows", () => assess({ margin: [1, 2], label: [1, 1], weight: [1, 1e200] }), RangeError,
    "pairs.weight[1] is 1e+200; non-zero pairs.weight must lie in [1e-100, 1e100] (rescale them: only their ratios matter)"],
  ["a weight so small its square underflows", () => expectedCalibrationError([1, 0], [0.5, 0.5], { sampleWeight: [1e-200, 1] }), RangeError,
    "sampleWeight[0] is 1e-200; non-zero sampleWeight must lie in [1e-100, 1e100] (rescale them: only their ratios matter)"],
  ["zero total weight", () => assess({ chosen: [1, 2], rejected: [0, 0], weight: [0, 0] }), RangeError,
    "pairs.weight sum to 0; at least one weight must be positive"],
  ["a score that is not a number", () => assess({ margin: [1, "2"] as never, label: [1, 1] }), TypeError,
    'pairs.margin[1] is "2"; pairs.margin must hold numbers'],
  ["a margin that overflows", () => assess({ chosen: [1, 1e308], rejected: [0, -1e308] }), RangeError,
    "pairs.chosen[1] − pairs.rejected[1] overflows (1e+308 − -1e+308); rescale the scores"],
  ["bins 0", () => assess({ margin: [1], label: [1] }, { bins: 0 }), RangeError,
    "options.bins is 0; it must be an integer from 1 to 1000000"],
  ["bins 1.5", () => assess({ margin: [1], label: [1] }, { bins: 1.5 }), RangeError,
    "options.bins is 1.5; it must be an integer from 1 to 1000000"],
  ["unknown view", () => assess({ margin: [1], label: [1] }, { view: "symmetric" as never }), RangeError,
    'options.view is "symmetric"; it must be one of "folded", "oriented"'],
  ["unknown binning", () => assess({ margin: [1], label: [1] }, { binning: "equal" as never }), RangeError,
    'options.binning is "equal"; it must be one of "uniform", "quantile"'],
  ["temperature 0", () => assess({ margin: [1], label: [1] }, { temperature: 0 }), RangeError,
    "options.temperature is 0; it must be a finite number > 0"],
  ["temperature NaN", () => assess({ margin: [1], label: [1] }, { temperature: NaN }), RangeError,
    "options.temperature is NaN; it must be a finite number > 0"],
  ["empty columns", () => assess({ chosen: [], rejected: [] }), RangeError,
    "pairs is empty; at least one row is needed"],
  ["empty rows", () => assess([]), RangeError,
    "pairs is empty; at least one pair is needed"],
  ["a row missing a field", () => assess([{ chosen: 1, rejected: 0 }, { chosen: 2 } as never]), TypeError,
    "pairs[1].rejected is missing; row 0 has it"],
  ["a row with a NaN", () => assess([{ margin: 1, label: 1 }, { margin: NaN, label: 0 }]), RangeError,
    "pairs.margin[1] is NaN; pairs.margin must be finite"],
  ["a shape missing its label", () => assess({ scoreA: [1], scoreB: [0] } as never), TypeError,
    "pairs.label is missing; pairs with scoreA and scoreB also need label"],
  ["a label next to chosen/rejected", () => assess({ chosen: [1], rejected: [0], label: [0] } as never), TypeError,
    "pairs.label is given with chosen/rejected, where every label is 1; use {scoreA, scoreB, label} for other labels"],
  ["two shapes at once", () => assess({ scoreA: [1], scoreB: [0], label: [1], margin: [3] } as never), TypeError,
    "pairs mixes the fields scoreA/scoreB and margin; give one shape: {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}"],
  ["no known fields", () => assess({ a: [1] } as never), TypeError,
    "pairs has none of the fields chosen/rejected, scoreA/scoreB/label or margin/label"],
  ["pairs not an object", () => assess(3 as never), TypeError,
    "pairs must be an object of columns ({chosen, rejected}, {scoreA, scoreB, label} or {margin, label}) or an array of rows, got 3"],
  ["options not an object", () => assess({ margin: [1], label: [1] }, "folded" as never), TypeError,
    'options must be an object, got "folded"'],
  ["wilsonInterval: observed 1.5", () => wilsonInterval(1.5, 10), RangeError, "observed is 1.5; it must be in [0, 1]"],
  ["wilsonInterval: n 0", () => wilsonInterval(0.5, 0), RangeError, "n is 0; it must be a number > 0"],
  // The scikit-learn-shaped helpers share the same checks, with scikit-learn's argument names.
  ["calibrationCurve: yTrue 1.3", () => calibrationCurve([0, 1.3], [0.1, 0.2]), RangeError,
    "yTrue[1] is 1.3; yTrue must lie in [0, 1]"],
  ["calibrationCurve: yProb above 1", () => calibrationCurve([0, 1, 1], [0.1, 0.2, 1.0000001]), RangeError,
    "yProb[2] is 1.0000001; yProb must lie in [0, 1]"],
  ["calibrationCurve: lengths", () => calibrationCurve([0, 1], [0.1]), RangeError,
    "yProb has length 1 but yTrue has length 2; they must match"],
  ["calibrationCurve: nBins 0", () => calibrationCurve([0, 1], [0.1, 0.2], { nBins: 0 }), RangeError,
    "options.nBins is 0; it must be an integer from 1 to 1000000"],
  ["calibrationCurve: unknown strategy", () => calibrationCurve([0, 1], [0.1, 0.2], { strategy: "kmeans" as never }), RangeError,
    'options.strategy is "kmeans"; it must be one of "uniform", "quantile"'],
  ["calibrationCurve: empty", () => calibrationCurve([], []), RangeError,
    "yTrue is empty; at least one row is needed"],
  ["expectedCalibrationError: unknown norm", () => expectedCalibrationError([0, 1], [0.1, 0.2], { norm: "l3" as never }), RangeError,
    'options.norm is "l3"; it must be one of "l1", "l2", "max"'],
  ["expectedCalibrationError: negative sampleWeight", () => expectedCalibrationError([0, 1], [0.1, 0.2], { sampleWeight: [1, -2] }), RangeError,
    "sampleWeight[1] is -2; sampleWeight must be ≥ 0"],
  ["brierScore: NaN probability", () => brierScore([0, 1], [NaN, 0.2]), RangeError,
    "yProb[0] is NaN; yProb must be finite"],
  ["logLoss: eps 0", () => logLoss([0, 1], [0.1, 0.2], { eps: 0 }), RangeError,
    "options.eps is 0; it must be in (0, 0.5)"],
  ["logLoss: zero total weight", () => logLoss([0, 1], [0.1, 0.2], { sampleWeight: [0, 0] }), RangeError,
    "sampleWeight sum to 0; at least one weight must be positive"],
  ["logLoss: eps 0.5", () => logLoss([0, 1], [0.1, 0.2], { eps: 0.5 }), RangeError,
    "options.eps is 0.5; it must be in (0, 0.5)"],
  // Float64Array labels and probabilities with uniform bins take the deferred path (the kernel checks the range):
  // its messages are the same as the eager path's.
  ["expectedCalibrationError (Float64Array): negative sampleWeight", () =>
    expectedCalibrationError(Float64Array.of(0, 1), Float64Array.of(0.1, 0.2), { sampleWeight: [1, -2] }), RangeError,
    "sampleWeight[1] is -2; sampleWeight must be ≥ 0"],
  ["calibrationCurve (Float64Array): sampleWeight of another length", () =>
    calibrationCurve(Float64Array.of(0, 1), Float64Array.of(0.1, 0.2), { sampleWeight: [1, 1, 1] }), RangeError,
    "sampleWeight has length 3 but yTrue has length 2; they must match"],
  ["calibrationCurve (Float64Array): empty", () => calibrationCurve(new Float64Array(0), new Float64Array(0)), RangeError,
    "yTrue is empty; at least one row is needed"],
];

describe("validation: errors name the argument, the first offending index and its value", () => {
  for (const [description, call, type, message] of cases) {
    it(`${description}: ${type.name} "${message}"`, () => {
      const error = errorOf(call);
      expect(error).toBeInstanceOf(type);
      expect(error.message).toBe(message);
    });
  }

  it("after any of those errors, the next valid call still works (no memory left allocated, no broken state)", () => {
    for (const [, call] of cases) errorOf(call);
    expect(assess({ margin: [0], label: [1] }).accuracy).toBe(0.5);
  });
});

// Both paths of columns.ts, the copying one for plain arrays and the in-place one for Float64Array, on hand-picked
// cases; test/properties/validation.property.test.ts does the same on generated columns.
function outcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

/** [name, columns as plain arrays]; each call runs once with plain arrays and once with Float64Arrays. */
const typedCases: [string, (wrap: (v: number[]) => ArrayLike<number>) => unknown][] = [
  ["valid margins", (w) => assess({ margin: w([1, -2, 0.5]), label: w([1, 0, 1]) })],
  ["NaN margin", (w) => assess({ margin: w([1, NaN]), label: w([1, 0]) })],
  ["-Infinity score", (w) => assess({ scoreA: w([1, -Infinity]), scoreB: w([0, 0]), label: w([1, 0]) })],
  ["Infinity chosen", (w) => assess({ chosen: w([Infinity]), rejected: w([0]) })],
  ["label 1.5", (w) => assess({ margin: w([1, 2]), label: w([1, 1.5]) })],
  ["label NaN", (w) => assess({ margin: w([1, 2]), label: w([NaN, 1]) })],
  ["negative weight", (w) => assess({ margin: w([1, 2]), label: w([1, 0]), weight: w([1, -1]) })],
  ["Infinity weight", (w) => assess({ margin: w([1, 2]), label: w([1, 0]), weight: w([Infinity, 1]) })],
  ["weights summing to 0", (w) => assess({ margin: w([1, 2]), label: w([1, 0]), weight: w([0, 0]) })],
  ["weights summing to Infinity", (w) => assess({ margin: w([1, 2]), label: w([1, 0]), weight: w([1.7e308, 1.7e308]) })],
  ["valid weights", (w) => assess({ margin: w([1, 2]), label: w([1, 0]), weight: w([0, 2]) })],
  ["yProb above 1", (w) => expectedCalibrationError(w([0, 1]), w([0.2, 1.5]))],
  ["non-finite x", (w) => fitIsotonicRegression(w([1, NaN]), w([1, 2]))],
  ["negative sampleWeight", (w) => fitIsotonicRegression(w([1, 2]), w([1, 2]), { sampleWeight: w([-1, 1]) })],
];

describe("columns.ts: a Float64Array column (checked in place) behaves as the same values in a plain array", () => {
  for (const [name, call] of typedCases) {
    it(`${name}: same result or same error`, () => {
      const plain = outcome(() => call((v) => v));
      const typed = outcome(() => call((v) => Float64Array.from(v)));
      expect(typed).toEqual(plain);
    });
  }

  it("the refusals above really are refusals, naming the column and index", () => {
    expect(outcome(() => assess({ margin: Float64Array.of(1, NaN), label: [1, 0] }))).toEqual({
      error: "RangeError", message: "pairs.margin[1] is NaN; pairs.margin must be finite",
    });
    expect(outcome(() => assess({ margin: [1, 2], label: Float64Array.of(1, 1.5) }))).toEqual({
      error: "RangeError", message: "pairs.label[1] is 1.5; pairs.label must lie in [0, 1]",
    });
    expect(outcome(() => assess({ margin: [1, 2], label: [1, 0], weight: Float64Array.of(0, 0) }))).toEqual({
      error: "RangeError", message: "pairs.weight sum to 0; at least one weight must be positive",
    });
  });
});
