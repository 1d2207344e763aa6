// The cluster meat of the sandwich variance (docs/DESIGN.md §6.7), against sums written out by hand.
import { describe, expect, it } from "vitest";
import { clusterMeat } from "../../../src/lib/calibrators/cluster-sandwich";

describe("clusterMeat(scores, cluster, clusterCount, weight)", () => {
  it("sums scores within clusters, adds the outer products and scales by G/(G − 1)", () => {
    const scores = [Float64Array.of(1, 2, -1, 3), Float64Array.of(0.5, 0, 1, -1)];
    const cluster = Int32Array.of(0, 1, 0, 1);
    // s_0 = (1 − 1, 0.5 + 1) = (0, 1.5); s_1 = (2 + 3, 0 − 1) = (5, −1); G = 2, factor 2.
    const { meat, clusters } = clusterMeat(scores, cluster, 2, null);
    expect(clusters).toBe(2);
    expect(Array.from(meat)).toEqual([2 * 25, 2 * -5, 2 * -5, 2 * (2.25 + 1)]);
  });

  it("counts only clusters holding a pair of non-zero weight (unused codes and zero-weight pairs do not count)", () => {
    const scores = [Float64Array.of(1, 2, 0)];
    const { meat, clusters } = clusterMeat(scores, Int32Array.of(0, 2, 3), 4, Float64Array.of(1, 1, 0));
    expect(clusters).toBe(2);
    expect(meat[0]).toBe(2 * (1 + 4));
  });
});
