// The temperature bounds and boundary messages shared by the fits on pairs and on K-wise choices.
import { describe, expect, it } from "vitest";
import { boundsOption, boundMessage, DEFAULT_BOUNDS } from "../../../src/lib/calibrators/temperature-bounds";

const bounds = { tLow: 1e-3, tHigh: 1e3, userLow: false, userHigh: false };

describe("boundsOption(value)", () => {
  it("defaults to [1e-3, 1e3] and refuses bounds out of order", () => {
    expect(boundsOption(undefined)).toEqual([...DEFAULT_BOUNDS]);
    expect(boundsOption([0.5, 2])).toEqual([0.5, 2]);
    expect(() => boundsOption([2, 1])).toThrow(/options.bounds\[1\] is 1; it must be a finite number > options.bounds\[0\] \(2\)/);
    expect(() => boundsOption([1])).toThrow(/an array \[Tmin, Tmax\]/);
  });
});

describe("boundMessage(...)", () => {
  it("speaks of pairs or of chosen responses, and is null for an interior optimum", () => {
    expect(boundMessage(null, 0.7, bounds, false, "nll", false, false)).toBeNull();
    expect(boundMessage("lower", 1, bounds, false, "nll", false, true)).toMatch(/^no pair is on the wrong side \(accuracy 1.000\)/);
    expect(boundMessage("lower", 1, bounds, false, "nll", false, true, true)).toMatch(/^no chosen response is outscored by another/);
    expect(boundMessage("upper", 0.3, bounds, true, "nll", false, false, true)).toMatch(/^every prompt's scores are all equal/);
    expect(boundMessage("upper", 0.3, bounds, false, "nll", false, false)).toMatch(/below chance: the scores may be inverted/);
  });
});
