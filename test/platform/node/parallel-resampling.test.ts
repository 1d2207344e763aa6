// The parallel functions of rmcal/node on real worker threads (docs/DESIGN.md §6.10): threads 1, 2 and 3 give the
// bits of the library's synchronous function, for every resampling path; bad threads, progress and abort.
import { beforeAll, describe, expect, it } from "vitest";
import { init, bootstrapCalibration, compareCalibration, smoothEce } from "rmcal";
import { bootstrapCalibrationParallel, compareCalibrationParallel, smoothEceParallel } from "rmcal/node";
import { bits, weightedPairs } from "../../helpers/thread-data";

beforeAll(async () => {
  await init();
});

const THREADS = [1, 2, 3];

describe("bootstrapCalibrationParallel(pairs, { threads })", () => {
  const cases = [
    { name: "ECE, uniform bins (the kernel)", data: weightedPairs(2000, 1), options: { metric: "ece" as const, resamples: 300 } },
    { name: "NLL over clusters", data: weightedPairs(2000, 2, 150), options: { metric: "nll" as const, resamples: 300 } },
    { name: "MCE, quantile bins (recomputed)", data: weightedPairs(600, 3), options: { metric: "mce" as const, binning: "quantile" as const, resamples: 70 } },
    { name: "smooth ECE (recomputed)", data: weightedPairs(600, 4), options: { metric: "smece" as const, resamples: 40, method: "percentile" as const } },
  ];
  for (const { name, data, options } of cases) {
    it(`threads 1, 2 and 3 give bootstrapCalibration's bits: ${name}`, async () => {
      const expected = bits(bootstrapCalibration(data, { ...options, seed: 9 }));
      for (const threads of THREADS) expect(bits(await bootstrapCalibrationParallel(data, { ...options, seed: 9, threads })), `threads ${threads}`).toBe(expected);
    });
  }

  it("refuses threads that is not an integer from 1 to 256, before any work", async () => {
    for (const threads of [0, 1.5, 257, "2"]) {
      await expect(bootstrapCalibrationParallel(weightedPairs(50, 1), { threads: threads as number })).rejects.toThrow(/^options\.threads is .*; it must be an integer from 1 to 256$/);
    }
  });

  it("validates the library's options as bootstrapCalibration does (an unknown key is refused)", async () => {
    await expect(bootstrapCalibrationParallel(weightedPairs(50, 1), { resample: 10, threads: 2 } as never)).rejects.toThrow("options has an unknown key 'resample'; did you mean 'resamples'?");
  });

  it("reports progress up to the total and stops with the aborted error when the signal is set from onProgress", async () => {
    const seen: number[] = [];
    await bootstrapCalibrationParallel(weightedPairs(500, 5), { resamples: 640, threads: 2, onProgress: (done, total) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((x, i) => i === 0 || x >= seen[i - 1])).toBe(true);
    const controller = new AbortController();
    const run = bootstrapCalibrationParallel(weightedPairs(500, 5), { resamples: 640, threads: 2, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: "AbortError", code: "aborted" });
    // The pool is usable after a stopped job.
    expect(bits(await bootstrapCalibrationParallel(weightedPairs(300, 6), { resamples: 50, threads: 2 }))).toBe(bits(bootstrapCalibration(weightedPairs(300, 6), { resamples: 50 })));
  });
});

describe("compareCalibrationParallel(before, after, { threads })", () => {
  it("threads 1, 2 and 3 give compareCalibration's bits for every metric, with and without clusters", async () => {
    for (const clusters of [0, 90]) {
      const before = weightedPairs(1200, 7, clusters);
      const after = { ...before, margin: before.margin.map((d) => 0.8 * d) };
      const options = { resamples: 120, seed: 3, bins: 10 };
      const expected = bits(compareCalibration(before, after, options));
      for (const threads of THREADS) expect(bits(await compareCalibrationParallel(before, after, { ...options, threads })), `clusters ${clusters}, threads ${threads}`).toBe(expected);
    }
  });
});

describe("smoothEceParallel(pairs, { threads })", () => {
  it("threads 1, 2 and 3 give smoothEce's bits, band included; without resamples no worker is needed", async () => {
    const data = weightedPairs(1500, 8, 200);
    const expected = bits(smoothEce(data, { resamples: 90, seed: 2 }));
    for (const threads of THREADS) expect(bits(await smoothEceParallel(data, { resamples: 90, seed: 2, threads })), `threads ${threads}`).toBe(expected);
    expect(bits(await smoothEceParallel(data, { threads: 2 }))).toBe(bits(smoothEce(data)));
  });
});
