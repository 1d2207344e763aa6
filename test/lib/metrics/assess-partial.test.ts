// assessPartial, mergePartials and assessFromPartial (docs/DESIGN.md §3.8) against assess itself: one partial of all
// the pairs gives assess's bits; merged shards give assess's bits for the fields whose sums are exact (counts,
// unweighted Σw, hard-label outcomes) and assess's values to rounding for the rest; merging is associative and
// commutative bit for bit.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, assessPartial, mergePartials, assessFromPartial, type Assessment, type AssessOptions } from "rmcal";
import { mulberry32, integer } from "../../helpers/prng";
import { randomPairs, type RandomColumns } from "../../helpers/random-data";
import { expectClose } from "../../helpers/compare";

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

/** The fields of an assessment whose sums are exact when labels are 0/1 and weights are 1: bit for bit. */
function exactFields(a: Assessment) {
  return { n: a.n, weight: a.weight, accuracy: a.accuracy, bins: a.bins.map((b) => ({ count: b.count, weight: b.weight, observed: b.observed, low: b.low, high: b.high, lower: b.lower, upper: b.upper })) };
}

const OPTION_CASES: (AssessOptions & { bins?: number })[] = [
  {}, { bins: 10, view: "oriented" }, { bins: 1 }, { bins: 37, temperature: 1.7 }, { bins: 15, view: "oriented", temperature: 0.3 },
];

describe("assessPartial / assessFromPartial", () => {
  it("assessFromPartial(assessPartial(pairs)) equals assess(pairs) bit for bit, weighted or not, soft labels, through JSON text", () => {
    const random = mulberry32(1800);
    for (const weighted of [false, true]) {
      for (const labels of ["hard", "soft"] as const) {
        for (const options of OPTION_CASES) {
          const pairs = columnsOf(randomPairs(random, 301, { labels, weighted }), weighted);
          const expected = assess(pairs, options);
          const partial = assessPartial(pairs, options);
          expect(assessFromPartial(partial)).toStrictEqual(expected);
          expect(assessFromPartial(JSON.stringify(partial))).toStrictEqual(expected);
          expect(assessFromPartial(partial, { interval: "clopper-pearson", mceMinCount: 3 }))
            .toStrictEqual(assess(pairs, { ...options, interval: "clopper-pearson", mceMinCount: 3 }));
        }
      }
    }
  });

  it("keeps the bits of weights scaled far from 1 (the kernel's power-of-two scale is stored with the sums)", () => {
    const pairs = { margin: [1, -2, 0.5, 3], label: [1, 0, 1, 0.5], weight: [3e-90, 1e-91, 2e-90, 5e-92] };
    expect(assessFromPartial(assessPartial(pairs))).toStrictEqual(assess(pairs));
    const shards = [slice(pairs, 0, 2), slice(pairs, 2, 4)].map((s) => ({ ...s, weight: s.weight!.map((w, i) => w * (i === 0 ? 1 : 1e60)) }));
    const whole = { margin: pairs.margin, label: pairs.label, weight: [...shards[0].weight, ...shards[1].weight] };
    expectClose(assessFromPartial(mergePartials(shards.map((s) => assessPartial(s)))), assess(whole), 1e-13);
  });

  it("refuses sweep bins, and sketchBins with uniform bins, saying why", () => {
    expect(() => assessPartial({ margin: [1], label: [1] }, { bins: "sweep" } as never)).toThrow(/partials cannot hold sweep bins; the sweep refits equal-count bins of every size to all the values/);
    expect(() => assessPartial({ margin: [1], label: [1] }, { sketchBins: 64 })).toThrow("options.sketchBins is for quantile bins only; uniform bins are exact");
    expect(() => assessPartial({ margin: [1], label: [1] }, { interval: "wilson" } as never)).toThrow(/options has an unknown key 'interval'/);
  });

  it("writes a small, versioned JSON object", () => {
    const partial = assessPartial({ chosen: [4, 0.5, 1], rejected: [1, 1, 1] }, { bins: 2 });
    expect(partial).toMatchObject({ format: "rmcal.partial", version: 1, bins: 2, binning: "uniform", view: "folded", temperature: 1, weightExponent: 0, n: 3 });
    expect(partial.sums.count).toEqual([2, 1]);
    expect(partial.totals.weight).toBe("0x3p+0");
    expect(JSON.stringify(partial).length).toBeLessThan(1000);
  });
});

