// assessParallel on real worker threads (docs/DESIGN.md §6.10): past 2^20 pairs, threads 1, 2 and 3 give the same
// bits, equal to assess to rounding; up to 2^20 pairs, and for quantile bins, assess's own bits.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess } from "rmcal";
import { assessParallel } from "rmcal/node";

beforeAll(async () => {
  await init();
});

function pairs(n: number, seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const margin = new Float64Array(n), label = new Float64Array(n), weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = (next() - 0.4) * 7;
    label[i] = next() < 1 / (1 + Math.exp(-0.8 * margin[i])) ? 1 : 0;
    weight[i] = i % 97 === 0 ? 0 : 0.5 + (i % 4);
  }
  return { margin, label, weight };
}

describe("assessParallel(pairs, { threads })", () => {
  it("past 2^20 pairs, threads 1, 2 and 3 give the same bits, equal to assess to 1e-12", async () => {
    const data = pairs((1 << 21) + 777, 3);
    const one = JSON.stringify(await assessParallel(data, { bins: 20, threads: 1 }));
    expect(JSON.stringify(await assessParallel(data, { bins: 20, threads: 2 }))).toBe(one);
    expect(JSON.stringify(await assessParallel(data, { bins: 20, threads: 3 }))).toBe(one);
    const whole = assess(data, { bins: 20 });
    const chunked = JSON.parse(one);
    expect(chunked.n).toBe(whole.n);
    for (const key of ["weight", "accuracy", "nll", "brier", "ece", "rmsce"] as const) expect(Math.abs(chunked[key] - whole[key]) / whole[key], key).toBeLessThan(1e-12);
  });

  it("is assess, bit for bit, up to 2^20 pairs and for quantile bins", async () => {
    const small = pairs(5000, 4);
    expect(JSON.stringify(await assessParallel(small, { threads: 2 }))).toBe(JSON.stringify(assess(small)));
    const big = pairs((1 << 20) + 10, 5);
    expect(JSON.stringify(await assessParallel(big, { binning: "quantile", threads: 3 }))).toBe(JSON.stringify(assess(big, { binning: "quantile" })));
  });

  it("refuses bad options and threads before any work, with assess's messages", async () => {
    const big = pairs((1 << 20) + 10, 6);
    await expect(assessParallel(big, { bins: -1, threads: 2 })).rejects.toThrow("options.bins is -1; it must be an integer from 1 to 1000000");
    await expect(assessParallel(big, { threads: 0 })).rejects.toThrow("options.threads is 0; it must be an integer from 1 to 256");
  });
});
