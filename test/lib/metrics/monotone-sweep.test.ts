// assess(..., { bins: "sweep" }) — the monotone sweep of Roelofs et al. (2022), checked against the sweep
// written out with assess's own quantile bins: try B = 1, 2, … and stop at the first non-monotone diagram.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess } from "rmcal";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

function monotone(observed: (number | null)[]): boolean {
  const rates = observed.filter((o): o is number => o !== null);
  return rates.every((r, i) => i === 0 || r >= rates[i - 1]);
}

function referenceSweep(pairs: { margin: number[]; label: number[] }, view: "folded" | "oriented"): number {
  let best = 1;
  for (let b = 2; b <= pairs.margin.length; b++) {
    if (!monotone(assess(pairs, { bins: b, binning: "quantile", view }).bins.map((bin) => bin.observed))) break;
    best = b;
  }
  return best;
}

describe("assess(pairs, { bins: 'sweep' })", () => {
  for (const [seed, n, scale] of [[1, 600, 2], [2, 1500, 1], [3, 300, 0.5]] as const) {
    for (const view of ["folded", "oriented"] as const) {
      it(`uses the largest monotone equal-mass binning (seed ${seed}, ${n} pairs, ${view})`, () => {
        const random = mulberry32(seed);
        const margin: number[] = [], label: number[] = [];
        for (let i = 0; i < n; i++) {
          const d = (random() - 0.5) * 8;
          margin.push(d);
          label.push(random() < sigmoid(d / scale) ? 1 : 0);
        }
        const pairs = { margin, label };
        const b = referenceSweep(pairs, view);
        const swept = assess(pairs, { bins: "sweep", view });
        const fixed = assess(pairs, { bins: b, binning: "quantile", view });
        expect(swept.ece).toBe(fixed.ece);
        expect(swept.bins.length).toBe(fixed.bins.length);
        expect(swept.sweepBins).toBe(fixed.bins.length);
        expect(monotone(swept.bins.map((bin) => bin.observed))).toBe(true);
        expect(monotone(assess(pairs, { bins: b + 1, binning: "quantile", view }).bins.map((bin) => bin.observed))).toBe(false);
      });
    }
  }

  it("rejects other strings by name", () => {
    expect(() => assess({ margin: [1], label: [1] }, { bins: "auto" as never })).toThrow(/options.bins is "auto"/);
  });
});
