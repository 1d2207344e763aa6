// Repeated fitIsotonic calls keep memory flat (the same bounds as test/core/memory.test.ts: WebAssembly memory grows by
// 0 bytes after a warm-up, RSS by less than 64 MiB). A file of its own, so vitest runs it beside the assess one.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitIsotonic } from "rmcal";
import { installWasmProbe, wasmMemoryBytes } from "./wasm-probe";

beforeAll(async () => {
  installWasmProbe();
  await init();
});

const N = 10_000;
const RSS_BOUND = 64 * 1024 ** 2;

/** Seeded margins and labels (a linear congruential generator: reproducible, no dependency). */
function seededPairs(n: number, seed: number) {
  let state = seed >>> 0;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const margin = new Float64Array(n), label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = 6 * next() - 2;
    label[i] = next() < 1 / (1 + Math.exp(-margin[i])) ? 1 : 0;
  }
  return { margin, label };
}

describe("memory stays flat under repeated fitIsotonic calls", () => {
  // Every tenth call is symmetric (it sorts 2·10^4 values and mirrors the thresholds: ~4× the cost of an oriented
  // fit), so both paths run and 10,000 calls stay within the suite's time budget.
  const ISOTONIC_CALLS = 10_000;
  it(`fitIsotonic: ${ISOTONIC_CALLS} calls on ${N} pairs grow WebAssembly memory by 0 bytes and RSS by < 64 MiB`, () => {
    const pairs = seededPairs(N, 12);
    const first = fitIsotonic(pairs);
    fitIsotonic(pairs, { symmetric: false });
    const wasmBefore = wasmMemoryBytes();
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < ISOTONIC_CALLS; i++) fitIsotonic(pairs, { symmetric: i % 10 === 0 });
    expect(wasmMemoryBytes() - wasmBefore).toBe(0);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(RSS_BOUND);
    expect(fitIsotonic(pairs).toJSON()).toEqual(first.toJSON());
  });
});
