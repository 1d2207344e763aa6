// The kernels' speed-ups (branch-free log1p, radix sorts, SIMD bin index, isotonic shortcuts) change how kernels
// compute, never what: each fast path is checked here
// against the plain computation it replaced. Kernels that the package does not export are reached by
// instantiating the built build/rmcal.wasm, the very bytes dist/rmcal.js inlines.
import { beforeAll, describe, expect, it } from "vitest";
import { init, calibrationCurve, fitIsotonicRegression } from "rmcal";
import { mulberry32, normal } from "../helpers/prng";
import { muslLog1p } from "../reference/musl-log1p";
import { referenceCalibrationCurve } from "../reference/binary";
import { referenceIsotonicThresholds } from "../reference/isotonic";
import { rawKernels } from "../helpers/raw-kernels";

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  log1pOnUnitInterval(x: number): number;
  log1pTwoLanes(x0: number, x1: number, out: number): void;
  sortFloat64(values: number, n: number, scratch: number): void;
}
let kernels: Kernels;

beforeAll(async () => {
  await init();
  kernels = await rawKernels<Kernels>();
});

const bitsOf = (x: number) => new BigUint64Array(Float64Array.of(x).buffer)[0];

describe("branch-free log1p on [0, 1]", () => {
  it("log1pOnUnitInterval(x) equals musl's log1p bit for bit (random, tiny, and both sides of each branch)", () => {
    const random = mulberry32(71);
    const xs: number[] = [0, 5e-324, 2 ** -1022, 2 ** -54, 2 ** -53, 1.1e-16, Math.SQRT2 - 1, 0.5, 1];
    for (let i = 0; i < 20000; i++) xs.push(random(), Math.exp(-40 * random()), random() * 1e-12);
    // Around the high words where musl switches path: 0x3FDA827A (x ≈ 0.4142) and 0x3CA00000 (x = 2^-53).
    const view = new DataView(new ArrayBuffer(8));
    for (const word of [0x3fda827a, 0x3ca00000]) {
      for (let d = -40; d <= 40; d++) {
        for (const lo of [0, 1, 0x80000000, 0xffffffff]) {
          view.setUint32(0, word + d); view.setUint32(4, lo);
          xs.push(view.getFloat64(0));
        }
      }
    }
    for (const x of xs) expect(bitsOf(kernels.log1pOnUnitInterval(x)), `x = ${x}`).toBe(bitsOf(muslLog1p(x)));
    // The two-lane version (assess's two-pair loop): each lane the same bits, whatever the other lane holds.
    const out = kernels.alloc(16);
    for (let i = 0; i < xs.length; i++) {
      const x0 = xs[i], x1 = xs[(i * 7919) % xs.length];
      kernels.log1pTwoLanes(x0, x1, out);
      const [l0, l1] = new Float64Array(kernels.memory.buffer, out, 2);
      expect(bitsOf(l0), `lane 0, x = ${x0}`).toBe(bitsOf(muslLog1p(x0)));
      expect(bitsOf(l1), `lane 1, x = ${x1}`).toBe(bitsOf(muslLog1p(x1)));
    }
  });
});

describe("radix sort of float64 values", () => {
  it("sortFloat64 orders exactly as TypedArray.prototype.sort (−0 before +0, subnormals, ±Infinity, duplicates)", () => {
    const random = mulberry32(72);
    const special = [0, -0, 5e-324, -5e-324, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 1, 0.5, 1];
    for (const n of [0, 1, 2, 3, 17, 1000, 30000]) {
      const values = Float64Array.from({ length: n }, (_, i) =>
        i % 5 === 0 ? special[i % special.length] : (random() - 0.5) * 10 ** (20 * random() - 10));
      const ptr = kernels.alloc(Math.max(8, n * 8)), scratch = kernels.alloc(Math.max(8, n * 8));
      new Float64Array(kernels.memory.buffer, ptr, n).set(values);
      kernels.sortFloat64(ptr, n, scratch);
      const sorted = Array.from(new Float64Array(kernels.memory.buffer, ptr, n));
      kernels.free(ptr); kernels.free(scratch);
      const expected = Array.from(values.slice().sort());
      expected.forEach((v, i) => expect(Object.is(sorted[i], v), `n = ${n}, index ${i}: ${sorted[i]} vs ${v}`).toBe(true));
    }
  });
});

describe("SIMD uniform bin index", () => {
  it("calibrationCurve(yTrue, yProb) on values at, just below and just above every edge equals the reference", () => {
    const random = mulberry32(73);
    for (const nBins of [1, 2, 3, 7, 10, 15, 100, 999]) {
      const yProb: number[] = [], yTrue: number[] = [];
      for (let k = 0; k <= nBins; k++) {
        const edge = k === nBins ? 1 : k * (1 / nBins);
        for (const v of [edge, edge * (1 - Number.EPSILON), edge * (1 + Number.EPSILON), edge - 5e-324]) {
          if (v >= 0 && v <= 1) { yProb.push(v); yTrue.push(random() < 0.5 ? 1 : 0.25); }
        }
      }
      // An odd count, so the scalar tail after the pairs of the SIMD loop runs too.
      if (yProb.length % 2 === 0) { yProb.push(random()); yTrue.push(1); }
      const got = calibrationCurve(Float64Array.from(yTrue), Float64Array.from(yProb), { nBins });
      const want = referenceCalibrationCurve(yTrue, yProb, { nBins });
      expect(Array.from(got.counts), `nBins ${nBins}`).toEqual(want.counts);
      expect(Array.from(got.probPred), `nBins ${nBins}`).toEqual(want.probPred);
      expect(Array.from(got.probTrue), `nBins ${nBins}`).toEqual(want.probTrue);
    }
  });
});

describe("isotonic fit without ties in x (the path that skips the sort by y)", () => {
  it("fitIsotonicRegression(x, y) on distinct continuous x equals the reference, with and without weights", () => {
    const random = mulberry32(74);
    const n = 3001;
    const x = Float64Array.from({ length: n }, () => 3 * normal(random));
    const y = Float64Array.from(x, (v) => (random() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
    const w = Float64Array.from({ length: n }, () => 0.5 + random());
    for (const weights of [null, w]) {
      const model = fitIsotonicRegression(x, y, weights ? { sampleWeight: weights } : {});
      const want = referenceIsotonicThresholds(x, y, weights ?? new Float64Array(n).fill(1));
      expect(Array.from(model.xThresholds)).toEqual(want.x);
      Array.from(model.yThresholds).forEach((v, i) => expect(Math.abs(v - want.y[i])).toBeLessThanOrEqual(1e-12));
    }
  });

  it("one exact tie among distinct x switches to the full (y, then x) sort and still equals the reference", () => {
    const random = mulberry32(75);
    const x = Float64Array.from({ length: 500 }, () => normal(random));
    x[400] = x[17];
    const y = Float64Array.from(x, () => random());
    const model = fitIsotonicRegression(x, y);
    const want = referenceIsotonicThresholds(x, y, new Float64Array(x.length).fill(1));
    expect(Array.from(model.xThresholds)).toEqual(want.x);
    Array.from(model.yThresholds).forEach((v, i) => expect(Math.abs(v - want.y[i])).toBeLessThanOrEqual(1e-12));
  });
});
