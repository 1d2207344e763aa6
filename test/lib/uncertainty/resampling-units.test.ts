// Resampling units (docs/DESIGN.md §6.5): pairs, or whole clusters. Expected values are stated at each assertion;
// the resample stream itself is checked against the SplitMix64 reference in test/core/calibration-errors.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { toPairColumns } from "../../../src/lib/pairs/pairs";
import { resamplingUnits, resampleUnitIndices, resampled, jackknifeValues } from "../../../src/lib/uncertainty/resampling-units";
import { resampleIndices } from "../../../src/core/bootstrap";

beforeAll(async () => {
  await init();
});

const margin = [1, 2, 3, 4, 5, 6, 7];
const label = [1, 0, 1, 1, 0, 1, 1];
const cluster = ["b", "a", "b", 7, "a", "c", 7];

describe("resamplingUnits", () => {
  it("without clusters, every pair is a unit and the resamples are core's stream, index for index", () => {
    const columns = toPairColumns({ margin, label });
    const units = resamplingUnits(columns);
    expect(units).toEqual({ count: 7, start: null, members: null });
    for (const r of [0, 1, 9]) expect(resampleUnitIndices(units, 5, r)).toEqual(resampleIndices(7, 5, r));
  });

  it("groups pairs by cluster in order of first appearance, in pair order within a cluster", () => {
    const columns = toPairColumns({ margin, label, cluster });
    // first appearance: "b" → 0, "a" → 1, 7 → 2, "c" → 3
    expect(Array.from(columns.cluster!)).toEqual([0, 1, 0, 2, 1, 3, 2]);
    const units = resamplingUnits(columns);
    expect(units.count).toBe(4);
    expect(Array.from(units.start!)).toEqual([0, 2, 4, 6, 7]);
    expect(Array.from(units.members!)).toEqual([0, 2, 1, 4, 3, 6, 5]);
  });

  it("draws whole clusters: the resample of stream (seed, r) holds, for each of the 4 draws, all that cluster's pairs", () => {
    const columns = toPairColumns({ margin, label, cluster });
    const units = resamplingUnits(columns);
    const members = [[0, 2], [1, 4], [3, 6], [5]];
    for (const r of [0, 3, 8]) {
      const drawn = resampleIndices(4, 11, r);
      expect(Array.from(resampleUnitIndices(units, 11, r))).toEqual(Array.from(drawn).flatMap((u) => members[u]));
    }
  });

  it("drops cluster codes that a subset no longer uses", () => {
    const columns = resampled(toPairColumns({ margin, label, cluster }), Int32Array.of(0, 2, 5));
    const units = resamplingUnits(columns);
    expect(units.count).toBe(2); // "b" (pairs 0, 1 of the subset) and "c" (pair 2)
    expect(Array.from(units.members!)).toEqual([0, 1, 2]);
  });

  it("refuses a cluster id that is neither a string nor a finite number, naming the index", () => {
    expect(() => toPairColumns({ margin: [1, 2], label: [1, 0], cluster: ["a", NaN] })).toThrow("pairs.cluster[1] is NaN; a cluster id must be a string or a finite number");
    expect(() => toPairColumns({ margin: [1, 2], label: [1, 0], cluster: ["a"] })).toThrow(/pairs.cluster/);
  });
});

describe("jackknifeValues", () => {
  it("leaves out one cluster at a time when there are few: the mean margin without each cluster", () => {
    const columns = toPairColumns({ margin, label, cluster });
    const mean = (c: { margin: Float64Array }) => c.margin.reduce((a, b) => a + b, 0) / c.margin.length;
    // without "b" (1, 3): (2+4+5+6+7)/5 = 4.8; without "a" (2, 5): (1+3+4+6+7)/5 = 4.2;
    // without 7 (4, 7): (1+2+3+5+6)/5 = 3.4; without "c" (6): (1+2+3+4+5+7)/6 = 22/6
    expect(Array.from(jackknifeValues(columns, resamplingUnits(columns), mean))).toEqual([4.8, 4.2, 3.4, 22 / 6]);
  });

  it("deals many units into at most 100 groups, each pair in exactly one left-out group", () => {
    const n = 1000;
    const columns = toPairColumns({ margin: Float64Array.from({ length: n }, (_, i) => i), label: new Float64Array(n).fill(1) });
    const sums = jackknifeValues(columns, resamplingUnits(columns), (c) => c.margin.reduce((a, b) => a + b, 0));
    expect(sums.length).toBe(100);
    const total = (n * (n - 1)) / 2;
    // Σ over groups of (total − kept sum) = Σ of left-out sums = total, since the groups partition the pairs.
    expect(sums.reduce((a, s) => a + (total - s), 0)).toBe(total);
  });
});
