// Reading a partial assessment (src/lib/metrics/partial-json.ts, docs/DESIGN.md §3.8): every field is checked and the
// first bad one named, since a partial comes from another process or machine.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assessPartial, assessFromPartial, type PartialJson } from "rmcal";

beforeAll(async () => {
  await init();
});

describe("reading a partial", () => {
  const good = (): PartialJson => assessPartial({ margin: [1, -2, 0.25], label: [1, 0, 1] }, { bins: 3 });
  const refused = (edit: (p: any) => void): string => {
    const p: any = good();
    edit(p);
    try {
      assessFromPartial(p);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("not refused");
  };

  it("names the first bad field: format, version, settings, sums, counts", () => {
    expect(refused((p) => (p.format = "rmcal.calibrator"))).toBe('partial.format is "rmcal.calibrator"; expected "rmcal.partial"');
    expect(refused((p) => (p.version = 2))).toMatch(/^partial\.version is 2; this release reads version 1/);
    expect(refused((p) => (p.binning = "quantile"))).toBe("partial.sketchBins is missing; quantile bins need it");
    expect(refused((p) => (p.binning = "equal"))).toBe('partial.binning is "equal"; expected "uniform" or "quantile"');
    expect(refused((p) => (p.sketchBins = 64))).toBe("partial.sketchBins is present; only quantile bins have it");
    expect(refused((p) => (p.temperature = -1))).toMatch(/^partial\.temperature is -1/);
    expect(refused((p) => (p.sums.value[1] = "0x6p-2"))).toMatch(/^partial\.sums\.value\[1\] is "0x6p-2"; expected a non-negative sum as a canonical hexadecimal float/);
    expect(refused((p) => (p.sums.weight[0] = 0.5))).toMatch(/^partial\.sums\.weight\[0\] is 0\.5/);
    expect(refused((p) => p.sums.outcome.pop())).toMatch(/^partial\.sums\.outcome has 2 entries; partial\.bins is 3/);
    expect(refused((p) => (p.sums.count[0] += 1))).toMatch(/^partial\.sums\.count adds up to 4 but partial\.n is 3; the partial is damaged/);
    expect(refused((p) => (p.sums.count[0] = -1))).toMatch(/^partial\.sums\.count\[0\] is -1/);
    expect(refused((p) => delete p.totals.nll)).toBe("partial.totals.nll is missing");
    expect(refused((p) => (p.extra = 1))).toMatch(/^partial has an unknown field "extra"/);
    expect(refused((p) => (p.totals.nlll = "0x0p+0"))).toMatch(/^partial\.totals has an unknown field "nlll"/);
  });

  it("checks a quantile partial's sketch size and range", () => {
    const quantile = (edit: (p: any) => void): string => {
      const p: any = assessPartial({ margin: [1, -2, 0.25], label: [1, 0, 1] }, { binning: "quantile", sketchBins: 8 });
      edit(p);
      try {
        assessFromPartial(p);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("not refused");
    };
    expect(quantile((p) => (p.range = [0.9, 0.6]))).toBe("partial.range is an array; expected [min, max] with 0.5 ≤ min ≤ max ≤ 1");
    expect(quantile((p) => (p.range = [0.2, 0.6]))).toMatch(/^partial\.range is an array; expected \[min, max\] with 0\.5 ≤ min/);
    expect(quantile((p) => (p.sketchBins = 0))).toMatch(/^partial\.sketchBins is 0; expected an integer from 1 to 65536/);
    expect(quantile((p) => (p.sketchBins = 16))).toBe("partial.sums.count has 8 entries; partial.sketchBins is 16");
  });

  it("refuses text that is not JSON, and values that are not objects", () => {
    expect(() => assessFromPartial("{")).toThrow(/^partial is not valid JSON/);
    expect(() => assessFromPartial(null)).toThrow("partial is null; expected an object");
    expect(() => assessFromPartial([])).toThrow("partial is an array; expected an object");
  });
});

describe("a partial whose sums no pass could give", () => {
  const damaged = (edit: (p: any) => void): string => {
    const p: any = assessPartial({ margin: [1, -2, 0.25, 3], label: [1, 0, 1, 1], weight: [1, 2, 1, 0.5] }, { bins: 2 });
    edit(p);
    try {
      assessFromPartial(p);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("not refused");
  };

  it("is refused: Σw·v or Σw·k above Σw, weight without pairs, a total weight of 0", () => {
    expect(damaged((p) => (p.sums.value[1] = p.sums.weight[1].replace(/^0x([0-9a-f]+)/, (_: string, m: string) => `0x${(BigInt(`0x${m}`) + 2n).toString(16)}`)))).toBe("partial.sums.value[1] exceeds partial.sums.weight[1]; the partial is damaged");
    expect(damaged((p) => (p.sums.outcome[0] = "0x1p+10"))).toBe("partial.sums.outcome[0] exceeds partial.sums.weight[0]; the partial is damaged");
    expect(damaged((p) => { p.sums.weight[0] = "0x0p+0"; })).toBe("partial.sums.weight[0] is 0 in a bin of pairs; the partial is damaged");
    expect(damaged((p) => (p.totals.weight = "0x0p+0"))).toBe('partial.totals.weight is "0x0p+0"; a partial holds pairs of positive, finite total weight');
    expect(damaged((p) => (p.totals.correct = "inf"))).toBe("partial.totals.correct exceeds partial.totals.weight; the partial is damaged");
  });
});
