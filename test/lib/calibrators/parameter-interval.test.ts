// The shared pieces of parameter intervals (docs/DESIGN.md §6.7).
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { intervalJson, twoSidedNormalQuantile } from "../../../src/lib/calibrators/parameter-interval";

beforeAll(async () => {
  await init();
});

describe("twoSidedNormalQuantile(confidence)", () => {
  it("is scipy.stats.norm.ppf((1 + c)/2): 1.959963984540054 at 0.95, 2.5758293035489004 at 0.99", () => {
    expect(twoSidedNormalQuantile(0.95)).toBeCloseTo(1.959963984540054, 14);
    expect(twoSidedNormalQuantile(0.99)).toBeCloseTo(2.5758293035489004, 13);
  });
});

describe("intervalJson(interval)", () => {
  it("writes an infinite bound as null, since JSON has no Infinity, and keeps null as null", () => {
    expect(intervalJson({ low: 0, high: Infinity, confidence: 0.9, method: "profile-likelihood" }))
      .toEqual({ low: 0, high: null, confidence: 0.9, method: "profile-likelihood" });
    expect(intervalJson(null)).toBeNull();
  });
});
