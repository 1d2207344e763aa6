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

// The 0%, 1%, …, 100% score quantiles serve's drift monitor compares live scores with (docs/DESIGN.md §11.3), from
// python3 -c "import numpy as np; print(list(np.quantile(np.concatenate([scoreA, scoreB]), np.arange(101) / 100)))"
// with scoreA and scoreB as above (numpy 2.4, the default linear method).
const NUMPY_SCORE_QUANTILES = [-2.0, -1.89, -1.78, -1.67, -1.56, -1.45, -1.34, -1.23, -1.12, -1.01, -0.8999999999999999, -0.79, -0.6800000000000002, -0.5699999999999998, -0.45999999999999996, -0.3500000000000001, -0.24, -0.1299999999999999, -0.020000000000000018, 0.04499999999999993, 0.10000000000000009, 0.15500000000000003, 0.20999999999999996, 0.2650000000000001, 0.31999999999999984, 0.375, 0.43000000000000016, 0.4850000000000001, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5350000000000001, 0.5899999999999999, 0.645, 0.7000000000000002, 0.7549999999999999, 0.81, 0.8649999999999998, 0.9199999999999999, 0.9750000000000001, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0250000000000004, 1.08, 1.1349999999999998, 1.19, 1.2449999999999997, 1.2999999999999998, 1.355, 1.4100000000000001, 1.4649999999999999, 1.52, 1.5750000000000002, 1.6300000000000003, 1.685, 1.7400000000000002, 1.795, 1.8499999999999996, 1.9049999999999998, 1.96, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.01, 2.0649999999999995, 2.12, 2.175, 2.2299999999999995, 2.285, 2.34, 2.3950000000000005, 2.45, 2.505, 2.5600000000000005, 2.615, 2.67, 2.7249999999999996, 2.7799999999999994, 2.835, 2.8899999999999997, 2.9450000000000003, 3.0];

function reports(run: (onExtrapolation: (r: ExtrapolationReport) => void) => unknown): ExtrapolationReport[] {
  const seen: ExtrapolationReport[] = [];
  run((r) => seen.push(r));
  return seen;
}

describe("onExtrapolation", () => {
  it("a fit stores the [min, max] of its margins and scores, and the JSON keeps them", () => {
    const t = fitTemperature({ scoreA, scoreB, label });
    // Margins 2, −0.5, 2, 1, −0.5, 2.
    expect(t.range).toEqual({ margins: [-0.5, 2], scores: [-2, 3], scoreQuantiles: NUMPY_SCORE_QUANTILES });
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
    const q = Array.from({ length: 101 }, (_, k) => k / 100);
    const withQuantiles = (scores: unknown, scoreQuantiles: unknown) => () => loadCalibrator({ ...base, range: { margins: [0, 1], scores, scoreQuantiles } });
    expect(withQuantiles([0, 1], q)().range?.scoreQuantiles).toEqual(q);
    expect(withQuantiles([0, 1], q.slice(1))).toThrow(/calibrator\.range\.scoreQuantiles must be an array of 101 numbers/);
    expect(withQuantiles(null, q)).toThrow(/scoreQuantiles is given without calibrator\.range\.scores/);
    expect(withQuantiles([0, 1], q.map((x, k) => (k === 50 ? 0.2 : x)))).toThrow(/scoreQuantiles\[50\] is 0\.2, below the quantile before it \(0\.49\); quantiles ascend/);
    expect(withQuantiles([0, 2], q)).toThrow(/runs from 0 to 1, but calibrator\.range\.scores is \[0, 2\]; they must agree/);
    expect(withQuantiles([0, 1], q.map((x, k) => (k === 3 ? "0.03" : x)))).toThrow(/scoreQuantiles\[3\]/);
  });
});
