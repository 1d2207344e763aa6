// assess(pairs, options) against the plain-TypeScript reference (test/reference/) on seeded random pairs:
// every pair shape, plain arrays, typed arrays and row objects, both views, both binnings, ties (d = 0),
// zero weights, saturated probabilities and soft labels.
// And against an independent numpy/scipy computation of the folded-view (and oriented-view) metrics: those expected
// values were produced by scripts/reference/assess_pairs.py (numpy 1.24, scipy 1.10; run:
// /usr/bin/python3 scripts/reference/assess_pairs.py) from scipy.special.expit / log_expit, and are committed in
// test/reference-values/assess_pairs.json together with the pairs, so this test needs no Python.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, type AssessOptions } from "rmcal";
import { referenceAssess } from "../../reference/assess";
import { Z95 } from "../../reference/calibration";
import { mulberry32, pick, integer, type Random } from "../../helpers/prng";
import { randomPairs, type RandomColumns } from "../../helpers/random-data";
import { expectClose } from "../../helpers/compare";

beforeAll(async () => {
  await init();
});

type Shape = "chosen-rejected" | "scores" | "margin";
type Container = "array" | "Float64Array" | "Float32Array" | "rows";

function pairsOf(columns: RandomColumns, shape: Shape, container: Container, weighted: boolean): any {
  const fields: Record<string, number[]> =
    shape === "chosen-rejected" ? { chosen: columns.scoreA, rejected: columns.scoreB }
    : shape === "scores" ? { scoreA: columns.scoreA, scoreB: columns.scoreB, label: columns.label }
    : { margin: columns.margin, label: columns.label };
  if (weighted) fields.weight = columns.weight;
  if (container === "rows") {
    return columns.margin.map((_, i) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[i]])));
  }
  const convert = (v: number[]) =>
    container === "Float64Array" ? Float64Array.from(v) : container === "Float32Array" ? Float32Array.from(v) : v;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, convert(v)]));
}

function drawCase(random: Random) {
  const n = pick(random, [1, 2, 3, 10, 57, 200, 1000]);
  return {
    n,
    container: pick<Container>(random, ["array", "Float64Array", "Float32Array", "rows"]),
    labels: pick(random, ["hard", "soft"] as const),
    weighted: random() < 0.6,
    options: { bins: pick(random, [1, 2, 5, 10, 15, 15, 37]), temperature: pick(random, [1, 1, 0.5, 2.5, 40]) },
  };
}

const shapes: Shape[] = ["chosen-rejected", "scores", "margin"];
const views = ["folded", "oriented"] as const;
const binnings = ["uniform", "quantile"] as const;

describe("assess(pairs, options) equals the reference implementation", () => {
  for (const shape of shapes) {
    for (const view of views) {
      for (const binning of binnings) {
        it(`${shape} pairs, ${view} view, ${binning} bins, 12 seeded random cases`, () => {
          const random = mulberry32(1000 + shapes.indexOf(shape) * 100 + views.indexOf(view) * 10 + binnings.indexOf(binning));
          for (let trial = 0; trial < 12; trial++) {
            const c = drawCase(random);
            const pairs = pairsOf(randomPairs(random, c.n, { labels: c.labels, weighted: c.weighted }), shape, c.container, c.weighted);
            const options = { ...c.options, view, binning };
            const label = `trial ${trial}: ${JSON.stringify({ ...c, options })}`;
            const actual = assess(pairs, options);
            const expected = referenceAssess(pairs, options);
            expectClose(actual, expected, 1e-12, label);
            // Counts are integers: they must agree exactly, bin by bin.
            expect(actual.bins.map((b) => b.count), label).toEqual(expected.bins.map((b) => b.count));
          }
        });
      }
    }
  }
});

