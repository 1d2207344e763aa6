// The grouped temperature calibrator: σ(d/T_g) bit for bit as a temperature calibrator with T_g, the fallback for
// unseen groups (reported), rewards r/T_g, and a JSON round trip that predicts the same bits (docs/DESIGN.md §5.14).
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitGroupedTemperature, loadCalibrator, type UnseenGroupsReport } from "rmcal";

beforeAll(async () => {
  await init();
});

const pairs = { chosen: [2, 1, 3, 0.5, 1, 2, -1, 0.2], rejected: [0, 1.5, 1, 0, 0.8, -1, 0, 0.4] };
const group = ["a", "a", "a", "a", "b", "b", "b", "b"];

describe("grouped temperature calibrator", () => {
  it("predict(margins, { group }) is σ(d/T_g), the bits of a temperature calibrator with T_g", () => {
    const fit = fitGroupedTemperature(pairs, { group, pooling: "none" });
    const margins = [0.3, -2, 5, 1e-3];
    const groups = ["a", "b", "b", "a"];
    const got = fit.predict(margins, { group: groups });
    margins.forEach((d, i) => {
      const t = fit.temperatures[fit.groups.indexOf(groups[i])];
      const single = loadCalibrator({ format: "rmcal.calibrator", version: 2, kind: "temperature", temperature: t });
      expect(got[i]).toBe(single.predict([d])[0]);
    });
  });

  it("gives unseen groups the fallback temperature and reports them once per call", () => {
    const fit = fitGroupedTemperature(pairs, { group });
    const reports: UnseenGroupsReport[] = [];
    const p = fit.predict([1, 1, 1], { group: ["a", "new", "new"], onUnseenGroups: (r) => reports.push(r) });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ total: 3, unseen: 2, groups: ["new"], fallbackTemperature: fit.fallbackTemperature });
    expect(p[1]).toBe(fit.global.predict([1])[0]);
    expect(Array.from(fit.temperaturesOf(["b", 7]))).toEqual([fit.temperatures[1], fit.fallbackTemperature]);
  });

  it("reward(scores, { group }) is r/T_g centered by the stored mean of the fitting responses", () => {
    const fit = fitGroupedTemperature(pairs, { group });
    const raw = fit.reward([1, 2], { group: ["a", "b"], transform: "raw-calibrated" });
    expect(raw[0]).toBe(1 / fit.temperatures[0]);
    expect(raw[1]).toBe(2 / fit.temperatures[1]);
    // The stored mean is that of r/T_g over both responses of every fitting pair.
    const all = pairs.chosen.flatMap((c, i) => [c / fit.temperatures[group[i] === "a" ? 0 : 1], pairs.rejected[i] / fit.temperatures[group[i] === "a" ? 0 : 1]]);
    expect(fit.rewardNormalization!.mean).toBeCloseTo(all.reduce((s, x) => s + x, 0) / all.length, 14);
    expect(fit.reward([1], { group: ["a"] })[0]).toBe(1 / fit.temperatures[0] - fit.rewardNormalization!.mean);
  });

  it("round-trips through JSON with the same bits, and stores each group's T and the fallback", () => {
    const fit = fitGroupedTemperature(pairs, { group });
    const json = JSON.parse(JSON.stringify(fit));
    expect(json).toMatchObject({ kind: "grouped-temperature", groups: ["a", "b"], fallbackTemperature: fit.fallbackTemperature });
    expect(json.temperatures).toEqual([...fit.temperatures]);
    const loaded = loadCalibrator(json);
    expect(loaded.kind).toBe("grouped-temperature");
    const margins = [0.5, -1, 2], groups = ["b", "a", "zzz"];
    expect(loaded.predict(margins, { group: groups })).toEqual(fit.predict(margins, { group: groups }));
    expect(loaded.toJSON()).toEqual(json);
  });

  it("refuses a call without the group column, or with one of another length", () => {
    const fit = fitGroupedTemperature(pairs, { group });
    expect(() => fit.predict([1])).toThrow(/options\.group is missing/);
    expect(() => fit.reward([1], {})).toThrow(/options\.group is missing/);
    expect(() => fit.predict([1, 2], { group: ["a"] })).toThrow(/options\.group has length 1 but margins has length 2/);
    expect(() => fit.predict([1], { group: ["a"], onUnseenGroups: 3 as never })).toThrow(/options\.onUnseenGroups is 3/);
  });
});
