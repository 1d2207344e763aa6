// Repeated calls keep WebAssembly memory flat: every input copied in is freed when the call returns.
// Runs in a fresh Node process that wraps WebAssembly.instantiate to keep a handle on the module's memory
// (test-only; rmcal exposes nothing for it), then makes 2,000 assess calls on 10^4 pairs.
import { describe, expect, it } from "vitest";
import { runInFreshNode } from "../helpers/child";

describe("memory", () => {
  it("2,000 consecutive assess(pairs) calls on 10^4 pairs leave WebAssembly memory where the first calls left it", () => {
    const result = runInFreshNode(`
      let exports;
      const original = WebAssembly.instantiate;
      WebAssembly.instantiate = async (...args) => {
        const created = await original(...args);
        exports = (created.instance ?? created).exports;
        return created;
      };
      const { init, assess } = await import("rmcal");
      await init();
      // Seeded data (an LCG): soft labels, weights, ties.
      let s = 12345;
      const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
      const n = 10000;
      const pairs = {
        margin: Float64Array.from({ length: n }, () => Math.round(next() * 20) - 10),
        label: Float64Array.from({ length: n }, () => Math.round(next() * 4) / 4),
        weight: Float64Array.from({ length: n }, () => next() * 2),
      };
      // Probe: the address the allocator hands out for a fresh block. If every call frees all it took, the
      // heap returns to the same state and the probe gets the same address.
      const probe = () => { const p = exports.alloc(64); exports.free(p); return p; };
      // Mostly uniform bins (cheap); every 50th call takes the quantile path, which allocates more.
      const options = (i) => (i % 50 === 0 ? { binning: "quantile", view: i % 100 === 0 ? "oriented" : "folded" } : i % 2 ? {} : { view: "oriented", bins: 40 });
      for (let i = 0; i < 4; i++) assess(pairs, options(i * 50));
      const before = { bytes: exports.memory.buffer.byteLength, probe: probe() };
      let ece = 0;
      for (let i = 0; i < 2000; i++) ece += assess(pairs, options(i)).ece;
      // Failed calls free their allocations too.
      for (let i = 0; i < 50; i++) { try { assess(pairs, { bins: 0 }); } catch {} }
      const after = { bytes: exports.memory.buffer.byteLength, probe: probe() };
      console.log(JSON.stringify({ before, after, finite: Number.isFinite(ece) }));
    `) as { before: { bytes: number; probe: number }; after: { bytes: number; probe: number }; finite: boolean };
    expect(result.finite).toBe(true);
    // Without frees, 2,000 calls would take 2,000 × 240 KB ≈ 480 MB more (a skipped free was seen to fail here).
    expect(result.after.bytes).toBe(result.before.bytes);
    expect(result.after.probe).toBe(result.before.probe);
  });
});