describe("mergePartials", () => {
  it("merged shards equal assess on the whole: bit for bit for counts, Σw, accuracy, observed and intervals (hard labels, unit weights), to 1e-12 for the rest", () => {
    const random = mulberry32(18);
    for (const options of OPTION_CASES) {
      for (const parts of [2, 3, 7]) {
        const whole = columnsOf(randomPairs(random, 500), false);
        const merged = assessFromPartial(mergePartials(shardsOf(whole, parts, parts).map((s) => assessPartial(s, options))));
        const expected = assess(whole, options);
        expect(exactFields(merged)).toStrictEqual(exactFields(expected));
        expectClose(merged, expected, 1e-12);
      }
    }
  });

  it("with integer weights, Σw is exact too; with soft labels and real weights all agree to 1e-12", () => {
    const random = mulberry32(5);
    const hard = columnsOf(randomPairs(random, 400), false);
    const integerWeighted = { ...hard, weight: hard.margin.map(() => integer(random, 4)) };
    integerWeighted.weight[0] = 1;
    const merged = assessFromPartial(mergePartials(shardsOf(integerWeighted, 4, 1).map((s) => assessPartial(s))));
    const expected = assess(integerWeighted);
    expect([merged.n, merged.weight, merged.accuracy, merged.bins.map((b) => [b.count, b.weight, b.observed])])
      .toStrictEqual([expected.n, expected.weight, expected.accuracy, expected.bins.map((b) => [b.count, b.weight, b.observed])]);
    const soft = columnsOf(randomPairs(random, 400, { labels: "soft", weighted: true }), true);
    expectClose(assessFromPartial(mergePartials(shardsOf(soft, 5, 2).map((s) => assessPartial(s, { view: "oriented" })))), assess(soft, { view: "oriented" }), 1e-12);
  });

  it("is associative and commutative bit for bit: ((a+b)+c), (a+(b+c)), (c+a+b) give the same JSON", () => {
    const random = mulberry32(77);
    const data = columnsOf(randomPairs(random, 600, { labels: "soft", weighted: true }), true);
    const [a, b, c] = shardsOf(data, 3, 9).map((s) => assessPartial(s, { bins: 20 }));
    const left = JSON.stringify(mergePartials([mergePartials([a, b]), c]));
    expect(JSON.stringify(mergePartials([a, mergePartials([b, c])]))).toBe(left);
    expect(JSON.stringify(mergePartials([c, a, b]))).toBe(left);
    expect(JSON.stringify(mergePartials([mergePartials([c]), mergePartials([b, a])]))).toBe(left);
  });

  it("refuses partials made with different options, naming the setting", () => {
    const pairs = { margin: [1, -1], label: [1, 1] };
    const base = assessPartial(pairs);
    expect(() => mergePartials([base, assessPartial(pairs, { bins: 10 })])).toThrow("partials[1].bins is 10 but partials[0].bins is 15; partials made with different bins cannot be merged");
    expect(() => mergePartials([base, base, assessPartial(pairs, { view: "oriented" })])).toThrow(/partials\[2\]\.view is "oriented" but partials\[0\]\.view is "folded"/);
    expect(() => mergePartials([base, assessPartial(pairs, { temperature: 2 })])).toThrow(/partials\[1\]\.temperature is 2 but partials\[0\]\.temperature is 1/);
    expect(() => mergePartials([])).toThrow(/partials is empty/);
  });
});
