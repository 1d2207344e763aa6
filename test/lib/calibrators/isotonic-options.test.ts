// The options the isotonic functions share (increasingOption, boundsOptions): true/false/"auto" for increasing
// ("auto" only where x is given), finite yMin ≤ yMax, each refused with a message naming it, and bounds that clip
// the fit (the expected clipped values are worked out by hand from PAV: [1, 3, 2, 4] pools to [1, 2.5, 2.5, 4]).
import { beforeAll, describe, expect, it } from "vitest";
import { init, isotonicRegression, fitIsotonicRegression } from "rmcal";

beforeAll(async () => {
  await init();
});

describe("isotonic options: increasing, yMin, yMax", () => {
  it("accept true, false and (for fitIsotonicRegression only) 'auto'; refuse anything else by name", () => {
    expect(Array.from(isotonicRegression([1, 3, 2, 4], { increasing: false }))).toEqual([2.5, 2.5, 2.5, 2.5]);
    expect(fitIsotonicRegression([1, 2, 3], [3, 2, 1], { increasing: "auto" }).increasing).toBe(false);
    expect(() => isotonicRegression([1, 2], { increasing: "auto" as never })).toThrow('options.increasing is "auto"; it must be true, false');
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { increasing: "yes" as never })).toThrow(
      'options.increasing is "yes"; it must be true, false or "auto"',
    );
    expect(() => isotonicRegression([1, 2], { increasing: 1 as never })).toThrow(/options\.increasing is 1/);
  });

  it("clip the fitted values to [yMin, yMax]; either bound may be absent (undefined or null)", () => {
    expect(Array.from(isotonicRegression([1, 3, 2, 4], { yMin: 2, yMax: 3 }))).toEqual([2, 2.5, 2.5, 3]);
    expect(Array.from(isotonicRegression([1, 3, 2, 4], { yMin: 2 }))).toEqual([2, 2.5, 2.5, 4]);
    expect(Array.from(isotonicRegression([1, 3, 2, 4], { yMin: null as never, yMax: 3 }))).toEqual([1, 2.5, 2.5, 3]);
    expect(Array.from(fitIsotonicRegression([1, 2, 3, 4], [1, 3, 2, 4], { yMax: 2 }).predict([1, 2.5, 4]))).toEqual([1, 2, 2]);
  });

  it("refuse non-finite bounds and yMin above yMax, naming them", () => {
    expect(() => isotonicRegression([1, 2], { yMin: NaN })).toThrow("options.yMin is NaN; it must be a finite number");
    expect(() => isotonicRegression([1, 2], { yMax: Infinity })).toThrow("options.yMax is Infinity; it must be a finite number");
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { yMin: "0" as never })).toThrow(/options\.yMin is "0"/);
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { yMin: 3, yMax: 1 })).toThrow("options.yMin is 3, above options.yMax = 1");
  });
});

describe("isotonicRegression and fitIsotonicRegression options", () => {
  it("the yMin/yMax and increasing options: null means no bound, equal bounds are allowed, messages name the option", () => {
    // null is "absent": the fit is the plain one; yMin = yMax clips every value to that number.
    expect(fitIsotonicRegression([1, 2, 3], [1, 3, 2], { yMin: null as unknown as number, yMax: null as unknown as number }).yThresholds)
      .toEqual(fitIsotonicRegression([1, 2, 3], [1, 3, 2]).yThresholds);
    expect(isotonicRegression([1, 3, 2], { yMin: 2, yMax: 2 })).toEqual(Float64Array.from([2, 2, 2]));
    expect(() => isotonicRegression([1, 2], { yMin: 3, yMax: 2 })).toThrow("options.yMin is 3, above options.yMax = 2");
    expect(() => isotonicRegression([1, 2], { yMin: "1" as unknown as number })).toThrow('options.yMin is "1"; it must be a finite number');
    expect(() => isotonicRegression([1, 2], { yMax: NaN })).toThrow("options.yMax is NaN; it must be a finite number");
    expect(() => fitIsotonicRegression([1, 2], [1, 2], { increasing: "yes" as "auto" }))
      .toThrow('options.increasing is "yes"; it must be true, false or "auto"');
    expect(() => isotonicRegression([1, 2], { increasing: "auto" as unknown as boolean }))
      .toThrow(/^options\.increasing is "auto"; it must be true, false$/);
  });
});
