// The pair shapes (toPairColumns): {chosen, rejected}, {scoreA, scoreB, label}, {margin, label} and arrays of row
// objects are one data set written four ways — chosen/rejected is scoreA/scoreB with every label 1, and both are
// margin = A − B — whether the columns are plain arrays or typed arrays. Checked by comparing assess's reports,
// which must be equal, not just close.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess } from "rmcal";
import { mulberry32, normal } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

const random = mulberry32(77);
const chosen = Array.from({ length: 300 }, () => Math.round(normal(random) * 8) / 4);
const rejected = Array.from({ length: 300 }, () => Math.round(normal(random) * 8) / 4);
const ones = chosen.map(() => 1);
const weight = chosen.map(() => Math.floor(random() * 3));
weight[0] = 1;

describe("pairs: the shapes {chosen, rejected}, {scoreA, scoreB, label}, {margin, label} and rows", () => {
  it("chosen/rejected = scoreA/scoreB with label 1 = margin A − B with label 1, as columns or rows", () => {
    const base = assess({ chosen, rejected, weight });
    const margin = chosen.map((a, i) => a - rejected[i]);
    expect(assess({ scoreA: chosen, scoreB: rejected, label: ones, weight })).toEqual(base);
    expect(assess({ margin, label: ones, weight })).toEqual(base);
    expect(assess(chosen.map((c, i) => ({ chosen: c, rejected: rejected[i], weight: weight[i] })))).toEqual(base);
    expect(assess(margin.map((d, i) => ({ margin: d, label: 1, weight: weight[i] })))).toEqual(base);
  });

  it("typed-array columns (Float64Array, Float32Array, Int32Array, Uint8Array labels) equal plain arrays of the same values", () => {
    const a = Float32Array.from(chosen), b = Float32Array.from(rejected);
    const plain = assess({ scoreA: Array.from(a), scoreB: Array.from(b), label: ones, weight });
    expect(assess({ scoreA: a, scoreB: b, label: Uint8Array.from(ones), weight: Int32Array.from(weight) })).toEqual(plain);
    expect(assess({ scoreA: Float64Array.from(a), scoreB: Float64Array.from(b), label: ones, weight: Float64Array.from(weight) })).toEqual(plain);
  });

  it("does not write to the caller's columns", () => {
    const margin = Float64Array.from(chosen, (c, i) => c - rejected[i]);
    const copy = margin.slice();
    assess({ margin, label: ones }, { binning: "quantile" });
    expect(margin).toEqual(copy);
  });
});
