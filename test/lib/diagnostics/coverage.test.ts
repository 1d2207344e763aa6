// marginCoverage: the histogram of margins (counts checked against numpy.histogram by hand) and its sparse regions.
import { beforeAll, describe, expect, it } from "vitest";
import { init, marginCoverage } from "rmcal";

beforeAll(async () => {
  await init();
});

describe("marginCoverage(margins, bins, minPerBin)", () => {
  it("counts every margin once, like numpy.histogram, and merges adjacent sparse bins", () => {
    const margins = [-3, -2.5, 0, 0, 0.1, 0.2, 0.3, 1, 1, 1, 2, 7];
    const out = marginCoverage(margins, 5, 3);
    expect(out.range).toEqual([-3, 7]);
    expect(out.histogram.edges).toEqual([-3, -1, 1, 3, 5, 7]);
    // numpy.histogram(margins, bins=5) → [2, 5, 4, 0, 1]
    expect(out.histogram.counts).toEqual([2, 5, 4, 0, 1]);
    expect(out.sparse).toEqual([{ lower: -3, upper: -1, count: 2 }, { lower: 3, upper: 7, count: 1 }]);
    expect(out.sparseShare).toBeCloseTo(3 / 12, 15);
  });
});
