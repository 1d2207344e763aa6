// Quantile bins over shards (src/lib/metrics/quantile-sketch.ts, docs/DESIGN.md §3.8): each shard keeps its sums
// in fine uniform bins; the merged edges split the pairs as numpy's percentile edges do, or lie within one fine
// bin of them, and the metrics are exactly those of the merged edges (against test/reference/assess.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, assessPartial, mergePartials, assessFromPartial } from "rmcal";
import { sketchQuantileBins } from "../../../src/lib/metrics/quantile-sketch";
import { mulberry32, integer } from "../../helpers/prng";
import { randomPairs, type RandomColumns } from "../../helpers/random-data";
import { expectClose } from "../../helpers/compare";
import { referenceAssess } from "../../reference/assess";
import { viewPair } from "../../reference/pairs";

beforeAll(async () => {
  await init();
});

type Columns = { margin: number[]; label: number[]; weight?: number[] };

const columnsOf = (c: RandomColumns, weighted: boolean): Columns =>
  weighted ? { margin: c.margin, label: c.label, weight: c.weight } : { margin: c.margin, label: c.label };

const slice = (c: Columns, from: number, to: number): Columns => ({
  margin: c.margin.slice(from, to), label: c.label.slice(from, to), ...(c.weight ? { weight: c.weight.slice(from, to) } : {}),
});

/** Cut points that split n rows into `parts` non-empty shards, each holding some positive weight. */
function shardsOf(c: Columns, parts: number, seed: number): Columns[] {
  const random = mulberry32(seed);
  for (;;) {
    const cuts = [...new Set(Array.from({ length: parts - 1 }, () => 1 + integer(random, c.margin.length - 1)))].sort((a, b) => a - b);
    const bounds = [0, ...cuts, c.margin.length];
    const shards = bounds.slice(1).map((to, i) => slice(c, bounds[i], to));
    if (shards.every((s) => !s.weight || s.weight.some((w) => w > 0))) return shards;
  }
}

describe("sketchQuantileBins", () => {
  const fine = Float64Array.from({ length: 9 }, (_, i) => i / 8);

  it("(counts, fine edges, range, B) puts each edge at the fine boundary that splits the ranks as numpy does", () => {
    // 8 values, one per fine bin: numpy's median edge lies between the 4th and 5th (ranks 3 and 4), in fine bins 3
    // and 4, so the boundary 4/8 splits them exactly.
    expect(sketchQuantileBins([1, 1, 1, 1, 1, 1, 1, 1], fine, [0.05, 0.95], 2)).toEqual({ edges: Float64Array.of(0.05, 0.5, 0.95), first: [0, 4, 8] });
    // 7 of 8 values in fine bin 5: the median (rank 3.5) lies inside it, and the nearer boundary in count is 5/8,
    // which puts 1 below (against the 4 wanted; 6/8 would put all 8). A bin of 1 and a bin of 7: the sketch's error.
    expect(sketchQuantileBins([1, 0, 0, 0, 0, 7, 0, 0], fine, [0.1, 0.7], 2)).toEqual({ edges: Float64Array.of(0.1, 0.625, 0.7), first: [0, 5, 8] });
    // All 8 in bin 0: both boundaries miss the wanted 4 by 4, the tie goes to the lower, 0/8, which would leave the
    // first bin empty: dropped, one bin.
    expect(sketchQuantileBins([8, 0, 0, 0, 0, 0, 0, 0], fine, [0.01, 0.1], 2)).toEqual({ edges: Float64Array.of(0.01, 0.1), first: [0, 8] });
    // Ranks 0–3 in bin 1 and 4–7 in bin 2: the tertile edges at ranks 7/3 and 14/3 fall inside bins 1 and 2 and take
    // the nearer boundary in count: 2/8 for both (4 below, against 3 and 5 wanted), so the second is dropped.
    expect(sketchQuantileBins([0, 4, 4, 0, 0, 0, 0, 0], fine, [0.13, 0.37], 3)).toEqual({ edges: Float64Array.of(0.13, 0.25, 0.37), first: [0, 2, 8] });
  });

  it("keeps one bin [v, v] when every value is equal", () => {
    expect(sketchQuantileBins([0, 0, 5, 0, 0, 0, 0, 0], fine, [0.3, 0.3], 4)).toEqual({ edges: Float64Array.of(0.3, 0.3), first: [0, 8] });
  });
});

