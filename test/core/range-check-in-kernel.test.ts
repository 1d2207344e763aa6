// expectedCalibrationError and calibrationCurve check the [0, 1] range of Float64Array yTrue and yProb inside the
// binning kernel's pass (assembly/binning.ts accumulateProbabilities) instead of in a JavaScript pass before it.
// The errors must stay those of the eager check, which plain arrays still take: same class, same message naming
// the first bad index, whichever loop (SIMD pairs, odd tail, weighted) meets the bad value.
import { beforeAll, describe, expect, it } from "vitest";
import { init, expectedCalibrationError, calibrationCurve } from "rmcal";
import { thrownText } from "../helpers/thrown";

beforeAll(async () => {
  await init();
});

const FUNCTIONS = { expectedCalibrationError, calibrationCurve } as const;

describe("the range check fused into the binning pass", () => {
  for (const [name, f] of Object.entries(FUNCTIONS)) {
    it(`${name}: Float64Array inputs fail with the eager check's error for every bad value, place and path`, () => {
      let checked = 0;
      for (const n of [1, 2, 7, 8]) {
        for (const bad of [NaN, -0.25, 1.5, Infinity]) {
          for (const at of new Set([0, n >> 1, n - 1])) {
            for (const column of ["yTrue", "yProb", "both"]) {
              for (const weighted of [false, true]) {
                const yTrue = Float64Array.from({ length: n }, (_, i) => i % 2);
                const yProb = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
                if (column !== "yProb") yTrue[at] = bad;
                if (column !== "yTrue") yProb[n - 1 - at] = bad;
                const options = weighted ? { sampleWeight: new Float64Array(n).fill(2), nBins: 3 } : { nBins: 3 };
                const eager = thrownText(() => (f as typeof calibrationCurve)(Array.from(yTrue), Array.from(yProb), options));
                expect(eager).toMatch(/^RangeError: y(True|Prob)\[\d+\]/);
                expect(thrownText(() => (f as typeof calibrationCurve)(yTrue, yProb, options))).toBe(eager);
                checked++;
              }
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(200);
    });

    it(`${name}: a bad value together with a length mismatch still reports the bad value first`, () => {
      const yTrue = Float64Array.from([0, 1, 0, 1]), yProb = Float64Array.from([0.1, NaN, 0.3]);
      expect(thrownText(() => f(yTrue, yProb))).toBe(thrownText(() => f(Array.from(yTrue), Array.from(yProb))));
      expect(thrownText(() => f(yTrue, yProb))).toMatch(/yProb\[1\]/);
    });
  }
});
