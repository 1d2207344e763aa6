// Clopper–Pearson intervals, alone and per bin in assess, against scipy.stats.beta (scipy 1.10) values committed by
// scripts/reference/beta_quantiles.py, including fractional successes and trials (weighted / soft counts).
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, clopperPearsonInterval } from "rmcal";
import reference from "../../reference-values/beta-quantiles.json";

beforeAll(async () => {
  await init();
});

describe("clopperPearsonInterval(observed, n) and assess(..., { interval: 'clopper-pearson' })", () => {
  it("match scipy's beta quantiles, with fractional successes and trials", () => {
    for (const { observed, n, confidence, low, high } of reference.clopperPearson) {
      const [l, h] = clopperPearsonInterval(observed, n, confidence);
      expect(l).toBeCloseTo(low, 10);
      expect(h).toBeCloseTo(high, 10);
    }
  });

  it("gives each non-empty bin the interval of its observed rate and effective sample size", () => {
    const margin = [0.2, 0.3, 0.1, 1.5, 1.7, 2.5, -0.4, -2.2, 3.1, 0.05];
    const label = [1, 0, 1, 1, 1, 1, 0, 1, 1, 0.5];
    const weight = [1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1];
    const cp = assess({ margin, label, weight }, { bins: 4, interval: "clopper-pearson" });
    const wilson = assess({ margin, label, weight }, { bins: 4 });
    let checked = 0;
    cp.bins.forEach((bin, b) => {
      if (bin.observed === null) return expect(bin.low).toBeNull();
      const inBin = margin.map((d, i) => i).filter((i) => {
        const c = 1 / (1 + Math.exp(-Math.abs(margin[i])));
        return (b === 0 ? c >= bin.lower : c > bin.lower) && c <= bin.upper;
      });
      const w = inBin.reduce((s, i) => s + weight[i], 0);
      const w2 = inBin.reduce((s, i) => s + weight[i] ** 2, 0);
      const [low, high] = clopperPearsonInterval(bin.observed, (w * w) / w2, 0.95);
      expect(bin.low).toBe(low);
      expect(bin.high).toBe(high);
      // The exact interval is wider than Wilson's here: it is conservative.
      expect((bin.high as number) - (bin.low as number)).toBeGreaterThan((wilson.bins[b].high as number) - (wilson.bins[b].low as number));
      checked++;
    });
    expect(checked).toBeGreaterThan(1);
    expect(cp.ece).toBe(wilson.ece);
  });

  it("rejects an unknown interval by name", () => {
    expect(() => assess({ margin: [1], label: [1] }, { interval: "agresti" as never })).toThrow(/options.interval is "agresti"/);
  });
});
