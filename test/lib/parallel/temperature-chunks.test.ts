// The fixed chunking of the temperature fit's full passes (docs/DESIGN.md §5.1, §6.10): chunks of 2^20 pairs whose
// sums, joined in chunk order, are the one-thread pass's bits; the warm start's gathered subsample has the strided
// pass's bits; and chunking moves the sums only by rounding (a sum of 2·10^6 terms rounds at about 1e-13 relative).
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { PASS_CHUNK_PAIRS, expansionChunkSums, withResidentPairs } from "../../../src/core/temperature";
import {
  expansionOf, expansionOfChunks, subsampleColumns, temperatureChunkSums, temperaturePassChunks,
} from "../../../src/lib/parallel/temperature-chunks";

beforeAll(async () => {
  await init();
});

function columns(n: number, seed: number, weighted: boolean) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const margin = new Float64Array(n), label = new Float64Array(n), weight = weighted ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    margin[i] = (next() - 0.45) * 8;
    label[i] = next() < 1 / (1 + Math.exp(-margin[i] / 1.5)) ? 1 : 0;
    if (weight) weight[i] = i % 101 === 0 ? 0 : 0.5 + (i % 3);
  }
  return { margin, label, weight };
}

const N = 2 * PASS_CHUNK_PAIRS + 1001;

describe("temperaturePassChunks(n, request)", () => {
  it("cuts [0, n) into chunks of 2^20 pairs, fixed by n alone", () => {
    expect(temperaturePassChunks(N, { a: 0.5, withLoss: true })).toEqual([
      { first: 0, count: PASS_CHUNK_PAIRS, a: 0.5, withLoss: true },
      { first: PASS_CHUNK_PAIRS, count: PASS_CHUNK_PAIRS, a: 0.5, withLoss: true },
      { first: 2 * PASS_CHUNK_PAIRS, count: 1001, a: 0.5, withLoss: true },
    ]);
    expect(temperaturePassChunks(10, { a: 1, withLoss: false })).toEqual([{ first: 0, count: 10, a: 1, withLoss: false }]);
  });
});

describe("expansionOfChunks(a, temperatureChunkSums(columns, chunk)…)", () => {
  for (const weighted of [false, true]) {
    it(`is the one-thread pass bit for bit, and one range's sums to 1e-12 (${weighted ? "weighted" : "unit weights"})`, () => {
      const c = columns(N, weighted ? 7 : 8, weighted);
      for (const [a, withLoss] of [[1, true], [0.61, true], [0.61, false]] as const) {
        const chunked = expansionOfChunks(a, temperaturePassChunks(N, { a, withLoss }).map((chunk) => temperatureChunkSums(c, chunk)));
        const resident = withResidentPairs(c.margin, c.label, c.weight, (r) => r.expansion!(a, withLoss));
        expect(chunked).toEqual(resident);
        // One kernel call over all pairs: the sums before chunking, which differ only by the rounding of the adds.
        const whole = expansionChunkSums(c.margin, c.label, c.weight, a, withLoss);
        const fields = [chunked.weight, chunked.loss, chunked.gradient, chunked.curvature, chunked.third, chunked.fourth, chunked.correct, chunked.fifth];
        fields.forEach((value, j) => expect(Math.abs(value - whole[j]), `field ${j}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(whole[j]), 1)));
      }
    });
  }
});

describe("subsampleColumns(columns, stride)", () => {
  it("gathers pairs 0, stride, …: its pass is the strided pass over all pairs, bit for bit", () => {
    const c = columns(300_001, 9, true);
    for (const stride of [2, 3, 7]) {
      const gathered = subsampleColumns(c, stride);
      expect(gathered.margin.length).toBe(Math.ceil(300_001 / stride));
      const strided = withResidentPairs(c.margin, c.label, c.weight, (r) => r.expansion!(0.8, false, stride));
      expect(expansionOf(gathered, 0.8, false)).toEqual(strided);
    }
  });
});
