// splitPairs: seeded, reproducible, a partition of the input, in the input's shape.
import { beforeAll, describe, expect, it } from "vitest";
import { init, splitPairs } from "rmcal";
import { splitIndices } from "../../../src/lib/pairs/split-pairs";
import { shuffledIndices } from "../../../src/lib/pairs/shuffle";
import { init as initSource } from "../../helpers/source-entry";

beforeAll(async () => {
  await init();
  await initSource();
});

describe("splitPairs(pairs, { holdout, seed })", () => {
  const n = 1000;
  const pairs = { margin: Float64Array.from({ length: n }, (_, i) => i), label: Float64Array.from({ length: n }, (_, i) => i % 2) };

  it("is reproducible for a seed and differs between seeds", () => {
    const a = splitPairs(pairs, { seed: 42 });
    const b = splitPairs(pairs, { seed: 42 });
    const c = splitPairs(pairs, { seed: 43 });
    expect(a.test.margin).toEqual(b.test.margin);
    expect(a.test.margin).not.toEqual(c.test.margin);
  });

  it("partitions the pairs with round(holdout·n) in test, each part in input order", () => {
    const { train, test } = splitPairs(pairs, { holdout: 0.25, seed: 7 });
    expect(test.margin.length).toBe(250);
    expect(train.margin.length).toBe(750);
    const all = [...train.margin, ...test.margin].sort((x, y) => x - y);
    expect(all).toEqual([...pairs.margin]);
    for (const part of [train, test]) {
      for (let i = 1; i < part.margin.length; i++) expect(part.margin[i]).toBeGreaterThan(part.margin[i - 1]);
      // label travels with its margin
      for (let i = 0; i < part.margin.length; i++) expect(part.label[i]).toBe(part.margin[i] % 2);
    }
  });

  it("gives the first holdout share of a mulberry32 Fisher–Yates shuffle (pinned, so it is the same everywhere)", () => {
    const { test } = splitPairs({ margin: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], label: Array(10).fill(1) }, { holdout: 0.3, seed: 1 });
    // Pinned from this implementation: a change of PRNG or shuffle changes users' splits, so it must be deliberate.
    expect([...test.margin]).toMatchInlineSnapshot(`
      [
        3,
        7,
        8,
      ]
    `);
  });

  it("keeps row arrays as rows and chosen/rejected columns as such", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ chosen: i, rejected: 0 }));
    const { train, test } = splitPairs(rows, { seed: 3 });
    expect(train.length + test.length).toBe(10);
    expect(test.length).toBe(2);
    expect(test.every((r) => rows.includes(r))).toBe(true);
    const cols = splitPairs({ chosen: [1, 2, 3, 4, 5], rejected: [0, 0, 0, 0, 0] }, { seed: 3 });
    expect(cols.test.chosen.length).toBe(1);
    expect(cols.train.rejected.length).toBe(4);
  });

  it("rejects bad options and too few pairs", () => {
    expect(() => splitPairs(pairs, { holdout: 1 })).toThrow(/options\.holdout/);
    expect(() => splitPairs(pairs, { seed: -1 })).toThrow(/options\.seed/);
    expect(() => splitPairs({ margin: [1], label: [1] })).toThrow(/at least 2/);
  });
});

describe("splitIndices(n, holdout, seed, clusters): the held-out split of rmcal fit and report", () => {
  it("without clusters, is splitPairs on the row indices", () => {
    const split = splitIndices(50, 0.3, 4);
    const index = Float64Array.from({ length: 50 }, (_, i) => i);
    const expected = splitPairs({ margin: index, label: new Float64Array(50) }, { holdout: 0.3, seed: 4 });
    expect(split.test).toEqual(expected.test.margin);
    expect(split.train).toEqual(expected.train.margin);
  });

  it("holds out whole clusters, in shuffled order, until round(holdout · n) pairs are held out", () => {
    // 10 clusters of sizes 1 … 10 (55 pairs), in blocks.
    const codes = Int32Array.from({ length: 55 }, (_, i) => Math.floor((Math.sqrt(8 * i + 1) - 1) / 2));
    const { train, test } = splitIndices(55, 0.2, 7, { codes, count: 10 });
    const heldOut = new Set(Array.from(test, (i) => codes[i]));
    for (const i of train) expect(heldOut.has(codes[i])).toBe(false); // no cluster on both sides
    expect(train.length + test.length).toBe(55);
    // The clusters taken are the first of shuffledIndices(10, 7) until the count reaches round(0.2 · 55) = 11.
    const order = Array.from(shuffledIndices(10, 7));
    let taken = 0, k = 0;
    while (taken < 11) taken += order[k++] + 1;
    expect([...heldOut].sort()).toEqual(order.slice(0, k).sort());
    expect(test.length).toBe(taken);
  });

  it("never holds out every cluster, and refuses a single cluster", () => {
    const codes = Int32Array.of(0, 0, 1, 1);
    expect(splitIndices(4, 0.99, 0, { codes, count: 2 }).train.length).toBe(2);
    expect(() => splitIndices(3, 0.2, 0, { codes: Int32Array.of(0, 0, 0), count: 1 })).toThrow("the pairs hold 1 cluster; holding out whole clusters needs at least 2");
  });
});
