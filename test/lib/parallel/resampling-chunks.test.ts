// The fixed chunking of resampling jobs (docs/DESIGN.md §6.10): the chunks cover the resamples in order, their
// number never depends on the workers, and chunks computed apart and joined in order have the bits of one run.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init } from "../../helpers/source-entry";
import { mulberry32 } from "../../helpers/prng";
import { toPairColumns } from "../../../src/lib/pairs/pairs";
import { bootstrapPlan, bootstrapValues } from "../../../src/lib/uncertainty/bootstrap-calibration";
import { comparisonPlan, resampledDeltas } from "../../../src/lib/uncertainty/paired-comparison";
import { smoothEcePlan } from "../../../src/lib/metrics/smooth-ece";
import { smoothBandCurves } from "../../../src/lib/uncertainty/smooth-curve-band";
import {
  joinChunkDeltas, joinChunkValues, resampleRanges, RESAMPLING_TASKS, type ResampleRange,
} from "../../../src/lib/parallel/resampling-chunks";
import { SEED } from "../../properties/arbitraries";

beforeAll(async () => {
  await init();
});

function pairs(n: number, seed: number, clusters = 0) {
  const next = mulberry32(seed);
  const margin = Array.from({ length: n }, () => (next() - 0.4) * 6);
  return {
    margin,
    label: margin.map((d) => (next() < 1 / (1 + Math.exp(-0.6 * d)) ? 1 : next() < 0.1 ? 0.5 : 0)),
    weight: margin.map(() => [0, 0.5, 1, 2][Math.floor(next() * 4)]),
    ...(clusters > 0 ? { cluster: margin.map(() => `p${Math.floor(next() * clusters)}`) } : {}),
  };
}

/** Ranges of the given sizes, in order: another chunking of the same resamples. */
function rangesOf(sizes: readonly number[]): ResampleRange[] {
  let first = 0;
  return sizes.map((count) => {
    const range = { first, count };
    first += count;
    return range;
  });
}

describe("resampleRanges(resamples, task)", () => {
  it("covers 0 … R − 1 in order with at most 64 chunks of max(⌈R/64⌉, 16; 1 for the smooth-ECE band), the last possibly shorter", () => {
    const fewest = { bootstrap: 16, comparison: 16, smoothBand: 1 } as const;
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom("bootstrap", "comparison", "smoothBand" as const), (r, task) => {
      const ranges = resampleRanges(r, task);
      const size = Math.max(fewest[task], Math.ceil(r / 64));
      expect(ranges.length).toBeLessThanOrEqual(64);
      expect(ranges[0].first).toBe(0);
      ranges.forEach((range, i) => {
        if (i > 0) expect(range.first).toBe(ranges[i - 1].first + ranges[i - 1].count);
        expect(range.count).toBe(i < ranges.length - 1 ? size : r - range.first);
        expect(range.count).toBeGreaterThan(0);
      });
      expect(ranges.at(-1)!.first + ranges.at(-1)!.count).toBe(r);
    }), { seed: SEED, numRuns: 200 });
  });

  it("resampleRanges(130) of the bootstrap has 9 chunks (8 of 16 and one of 2); resampleRanges(10000) 64 of 157 but the last", () => {
    expect(resampleRanges(130, "bootstrap").map((c) => c.count)).toEqual([...Array(8).fill(16), 2]);
    expect(resampleRanges(10000, "comparison").map((c) => c.count)).toEqual([...Array(63).fill(157), 10000 - 63 * 157]);
  });

  it("cuts a smooth-ECE band of 10 resamples into 10 chunks, so that two threads share it; 130 into 43 chunks of 3 and one of 1", () => {
    expect(resampleRanges(10, "smoothBand").map((c) => c.count)).toEqual(Array(10).fill(1));
    expect(resampleRanges(130, "smoothBand").map((c) => c.count)).toEqual([...Array(43).fill(3), 1]);
  });
});

describe("joinChunkValues(parts) and joinChunkDeltas(parts)", () => {
  it("join in chunk order", () => {
    expect(Array.from(joinChunkValues([Float64Array.of(1, 2), new Float64Array(0), Float64Array.of(3)]))).toEqual([1, 2, 3]);
    const joined = joinChunkDeltas([new Map([["ece", Float64Array.of(1)], ["nll", Float64Array.of(-1)]]), new Map([["ece", Float64Array.of(2)], ["nll", Float64Array.of(-2)]])]);
    expect([...joined.keys()]).toEqual(["ece", "nll"]);
    expect(Array.from(joined.get("nll")!)).toEqual([-1, -2]);
  });
});

describe("RESAMPLING_TASKS: chunks computed apart and joined in order equal one run, bit for bit", () => {
  const chunkings = [[37], [1, 36], [10, 10, 10, 7], [5, 1, 30, 1]];
  const cases = [
    { name: "ece, uniform bins (the WebAssembly kernel)", options: { metric: "ece" as const, bins: 7 } },
    { name: "nll with clusters (the kernel drawing clusters)", options: { metric: "nll" as const }, clusters: 23 },
    { name: "mce, quantile bins (recomputed per resample)", options: { metric: "mce" as const, binning: "quantile" as const } },
    { name: "smece (recomputed per resample)", options: { metric: "smece" as const, view: "oriented" as const } },
  ];
  for (const { name, options, clusters } of cases) {
    it(`bootstrap: ${name}`, () => {
      const plan = bootstrapPlan(toPairColumns(pairs(300, 5, clusters)), { ...options, resamples: 37, seed: 11 });
      const whole = bootstrapValues(plan.resampling, 0, 37);
      for (const sizes of chunkings) {
        const joined = joinChunkValues(rangesOf(sizes).map((range) => RESAMPLING_TASKS.bootstrap(plan.resampling, range)));
        expect(Array.from(joined)).toEqual(Array.from(whole));
      }
      // The plan's finish on the joined values is bootstrapCalibration's result.
      expect(plan.finish(whole).distribution).toEqual(whole);
    });
  }

  it("comparison: every metric's Δ*, with and without clusters", () => {
    for (const clusters of [0, 17]) {
      const before = pairs(250, 8, clusters);
      const after = { ...before, margin: before.margin.map((d) => 0.7 * d) };
      const plan = comparisonPlan(before, after, { resamples: 29, seed: 4, bins: 6 });
      const { sides, metrics, sideOptions, seed } = plan.resampling;
      const whole = resampledDeltas(sides, plan.units, metrics, sideOptions, 29, seed);
      for (const sizes of [[29], [3, 26], [10, 10, 9]]) {
        const joined = joinChunkDeltas(rangesOf(sizes).map((range) => RESAMPLING_TASKS.comparison(plan.resampling, range)));
        for (const metric of metrics) expect(Array.from(joined.get(metric)!), metric).toEqual(Array.from(whole.get(metric)!));
      }
    }
  });

  it("smoothBand: the resampled curves at the drawn points", () => {
    const plan = smoothEcePlan(toPairColumns(pairs(400, 2, 31)), { resamples: 19, seed: 6 });
    const whole = smoothBandCurves(plan.band!, 0, 19);
    for (const sizes of [[19], [1, 18], [7, 7, 5]]) {
      const joined = joinChunkValues(rangesOf(sizes).map((range) => RESAMPLING_TASKS.smoothBand(plan.band!, range)));
      expect(Array.from(joined)).toEqual(Array.from(whole));
    }
  });
});
