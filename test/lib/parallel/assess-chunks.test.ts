// The fixed chunking of a large assess (docs/DESIGN.md §6.10): chunks of 2^20 pairs whose exact partials merge to
// the same bits in any order, equal to assess to the rounding of its sums.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { toPairColumns } from "../../../src/lib/pairs/pairs";
import { assessColumns } from "../../../src/lib/metrics/assess";
import { ASSESS_CHUNK_PAIRS, assessChunking, assessChunkPartial, assessmentOfChunks } from "../../../src/lib/parallel/assess-chunks";

beforeAll(async () => {
  await init();
});

function columns(n: number, seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const margin = new Float64Array(n), label = new Float64Array(n), weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = (next() - 0.45) * 8;
    label[i] = next() < 0.7 ? 1 : next() < 0.3 ? 0.5 : 0;
    weight[i] = i % 101 === 0 ? 0 : 1 + (i % 3);
  }
  return toPairColumns({ margin, label, weight });
}

describe("assessChunking(columns, options)", () => {
  it("leaves assess whole up to 2^20 pairs and for quantile or sweep bins", () => {
    const small = columns(1000, 1);
    expect(assessChunking(small)).toBeNull();
    const big = { ...small, n: ASSESS_CHUNK_PAIRS + 1 };
    expect(assessChunking(big, { binning: "quantile" })).toBeNull();
    expect(assessChunking(big, { bins: "sweep" })).toBeNull();
    expect(assessChunking(big, { bins: 20 })!.ranges).toEqual([{ first: 0, count: ASSESS_CHUNK_PAIRS }, { first: ASSESS_CHUNK_PAIRS, count: 1 }]);
  });

  it("refuses bad options before any chunk, with assess's messages", () => {
    const big = { ...columns(10, 1), n: ASSESS_CHUNK_PAIRS + 1 };
    expect(() => assessChunking(big, { bins: 0 })).toThrow("options.bins is 0; it must be an integer from 1 to 1000000");
    expect(() => assessChunking(big, { bin: 3 } as never)).toThrow(/unknown key 'bin'/);
  });
});

describe("assessmentOfChunks(parts, options)", () => {
  const all = columns(ASSESS_CHUNK_PAIRS * 2 + 12345, 7);
  const options = { bins: 12, view: "oriented" as const, mceMinCount: 3 };
  let parts: ReturnType<typeof assessChunkPartial>[] = [];
  beforeAll(() => {
    const { chunking, ranges } = assessChunking(all, options)!;
    parts = ranges.map((range) => assessChunkPartial(chunking, range));
  });

  it("gives the same bits in any order of the chunks", () => {
    const forward = JSON.stringify(assessmentOfChunks(parts, options));
    expect(JSON.stringify(assessmentOfChunks([...parts].reverse(), options))).toBe(forward);
    expect(JSON.stringify(assessmentOfChunks([parts[1], parts[2], parts[0]], options))).toBe(forward);
  });

  it("equals assess on all the pairs: counts and Σw bit for bit, the float sums to 1e-12", () => {
    const chunked = assessmentOfChunks(parts, options);
    const whole = assessColumns(all, options);
    expect([chunked.n, chunked.weight]).toEqual([whole.n, whole.weight]);
    expect(chunked.bins.map((b) => b.count)).toEqual(whole.bins.map((b) => b.count));
    for (const key of ["accuracy", "nll", "brier", "ece", "rmsce", "mce"] as const) {
      expect(Math.abs(chunked[key] - whole[key]) / whole[key], key).toBeLessThan(1e-12);
    }
  });
});