describe("assess: the edge cases of docs/DESIGN.md §2", () => {
  it("assess(pairs) puts a tie (d = 0, confidence exactly 0.5) in the first folded bin and scores it ½", () => {
    const r = assess({ margin: [0, 0, 0], label: [1, 0, 0.5] }, { bins: 4 });
    expect(r.bins[0]).toMatchObject({ count: 3, meanPredicted: 0.5, observed: 0.5, gap: 0 });
    expect(r.accuracy).toBe(0.5);
    expect(r.ece).toBe(0);
  });

  it("assess(pairs, {view: 'oriented'}) puts p = 0.5 in the bin whose upper edge is 0.5 (e_k < v ≤ e_{k+1})", () => {
    const r = assess({ margin: [0, 1e-300], label: [1, 1] }, { bins: 2, view: "oriented" });
    // σ(1e-300) rounds to 0.5 as well; both land at the edge 0.5, so both belong to bin 0.
    expect(r.bins.map((b) => b.count)).toEqual([2, 0]);
    expect(referenceAssess({ margin: [0, 1e-300], label: [1, 1] }, { bins: 2, view: "oriented" }).bins.map((b) => b.count)).toEqual([2, 0]);
  });

  it("assess(pairs) gives p = 1 (saturated margins) to the last bin and a finite NLL", () => {
    const r = assess({ margin: [800, -800, 40], label: [1, 0, 0] });
    expect(r.bins[14].count).toBe(3);
    expect(r.bins[14].meanPredicted).toBe(1);
    expect(Number.isFinite(r.nll)).toBe(true);
    expectClose(r.nll, referenceAssess({ margin: [800, -800, 40], label: [1, 0, 0] }).nll);
  });

  it("assess(pairs, {temperature}) never returns NaN when d/T overflows to ±Infinity", () => {
    // d/T = ±∞: σ saturates; the wrong-side pair has an infinite loss, the right-side ones a zero loss.
    const right = assess({ margin: [1, -1], label: [1, 0] }, { temperature: 1e-320 });
    expect(right.nll).toBe(0);
    expect(right.brier).toBe(0);
    const wrong = assess({ margin: [1, -1], label: [0.5, 0] }, { temperature: 1e-320 });
    expect(wrong.nll).toBe(Infinity);
    for (const r of [right, wrong]) for (const value of [r.accuracy, r.brier, r.ece, r.rmsce, r.mce]) expect(value).not.toBeNaN();
  });

  it("assess(pairs) with zero-weight pairs equals assess of the pairs that carry weight (both binnings)", () => {
    const random = mulberry32(77);
    const data = randomPairs(random, 300, { labels: "soft", weighted: true });
    const kept = data.margin.map((_, i) => i).filter((i) => data.weight[i] > 0);
    const subset = (column: number[]) => kept.map((i) => column[i]);
    for (const binning of binnings) {
      for (const view of views) {
        const all = assess({ margin: data.margin, label: data.label, weight: data.weight }, { binning, view });
        const some = assess({ margin: subset(data.margin), label: subset(data.label), weight: subset(data.weight) }, { binning, view });
        expect(all.n).toBe(kept.length);
        expectClose(all, some, 1e-12, `${binning} ${view}`);
      }
    }
  });

  it("assess(pairs) in the folded view does not depend on the order of the pairs nor on which side is A", () => {
    const random = mulberry32(78);
    const data = randomPairs(random, 400, { labels: "soft", weighted: true });
    const order = data.margin.map((_, i) => i).sort(() => random() - 0.5);
    const flip = order.map(() => random() < 0.5);
    const flipped = {
      scoreA: order.map((i, j) => (flip[j] ? data.scoreB[i] : data.scoreA[i])),
      scoreB: order.map((i, j) => (flip[j] ? data.scoreA[i] : data.scoreB[i])),
      label: order.map((i, j) => (flip[j] ? 1 - data.label[i] : data.label[i])),
      weight: order.map((i) => data.weight[i]),
    };
    const original = { scoreA: data.scoreA, scoreB: data.scoreB, label: data.label, weight: data.weight };
    for (const binning of binnings) {
      const a = assess(original, { binning });
      const b = assess(flipped, { binning });
      // Sums run in a different order: equal up to rounding, bin counts exactly.
      expectClose(b.ece, a.ece, 1e-12);
      expectClose(b.accuracy, a.accuracy, 1e-12);
      expect(b.bins.map((x) => x.count)).toEqual(a.bins.map((x) => x.count));
    }
  });

  it("assess(pairs, {binning: 'quantile'}) removes duplicate edges, so no bin is empty", () => {
    const random = mulberry32(79);
    // Integer margins in [-3, 3]: only four distinct confidences, far fewer than 15 quantile bins.
    const margin = Array.from({ length: 500 }, () => integer(random, 7) - 3);
    const label = margin.map(() => (random() < 0.7 ? 1 : 0));
    const r = assess({ margin, label }, { binning: "quantile" });
    expect(r.bins.length).toBeLessThan(15);
    for (const bin of r.bins) expect(bin.count).toBeGreaterThan(0);
    expectClose(r, referenceAssess({ margin, label }, { binning: "quantile" }));
  });

  it("assess(pairs, {binning: 'quantile'}) on identical values gives one bin holding everything", () => {
    const r = assess({ chosen: [1, 2, 3], rejected: [0, 1, 2] }, { binning: "quantile" });
    expect(r.bins.length).toBe(1);
    expect(r.bins[0].count).toBe(3);
  });
});

