// Extrapolation reports (docs/DESIGN.md §5.8): predict and reward count the inputs outside the fitted range and
// tell onExtrapolation; isotonic names its flat extrapolation; a version-1 JSON has no range, and says so.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { init, fitTemperature, fitIsotonic, loadCalibrator, type ExtrapolationReport } from "rmcal";

beforeAll(async () => {
  await init();
});

const scoreA = [2, 0.5, 3, -1, 1.5, 2.5];
const scoreB = [0, 1, 1, -2, 2, 0.5];
const label = [1, 0, 1, 1, 0, 1];

function reports(run: (onExtrapolation: (r: ExtrapolationReport) => void) => unknown): ExtrapolationReport[] {
  const seen: ExtrapolationReport[] = [];
  run((r) => seen.push(r));
  return seen;
}

describe("onExtrapolation", () => {
  it("a fit stores the [min, max] of its margins and scores, and the JSON keeps them", () => {
    const t = fitTemperature({ scoreA, scoreB, label });
    // Margins 2, −0.5, 2, 1, −0.5, 2.
    expect(t.range).toEqual({ margins: [-0.5, 2], scores: [-2, 3] });
    expect(loadCalibrator(JSON.parse(JSON.stringify(t))).range).toEqual(t.range);
    expect(fitTemperature({ margin: [1, -2, 3], label: [1, 0, 1] }).range).toEqual({ margins: [-2, 3], scores: null });
  });

  it("counts the margins and scores outside the fitted range, below and above, once per call", () => {
    const t = fitTemperature({ scoreA, scoreB, label });
    const [m] = reports((onExtrapolation) => t.predict([-1, 0, 2, 4, 5], { onExtrapolation }));
    expect([m.input, m.total, m.below, m.above, m.range]).toEqual(["margins", 5, 1, 2, [-0.5, 2]]);
    expect(m.message).toMatch(/^3 of 5 margins lie outside the fitted range \[-0\.5, 2\] \(1 below, 2 above\); the calibration was fitted and checked only inside/);
    const [s] = reports((onExtrapolation) => t.reward([-3, 0, 3.5], { onExtrapolation }));
    expect([s.input, s.below, s.above]).toEqual(["scores", 1, 1]);
    expect(reports((onExtrapolation) => t.predict([0, 1], { onExtrapolation }))).toEqual([]);
    // Options are checked before any work: a refused call reports nothing.
    const seen: ExtrapolationReport[] = [];
    expect(() => t.reward([100], { transform: "per-prompt", onExtrapolation: (r) => seen.push(r) })).toThrow(/options\.prompts is missing/);
    expect(seen).toEqual([]);
  });

  it("isotonic names its flat extrapolation, for margins and for rewards against the reference", () => {
    const iso = fitIsotonic({ scoreA, scoreB, label });
    const [m] = reports((onExtrapolation) => iso.predict([-100, 0, 100], { onExtrapolation }));
    expect(m.below! + m.above!).toBe(2);
    expect(m.reason).toMatch(/isotonic regression is flat beyond its outermost thresholds/);
    const reference = iso.rewardNormalization!.reference!;
    const [s] = reports((onExtrapolation) => iso.reward([reference + 100], { onExtrapolation }));
    expect([s.input, s.above]).toEqual(["scores", 1]);
    expect(s.range).toEqual([reference + iso.x[0], reference + iso.x[iso.x.length - 1]]);
  });

  it("a version-1 JSON still loads, and its range is reported as unknown", () => {
    const v1 = loadCalibrator(readFileSync(new URL("../../data/calibrator-temperature-v1.json", import.meta.url), "utf8"));
    expect(v1.range).toBeNull();
    expect(Array.from(v1.reward([2.25]))).toEqual([2.25 / 2 - 0.25]);
    const [r] = reports((onExtrapolation) => v1.predict([1], { onExtrapolation }));
    expect([r.below, r.above, r.range]).toEqual([null, null, null]);
    expect(r.message).toMatch(/fitted range is unknown \(this calibrator stores no fitted range: version-1 calibrator JSON predates it/);
    expect(v1.toJSON().version).toBe(2);
  });

  it("refuses an onExtrapolation that is not a function, and a malformed stored range", () => {
    const t = fitTemperature({ scoreA, scoreB, label });
    expect(() => t.predict([1], { onExtrapolation: 3 as unknown as () => void })).toThrow(/options\.onExtrapolation is 3; it must be a function/);
    const base = { format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: 1 };
    expect(() => loadCalibrator({ ...base, range: { margins: [2, 1], scores: null } })).toThrow(/calibrator\.range\.margins is \[2, 1\]; min must not exceed max/);
    expect(() => loadCalibrator({ ...base, range: { margin: [1, 2] } })).toThrow(/calibrator\.range has an unknown field "margin"/);
    expect(() => loadCalibrator({ ...base, version: 1, range: { margins: [1, 2] } })).toThrow(/calibrator has an unknown field "range"/);
  });
});
