// Repeated use keeps memory flat: every call frees what it allocated in WebAssembly memory (src/core/memory.ts,
// withScope), and leaves nothing behind in JavaScript. Bounds asserted:
//   - WebAssembly memory: after a warm-up call, 10,000 more calls do not grow it by a single byte;
//   - process RSS: grows by less than 64 MiB over the 10,000 calls (each call handles ~0.5 MB of columns, so a leak
//     of even 1% of that per call would add 50 MB; the margin covers V8 heap sizing, which is not a leak).
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, calibrationCurve } from "rmcal";
import { installWasmProbe, wasmMemoryBytes } from "./wasm-probe";

beforeAll(async () => {
  installWasmProbe();
  await init();
});

/** 10^4 pairs from a seeded generator (a linear congruential generator: reproducible, no dependency). */
function seededPairs(n: number, seed: number) {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const chosen = new Float64Array(n), rejected = new Float64Array(n), weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    chosen[i] = 4 * next() - 1;
    rejected[i] = 4 * next() - 2;
    weight[i] = 0.5 + next();
  }
  return { chosen, rejected, weight };
}

const CALLS = 10_000;
const N = 10_000;
const RSS_BOUND = 64 * 1024 ** 2;

describe("memory stays flat under repeated calls", () => {
  it(`assess: ${CALLS} calls on ${N} pairs grow WebAssembly memory by 0 bytes and RSS by < 64 MiB`, () => {
    const { chosen, rejected } = seededPairs(N, 8);
    const pairs = { margin: chosen.map((c, i) => c - rejected[i]), label: chosen.map((c) => (c > 0.5 ? 1 : 0)) };
    const first = assess(pairs);
    const wasmBefore = wasmMemoryBytes();
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < CALLS; i++) assess(pairs);
    const wasmGrowth = wasmMemoryBytes() - wasmBefore;
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(wasmGrowth).toBe(0);
    expect(rssGrowth).toBeLessThan(RSS_BOUND);
    // The last call still computes what the first did (no state leaks between calls).
    expect(assess(pairs)).toEqual(first);
  });

  it("assess: the paths that allocate differently (quantile edges, weights, chosen/rejected, oriented) leak nothing over 600 calls", () => {
    const pairs = seededPairs(N, 11);
    const weighted = { margin: pairs.chosen, label: pairs.weight.map((w) => w - 0.5), weight: pairs.weight };
    const round = () => {
      assess(pairs, { binning: "quantile", bins: 20 });
      assess(pairs, { view: "oriented", bins: 10 });
      assess(weighted, { bins: 1000 });
    };
    round(); // the first round may grow memory once, to the high-water mark of this mix of block sizes
    const before = wasmMemoryBytes();
    for (let i = 0; i < 200; i++) round();
    expect(wasmMemoryBytes() - before).toBe(0);
  });

  it(`calibrationCurve: 500 calls on ${N} rows grow WebAssembly memory by 0 bytes`, () => {
    const { chosen, weight } = seededPairs(N, 9);
    const yProb = chosen.map((c) => (c + 1) / 4);
    const yTrue = yProb.map((p, i) => (p > (i % 7) / 7 ? 1 : 0));
    calibrationCurve(yTrue, yProb, { nBins: 10, strategy: "quantile", sampleWeight: weight });
    const before = wasmMemoryBytes();
    for (let i = 0; i < 500; i++) calibrationCurve(yTrue, yProb, { nBins: 10, strategy: i % 2 ? "quantile" : "uniform", sampleWeight: weight });
    expect(wasmMemoryBytes() - before).toBe(0);
  });

});

