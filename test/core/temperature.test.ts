// The fused temperature pass (assembly/temperature.ts, temperatureExpansion) called directly on memory laid out
// here: its NLL and four derivatives against the plain-TypeScript reference (test/reference/temperature.ts), its
// gradient and curvature against the Newton pass (temperatureDerivatives) bit for bit, sub-ranges and strides
// against the whole, and its loss (log Π(1 + e) over blocks, unweighted) against the per-pair log1p of temperatureNll.
import { beforeAll, describe, expect, it } from "vitest";
import { rawKernels } from "../helpers/raw-kernels";
import { mulberry32, normal } from "../helpers/prng";
import { referenceTemperatureExpansion } from "../reference/temperature";

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  temperatureDerivatives(margins: number, labels: number, weights: number, n: number, stride: number, a: number, out: number): void;
  temperatureNll(margins: number, labels: number, weights: number, n: number, temperature: number, out: number): void;
  temperatureExpansion(margins: number, labels: number, weights: number, start: number, end: number, stride: number, a: number, withLoss: boolean, out: number): void;
}

let k: Kernels;
beforeAll(async () => {
  k = await rawKernels<Kernels>();
});

function column(values: ArrayLike<number>): number {
  const ptr = k.alloc(8 * values.length);
  new Float64Array(k.memory.buffer, ptr, values.length).set(values);
  return ptr;
}

function expansion(m: number, y: number, w: number, start: number, end: number, stride: number, a: number, withLoss = true): number[] {
  const out = k.alloc(8 * 8);
  k.temperatureExpansion(m, y, w, start, end, stride, a, withLoss, out);
  // As the reference orders them: Σw, loss, the five derivatives; then Σw·correctness.
  const [weight, loss, first, second, third, fourth, correct, fifth] = new Float64Array(k.memory.buffer, out, 8);
  return [weight, loss, first, second, third, fourth, fifth, correct];
}

function data(n: number, seed: number) {
  const random = mulberry32(seed);
  const margin = Array.from({ length: n }, () => 2.5 * normal(random));
  // Soft labels and both hard labels, so every branch of the loss is taken; a few large margins for the tails.
  const label = margin.map((d, i) => (i % 7 === 0 ? 0.3 : random() < 1 / (1 + Math.exp(-d / 1.6)) ? 1 : 0));
  for (let i = 0; i < n; i += 97) margin[i] *= 40;
  const weight = margin.map(() => 0.5 + random());
  return { margin, label, weight };
}

