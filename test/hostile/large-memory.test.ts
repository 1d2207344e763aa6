// WebAssembly addresses past 2 GiB (docs/DESIGN.md §2.6, §9.2): wasm32 addresses are unsigned, but the JS API
// reads an i32 result as signed, so a pointer the allocator returns past 2 GiB used to come back negative and
// `assess` at the documented row limit (134,217,726 pairs) failed with "Start offset -… is outside the bounds".
// assess now streams long columns through small buffers (docs/DESIGN.md §9.6) and stays far below 2 GiB; the
// temperature fit keeps both columns resident, so it is the call that reads its results from past 2 GiB here.
// The suite needs about 8 GiB (three 1 GiB columns in JS, their copies in WebAssembly memory, and the engine's
// reservations), so it runs only when the machine has LARGE_MEMORY_FREE free, and says so when it skips.
import { freemem, totalmem } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, bootstrapCalibration, fitTemperature, isRmcalError } from "rmcal";
import { installWasmProbe, wasmMemoryBytes } from "../robustness/wasm-probe";

const GiB = 1024 ** 3;
const LARGE_MEMORY_FREE = 12 * GiB;
const enoughMemory = freemem() >= LARGE_MEMORY_FREE && totalmem() >= LARGE_MEMORY_FREE;
/** The documented row limit: one float64 column fills one 1 GiB block of the allocator. */
const MAX_ROWS = 134_217_726;

if (!enoughMemory) {
  console.warn(
    `test/hostile/large-memory.test.ts skipped: it needs ${LARGE_MEMORY_FREE / GiB} GiB free memory, ` +
      `this machine has ${(freemem() / GiB).toFixed(1)} GiB free of ${(totalmem() / GiB).toFixed(1)} GiB`,
  );
}

describe.skipIf(!enoughMemory)(`WebAssembly memory past 2 GiB (runs only with ≥ ${LARGE_MEMORY_FREE / GiB} GiB free memory)`, () => {
  // Every margin is 1 and the labels alternate 1, 0: the data's metrics are those of two pairs.
  let margin: Float64Array, label: Float64Array;
  beforeAll(async () => {
    installWasmProbe();
    await init();
    margin = new Float64Array(MAX_ROWS).fill(1);
    label = new Float64Array(MAX_ROWS);
    for (let i = 0; i < MAX_ROWS; i += 2) label[i] = 1;
  });

  it(`assess on ${MAX_ROWS.toLocaleString("en-US")} pairs (the row limit) streams them; fitTemperature reads its results from past 2 GiB`, () => {
    const result = assess({ margin, label });
    expect(wasmMemoryBytes()).toBeLessThan(GiB);
    // With weight 3 on the label-1 pairs, P(label 1) = σ(1/T) = 3/4 at the optimum: T = 1/ln 3. The three columns
    // are resident in WebAssembly memory, the weights and the pass's sums past 2 GiB.
    const weight = new Float64Array(MAX_ROWS).fill(1);
    for (let i = 0; i < MAX_ROWS; i += 2) weight[i] = 3;
    const fit = fitTemperature({ margin, label, weight });
    expect(wasmMemoryBytes()).toBeGreaterThan(2 * GiB);
    expect(Math.abs(fit.temperature * Math.log(3) - 1)).toBeLessThan(1e-9);
    const small = assess({ margin: [1, 1], label: [1, 0] });
    expect(result.n).toBe(MAX_ROWS);
    expect(result.accuracy).toBe(0.5);
    // 1.3·10⁸ terms summed in order: relative rounding of about 1e-9, not bits.
    expect(result.ece).toBeCloseTo(small.ece, 7);
    expect(result.nll).toBeCloseTo(small.nll, 7);
  });

  it("bootstrapCalibration whose scratch would pass 4 GiB refuses with a capacity error, not a wrapped size", () => {
    // The kernel's scratch size is a 32-bit usize: for this n it wraps to ~512 MiB, which the kernel would overrun.
    let error: unknown;
    try {
      bootstrapCalibration({ margin, label }, { resamples: 2 });
    } catch (e) {
      error = e;
    }
    expect(isRmcalError(error) && error.code).toBe("capacity");
    // The instance is still usable afterwards.
    expect(assess({ margin: [1, 1], label: [1, 0] }).accuracy).toBe(0.5);
  });
});
