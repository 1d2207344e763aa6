// The choice-column kernels (assembly/choice-columns.ts) through their wrappers, against the plain-TypeScript
// reference (test/reference/plackett-luce.ts): the best-first copy of flat scores with its rule checks, and the
// sums of the fitted range and the reward normalization, for K from 2 to 8, with weights.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../helpers/source-entry";
import { bestFirstScores, choiceScoreSums } from "../../src/core/choice-columns";
import { mulberry32 } from "../helpers/prng";
import { randomChoices } from "../helpers/random-choices";
import { referenceScoreSums, rowsInRankOrder } from "../reference/plackett-luce";

beforeAll(async () => {
  await init();
});

function offsetsOf(rows: readonly (readonly number[])[]): Int32Array {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
  return offsets;
}

describe("bestFirstScores(flat, offsets, best)", () => {
  const data = randomChoices(mulberry32(3), 500, { maxK: 8 });
  const offsets = offsetsOf(data.scores);
  const flat = Float64Array.from(data.scores.flat());

  it("puts each prompt's chosen score first and keeps the others' order, as rowsInRankOrder does", () => {
    const { scores, bad } = bestFirstScores(flat, offsets, Float64Array.from(data.best));
    expect(bad).toBe(-1);
    expect(Array.from(scores)).toEqual(rowsInRankOrder(data.scores, data.best).flat());
  });

  it("names the first prompt with bad offsets, a bad best index, a score that is not finite, or a spread beyond float64", () => {
    const cases: [string, (f: Float64Array, b: Float64Array, o: Int32Array) => void, number][] = [
      ["offsets not from 0", (_f, _b, o) => (o[0] = 1), 0],
      ["offsets not ending at the score count", (_f, _b, o) => (o[o.length - 1] -= 1), 499],
      ["a prompt of one score", (_f, _b, o) => (o[20] = o[19] + 1), 19],
      ["falling offsets", (_f, _b, o) => (o[20] = o[19] - 3), 19],
      ["an offset past the scores", (f, _b, o) => (o[20] = f.length + 5), 19],
      ["best past K", (_, b) => (b[7] = data.scores[7].length), 7],
      ["negative best", (_, b) => (b[3] = -1), 3],
      ["fractional best", (_, b) => (b[9] = 0.5), 9],
      ["NaN best", (_, b) => (b[2] = NaN), 2],
      ["NaN score", (f) => (f[offsets[11] + 1] = NaN), 11],
      ["infinite score", (f) => (f[offsets[12]] = -Infinity), 12],
      ["spread past float64", (f) => {
        f[offsets[5]] = 1e308;
        f[offsets[5] + 1] = -1e308;
      }, 5],
      ["two bad prompts: the first", (f, b) => {
        b[40] = 99;
        f[offsets[30]] = NaN;
      }, 30],
    ];
    for (const [what, spoil, prompt] of cases) {
      const f = flat.slice(), b = Float64Array.from(data.best), o = offsets.slice();
      spoil(f, b, o);
      expect(bestFirstScores(f, o, b).bad, what).toBe(prompt);
    }
  });
});

describe("choiceScoreSums(offsets, scores, weight)", () => {
  const data = randomChoices(mulberry32(4), 700, { maxK: 8 });
  const rows = rowsInRankOrder(data.scores, data.best);
  const offsets = offsetsOf(rows);
  const scores = Float64Array.from(rows.flat());
  for (const weight of [null, Float64Array.from(rows, (_, i) => (i % 4 === 0 ? 0 : 0.25 + (i % 3)))]) {
    it(`gives the reference's ranges exactly and its sums to rounding (${weight ? "weighted" : "unweighted"})`, () => {
      const got = choiceScoreSums(offsets, scores, weight);
      const want = referenceScoreSums(rows, weight);
      expect([got.margins, got.scores]).toEqual([want.margins, want.scores]);
      expect(got.weight).toBe(want.weight);
      expect(Math.abs(got.sum - want.sum)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want.sum)));
      expect(Math.abs(got.squares - want.squares) / want.squares).toBeLessThan(1e-12);
    });
  }

  it("orders −0 below +0 in the score range, as Math.min and Math.max do", () => {
    const got = choiceScoreSums(Int32Array.of(0, 2, 4), Float64Array.of(0, -0, -0, 0), null);
    expect(Object.is(got.scores[0], -0) && Object.is(got.scores[1], 0)).toBe(true);
  });
});