const relative = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe("temperatureExpansion(margins, labels, weights, start, end, stride, a, withLoss, out)", () => {
  it("gives the scalar loop's sums bit for bit in its two-lane loop: odd and even counts, strides, sub-ranges", () => {
    const { margin, label, weight } = data(2001, 6);
    const m = column(margin), y = column(label), w = column(weight);
    // One pair per call runs the scalar loop alone; the sums of single calls added in order are the one-call sums.
    for (const wp of [0, w]) {
      for (const [start, end] of [[0, 7], [3, 10], [1, 2]]) {
        const lanes = expansion(m, y, wp, start, end, 1, 0.9);
        const scalar = [0, 0, 0, 0, 0, 0, 0, 0];
        for (let i = start; i < end; i++) expansion(m, y, wp, i, i + 1, 1, 0.9).forEach((x, j) => (scalar[j] += x));
        // The loss (a block product, then a log) is the one sum whose single-pair calls are not its additions.
        expect([...lanes.slice(0, 1), ...lanes.slice(2)]).toEqual([...scalar.slice(0, 1), ...scalar.slice(2)]);
      }
    }
  });

  for (const weighted of [false, true]) {
    it(`gives Σw, the NLL and its four derivatives of the reference (${weighted ? "weighted" : "unweighted"}, 5,000 pairs)`, () => {
      const { margin, label, weight } = data(5000, weighted ? 2 : 1);
      const w = weighted ? weight : null;
      const m = column(margin), y = column(label), wp = w ? column(w) : 0;
      for (const a of [0.05, 0.6, 1, 3]) {
        const got = expansion(m, y, wp, 0, margin.length, 1, a);
        const want = referenceTemperatureExpansion(margin, label, w, a);
        expect(got[0]).toBe(want[0]);
        // Sums of terms of both signs (the kernel takes 1 − 2s from e, the reference from s): 1e-11 relative.
        for (let j = 1; j < 7; j++) expect(relative(got[j], want[j]), `term ${j} at a = ${a}`).toBeLessThan(1e-11);
      }
    });
  }

  it("gives the Newton pass's gradient and curvature bit for bit, and the same Σw", () => {
    const { margin, label, weight } = data(3001, 3);
    const m = column(margin), y = column(label), w = column(weight), out = k.alloc(24);
    for (const [wp, stride] of [[0, 1], [w, 1], [w, 4], [0, 7], [0, 3000], [0, 5000]]) {
      k.temperatureDerivatives(m, y, wp, margin.length, stride, 0.7, out);
      const [sumW, gradient, curvature] = new Float64Array(k.memory.buffer, out, 3);
      const e = expansion(m, y, wp, 0, margin.length, stride, 0.7, false);
      expect([e[0], e[2], e[3]]).toEqual([sumW, gradient, curvature]);
      expect(e[1]).toBe(0);
    }
  });

  it("sums a sub-range [start, end) so that adjacent ranges add up to the whole (to rounding)", () => {
    const { margin, label } = data(4000, 4);
    const m = column(margin), y = column(label);
    const whole = expansion(m, y, 0, 0, 4000, 1, 0.8);
    const left = expansion(m, y, 0, 0, 1500, 1, 0.8), right = expansion(m, y, 0, 1500, 4000, 1, 0.8);
    for (let j = 0; j < 8; j++) expect(relative(left[j] + right[j], whole[j])).toBeLessThan(1e-12);
  });

  it("takes the unweighted loss as log Π(1 + e) per block: within 1e-15 relative of temperatureNll's per-pair log1p", () => {
    const { margin, label } = data(20000, 5);
    const m = column(margin), y = column(label), out = k.alloc(24);
    k.temperatureNll(m, y, 0, margin.length, 1 / 0.9, out);
    const perPair = new Float64Array(k.memory.buffer, out, 3)[1];
    // z = 0.9·d here against d/(1/0.9) there: the same to an ulp of z, far below the tolerance.
    expect(relative(expansion(m, y, 0, 0, margin.length, 1, 0.9)[1], perPair)).toBeLessThan(1e-14);
  });

  it("never overflows the block product: margins 0 everywhere make every factor 2, and the loss is n·ln 2", () => {
    const n = 5000;
    const m = column(new Float64Array(n)), y = column(new Float64Array(n).fill(1));
    expect(relative(expansion(m, y, 0, 0, n, 1, 1)[1], n * Math.LN2)).toBeLessThan(1e-14);
  });
});

describe("expTwoLanes(x0, x1, out): the two-lane exp of the fused pass", () => {
  interface LaneKernels { memory: WebAssembly.Memory; alloc(bytes: number): number; expTwoLanes(x0: number, x1: number, out: number): void; exponential(x: number): number }

  it("is the scalar WebAssembly exp bit for bit in both lanes, special lanes (tiny, underflow, ±∞, NaN) included", async () => {
    const lk = await rawKernels<LaneKernels>();
    const out = lk.alloc(16);
    const random = mulberry32(11);
    const xs = [0, -0, 1e-300, -1e-17, -(2 ** -54), -(2 ** -53), -0.5, -1, -Math.LN2, -20, -511.9, -512, -700, -745.2, -746, -1000, -Infinity, NaN, 3, 709.7, 710];
    for (let i = 0; i < 20000; i++) xs.push(-40 * random() ** 2, -1e-3 * random(), -600 * random());
    for (let i = 0; i + 1 < xs.length; i++) {
      lk.expTwoLanes(xs[i], xs[i + 1], out);
      const [e0, e1] = new Float64Array(lk.memory.buffer, out, 2);
      expect(Object.is(e0, lk.exponential(xs[i])), `exp(${xs[i]})`).toBe(true);
      expect(Object.is(e1, lk.exponential(xs[i + 1])), `exp(${xs[i + 1]})`).toBe(true);
    }
  });

  it("is within 1 ulp of JavaScript's Math.exp on [−40, 0] (ARM's exp: < 0.52 ulp)", async () => {
    const lk = await rawKernels<LaneKernels>();
    const out = lk.alloc(16);
    const random = mulberry32(12);
    for (let i = 0; i < 20000; i++) {
      const x = -40 * random(), x1 = -random();
      lk.expTwoLanes(x, x1, out);
      const [e0, e1] = new Float64Array(lk.memory.buffer, out, 2);
      for (const [got, want] of [[e0, Math.exp(x)], [e1, Math.exp(x1)]]) {
        expect(Math.abs(got - want)).toBeLessThanOrEqual(2 ** (Math.floor(Math.log2(want)) - 52));
      }
    }
  });
});