interface Case {
  name: string;
  pairs: Record<string, number[]>;
  options: AssessOptions & { bins?: number };
  expected: Record<string, unknown> & { bins: Record<string, unknown>[] };
}

const reference = JSON.parse(readFileSync(new URL("../../reference-values/assess_pairs.json", import.meta.url), "utf8")) as { z: number; cases: Case[] };

describe("assess(pairs, options) equals an independent numpy/scipy computation to 1e-12", () => {
  it("uses scipy's 97.5% normal quantile for the Wilson intervals", () => {
    expect(Z95).toBe(reference.z);
  });

  for (const c of reference.cases) {
    it(`assess(${c.name}, ${JSON.stringify(c.options)}): accuracy, NLL, Brier, ECE, RMSCE, MCE, debiased RMSCE and bins`, () => {
      const report = assess(c.pairs as never, c.options);
      expectClose(report, c.expected, 1e-12);
      expect(report.bins.map((b) => b.count)).toEqual(c.expected.bins.map((b) => b.count));
      expectClose(referenceAssess(c.pairs as never, c.options), c.expected, 1e-12, "reference");
    });
  }

  it("the typed-array and row forms of the same pairs give the same report", () => {
    const c = reference.cases[1];
    const typed = Object.fromEntries(Object.entries(c.pairs).map(([k, v]) => [k, Float64Array.from(v)]));
    const rows = c.pairs.scoreA.map((_, i) => Object.fromEntries(Object.entries(c.pairs).map(([k, v]) => [k, v[i]])));
    const base = assess(c.pairs as never);
    expect(assess(typed as never)).toEqual(base);
    expect(assess(rows as never)).toEqual(base);
  });
});

describe("assess(pairs, { mceMinCount })", () => {
  // Four tied pairs at p = ½ with balanced labels (gap 0), and one pair alone at σ(3) ≈ 0.953 with label 0.
  const pairs = { margin: [0, 0, 0, 0, 3], label: [1, 0, 1, 0, 0] };

  it("defaults to 1: a bin of one pair sets MCE, as in torchmetrics and netcal", () => {
    const r = assess(pairs, { view: "oriented", bins: 10 });
    expect(r.mce).toBeCloseTo(1 / (1 + Math.exp(-3)), 15);
    expect(assess(pairs, { view: "oriented", bins: 10, mceMinCount: 1 })).toEqual(r);
  });

  it("leaves bins of fewer pairs out of MCE only", () => {
    const base = assess(pairs, { view: "oriented", bins: 10 });
    const r = assess(pairs, { view: "oriented", bins: 10, mceMinCount: 2 });
    expect(r.mce).toBe(0);
    expect({ ...r, mce: base.mce }).toEqual(base);
  });

  it("refuses a count that is not an integer ≥ 1", () => {
    for (const bad of [0, 1.5, -1, "2"]) {
      expect(() => assess(pairs, { mceMinCount: bad as never })).toThrow(/options\.mceMinCount/);
    }
  });
});
