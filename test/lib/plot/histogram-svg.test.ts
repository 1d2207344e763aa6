// histogramSvg: well-formed standalone SVG whose bars count every finite value once (counts checked by hand) and
// mark sparse bins.
import { beforeAll, describe, expect, it } from "vitest";
import { init, histogramSvg } from "rmcal";
import { markupProblem } from "../../helpers/markup";

beforeAll(async () => {
  await init();
});

describe("histogramSvg(values, options)", () => {
  it("counts every finite value once and marks sparse bins", () => {
    const svg = histogramSvg([0, 0.1, 0.2, 5, 5, 5, NaN], { bins: 5, sparseBelow: 2 });
    const counts = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]+)"><title>(\d+)<\/title>/g)].map((m) => [m[1], Number(m[2])]);
    expect(counts.reduce((s, [, c]) => s + (c as number), 0)).toBe(6);
    expect(counts).toContainEqual(["#1f77b4", 3]);
    expect(markupProblem(svg, true)).toBeNull();
    expect(() => histogramSvg([NaN])).toThrow(RangeError);
  });

  it("draws values equal but for rounding as one bar with a handful of ticks (Venn–Abers widths once made a string too long to build)", () => {
    const widths = [0.03846153846153855, 0.03846153846153849, 0.03846153846153855];
    const svg = histogramSvg(widths, { title: "widths" });
    expect(markupProblem(svg, true)).toBeNull();
    expect(svg.length).toBeLessThan(20_000);
    expect([...svg.matchAll(/<title>(\d+)<\/title>/g)].map((m) => Number(m[1]))).toEqual([3]);
    // A span of 1e-12 around 1e6 is still drawn with a few ticks, not millions.
    expect(histogramSvg([1e6, 1e6 + 1e-12]).length).toBeLessThan(20_000);
  });
});