describe("quantile bins over shards (a fine histogram sketch)", () => {
  /** The binned values of pairs with weight, as assess's quantile edges see them (test/reference/pairs.ts). */
  const valuesOf = (c: Columns, view: "folded" | "oriented") =>
    c.margin.flatMap((d, i) => ((c.weight?.[i] ?? 1) > 0 ? [viewPair(d, c.label[i], 1, view).value] : []));

  it("each merged edge splits the pairs as numpy's edge does, or lies within one fine bin of it; the metrics are those of the merged edges", () => {
    const random = mulberry32(1818);
    for (const view of ["folded", "oriented"] as const) {
      for (const [sketchBins, bins] of [[64, 10], [1024, 15], [16, 20], [4096, 7]]) {
        for (const weighted of [false, true]) {
          const whole = columnsOf(randomPairs(random, 700, { labels: "soft", weighted }), weighted);
          const options = { bins, binning: "quantile" as const, view, sketchBins };
          const merged = assessFromPartial(mergePartials(shardsOf(whole, 4, bins).map((s) => assessPartial(s, options))));
          const exact = assess(whole, { bins, binning: "quantile", view });
          const values = valuesOf(whole, view);
          const width = (1 - (view === "folded" ? 0.5 : 0)) / sketchBins;
          const mergedEdges = [...merged.bins.map((b) => b.lower), merged.bins.at(-1)!.upper];
          const exactEdges = [...exact.bins.map((b) => b.lower), exact.bins.at(-1)!.upper];
          // The outer edges are the values' min and max, exactly.
          expect([mergedEdges[0], mergedEdges.at(-1)]).toStrictEqual([exactEdges[0], exactEdges.at(-1)]);
          expect(merged.bins.length).toBeLessThanOrEqual(exact.bins.length);
          for (const e of mergedEdges.slice(1, -1)) {
            // Some numpy edge (before duplicates are removed: assess's edges are those) with no pair between, or
            // within one fine-bin width.
            const ok = exactEdges.some((x) => Math.abs(x - e) <= width || !values.some((v) => v > Math.min(x, e) && v <= Math.max(x, e)));
            expect(ok, `edge ${e} (${view}, G = ${sketchBins}, B = ${bins})`).toBe(true);
          }
          // The merged sums are exact unions of fine bins: the result is assess's computation at the merged edges.
          expectClose(merged, { ...referenceAssess(whole, { view, edges: mergedEdges }), binning: "quantile", temperature: 1 }, 1e-12);
        }
      }
    }
  });

  it("with fine bins much narrower than the gaps between values, the bins hold the same pairs as assess's quantile bins", () => {
    const random = mulberry32(3);
    const margin = Array.from({ length: 200 }, () => (random() - 0.5) * 8);
    const whole = { margin, label: margin.map(() => (random() < 0.7 ? 1 : 0)) };
    const options = { bins: 10, binning: "quantile" as const, sketchBins: 65_536 };
    const merged = assessFromPartial(mergePartials(shardsOf(whole, 3, 1).map((s) => assessPartial(s, options))));
    const exact = assess(whole, { bins: 10, binning: "quantile" });
    expect(merged.bins.map((b) => [b.count, b.observed])).toStrictEqual(exact.bins.map((b) => [b.count, b.observed]));
    expectClose(merged.bins.map((b) => b.meanPredicted), exact.bins.map((b) => b.meanPredicted), 1e-12);
  });

  it("is associative and commutative bit for bit, and refuses partials of another sketch size", () => {
    const random = mulberry32(4);
    const data = columnsOf(randomPairs(random, 500, { labels: "soft", weighted: true }), true);
    const [a, b, c] = shardsOf(data, 3, 5).map((s) => assessPartial(s, { binning: "quantile", sketchBins: 256 }));
    const left = JSON.stringify(mergePartials([mergePartials([a, b]), c]));
    expect(JSON.stringify(mergePartials([a, mergePartials([c, b])]))).toBe(left);
    const other = assessPartial(data, { binning: "quantile", sketchBins: 512 });
    expect(() => mergePartials([a, other])).toThrow("partials[1].sketchBins is 512 but partials[0].sketchBins is 256");
    expect(() => mergePartials([a, assessPartial(data)])).toThrow(/partials\[1\]\.binning is "uniform" but partials\[0\]\.binning is "quantile"/);
  });
});
