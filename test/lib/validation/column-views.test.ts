// The no-copy validation of Float64Array columns (finiteView, unitIntervalView, weightView): a Float64Array must
// be accepted or refused exactly as the same values in a plain array — same result, same error class, same
// message — for scores, labels and weights, including the sum checks of weights.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, fitIsotonicRegression, expectedCalibrationError } from "rmcal";

beforeAll(async () => {
  await init();
});

function outcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

/** [name, columns as plain arrays]; each call runs once with plain arrays and once with Float64Arrays. */
const cases: [string, (wrap: (v: number[]) => ArrayLike<number>) => unknown][] = [
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

describe("finiteView, unitIntervalView, weightView: Float64Array columns behave as plain arrays", () => {
  for (const [name, call] of cases) {
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
