// Merged partials under random data and random splits (docs/DESIGN.md §3.8): with labels in {0, ½, 1} and whole-number
// weights, the fields whose sums are exact equal one-file assess bit for bit and the rest agree to rounding; and
// the merged partial is the same JSON whatever the order and grouping of the merge.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init, assess, assessPartial, mergePartials, assessFromPartial, type Assessment } from "rmcal";
import { SEED } from "./arbitraries";
import { expectClose } from "../helpers/compare";

beforeAll(async () => {
  await init();
});

const RUNS = 150;

const row = fc.record({
  margin: fc.oneof(fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, -1, 1, 2.5, 800, -800)),
  label: fc.constantFrom(0, 0.5, 1),
  weight: fc.constantFrom(0, 1, 1, 2, 3),
});

const data = fc.record({
  rows: fc.array(row, { minLength: 2, maxLength: 120 }),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
  weighted: fc.boolean(),
  bins: fc.integer({ min: 1, max: 40 }),
  view: fc.constantFrom("folded", "oriented") as fc.Arbitrary<"folded" | "oriented">,
  temperature: fc.constantFrom(1, 0.5, 3),
}).map((d) => {
  const rows = d.rows.map((r, i) => ({ ...r, weight: d.weighted ? (i === 0 ? 1 : r.weight) : 1 }));
  const cuts = [...new Set(d.cuts.map((c) => Math.round(c * rows.length)))].sort((a, b) => a - b).filter((c) => c > 0 && c < rows.length);
  const bounds = [0, ...cuts, rows.length];
  const shards = bounds.slice(1).map((to, i) => rows.slice(bounds[i], to)).filter((s) => s.some((r) => r.weight > 0));
  return { ...d, rows, shards };
});

const columns = (rows: { margin: number; label: number; weight: number }[]) =>
  ({ margin: rows.map((r) => r.margin), label: rows.map((r) => r.label), weight: rows.map((r) => r.weight) });

const exact = (a: Assessment) => ({
  n: a.n, weight: a.weight, accuracy: a.accuracy,
  bins: a.bins.map((b) => [b.count, b.weight, b.observed, b.low, b.high]),
});

describe("merged partials (property)", () => {
  it("equal assess on the union: exact fields bit for bit, the rest to 1e-11", () => {
    fc.assert(
      fc.property(data, ({ shards, bins, view, temperature }) => {
        const options = { bins, view, temperature };
        const union = columns(shards.flat());
        const merged = assessFromPartial(mergePartials(shards.map((s) => assessPartial(columns(s), options))));
        const expected = assess(union, options);
        expect(exact(merged)).toStrictEqual(exact(expected));
        expectClose(merged, expected, 1e-11);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("are the same JSON for every order and grouping of the merge", () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 1000 }), ({ shards, bins, view }, shuffle) => {
        const partials = shards.map((s) => assessPartial(columns(s), { bins, view }));
        const flat = JSON.stringify(mergePartials(partials));
        const rotated = partials.map((_, i) => partials[(i + shuffle) % partials.length]).reverse();
        const cut = 1 + (shuffle % partials.length);
        const tree = [mergePartials(rotated.slice(0, cut)), ...(cut < rotated.length ? [mergePartials(rotated.slice(cut))] : [])];
        expect(JSON.stringify(mergePartials(tree))).toBe(flat);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
