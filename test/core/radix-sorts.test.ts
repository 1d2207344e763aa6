// The three radix sorts share their key transform and digit passes (assembly/radix-digits.ts); each keeps its
// own record layout. The index sort and the record sort are checked here against plain comparison sorts, on
// data that skips digits, reaches every pass, and (for the record sort) both the insertion fix-up of short runs
// and the radix passes of long ones; sortFloat64 is checked in kernel-speedups.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32, normal } from "../helpers/prng";
import { rawKernels } from "../helpers/raw-kernels";

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  identityIndex(index: number, n: number): void;
  radixSortIndices(values: number, index: number, n: number, keys: number, keysAlt: number, indexAlt: number): void;
  averageRanks(values: number, index: number, n: number, out: number): void;
  sortRecordsByX(a: number, n: number, weighted: boolean, b: number): number;
}
let kernels: Kernels;

beforeAll(async () => {
  kernels = await rawKernels<Kernels>();
});

const SPECIAL = [0, -0, 5e-324, -5e-324, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 1, 0.5];

/** Data sets: wide-ranging values with specials and duplicates, probabilities (equal high digits), and runs. */
function dataSets(n: number, seed: number): Record<string, number[]> {
  const random = mulberry32(seed);
  return {
    wide: Array.from({ length: n }, (_, i) =>
      i % 7 === 0 ? SPECIAL[i % SPECIAL.length] : (random() - 0.5) * 10 ** (20 * random() - 10)),
    probabilities: Array.from({ length: n }, () => random()),
    duplicates: Array.from({ length: n }, () => Math.floor(random() * 10) / 4 - 1),
    // Values that share their 31 high key bits in runs longer than the insertion fix-up takes.
    runs: Array.from({ length: n }, () => 1 + Math.floor(random() * 4) * 2 ** -10 + random() * 2 ** -30),
    normal: Array.from({ length: n }, () => normal(random)),
  };
}

describe("radixSortIndices and averageRanks", () => {
  it("order positions as a stable comparison sort (−0 tied with +0) and rank as scipy's rankdata('average')", () => {
    for (const n of [0, 1, 2, 3, 50, 4097]) {
      for (const [name, values] of Object.entries(dataSets(n, 80 + n))) {
        const m = Math.max(n, 1);
        const v = kernels.alloc(8 * m), index = kernels.alloc(4 * m), keys = kernels.alloc(8 * m);
        const keysAlt = kernels.alloc(8 * m), indexAlt = kernels.alloc(4 * m), out = kernels.alloc(8 * m);
        new Float64Array(kernels.memory.buffer, v, n).set(values);
        kernels.identityIndex(index, n);
        kernels.radixSortIndices(v, index, n, keys, keysAlt, indexAlt);
        kernels.averageRanks(v, index, n, out);
        const order = Array.from(new Uint32Array(kernels.memory.buffer, index, n));
        const ranks = Array.from(new Float64Array(kernels.memory.buffer, out, n));
        for (const p of [v, index, keys, keysAlt, indexAlt, out]) kernels.free(p);
        // Array.prototype.sort is stable, and a − b is 0 for −0 against +0.
        const expected = values.map((_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0));
        expect(order, `${name}, n = ${n}`).toEqual(expected);
        const expectedRanks = new Array<number>(n);
        for (let start = 0; start < n;) {
          let end = start + 1;
          while (end < n && values[expected[end]] === values[expected[start]]) end++;
          for (let k = start; k < end; k++) expectedRanks[expected[k]] = (start + 1 + end) / 2;
          start = end;
        }
        expect(ranks, `${name}, n = ${n}`).toEqual(expectedRanks);
      }
    }
  });
});

describe("sortRecordsByX", () => {
  it("sorts distinct x with y and w carried along, as a comparison sort does, and reports ties and non-finite values", () => {
    for (const n of [2, 3, 47, 50, 5000]) {
      for (const [name, raw] of Object.entries(dataSets(n, 90 + n))) {
        const x = [...new Set(raw.filter(Number.isFinite).map((v) => (Object.is(v, -0) ? 0 : v)))];
        const m = x.length;
        if (m < 2) continue;
        const y = x.map((_, i) => i / m), w = x.map((_, i) => 1 + (i % 5));
        for (const weighted of [false, true]) {
          const columns = weighted ? 3 : 2;
          const a = kernels.alloc(8 * columns * m), b = kernels.alloc(8 * columns * m);
          const input = new Float64Array(kernels.memory.buffer, a, columns * m);
          input.set(x); input.set(y, m);
          if (weighted) input.set(w, 2 * m);
          const result = kernels.sortRecordsByX(a, m, weighted, b);
          expect(result, `${name}, n = ${m}`).toBeGreaterThanOrEqual(0);
          const sorted = Array.from(new Float64Array(kernels.memory.buffer, result === 0 ? a : b, columns * m));
          kernels.free(a); kernels.free(b);
          const order = x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
          expect(sorted.slice(0, m), `${name} x, n = ${m}`).toEqual(order.map((i) => x[i]));
          expect(sorted.slice(m, 2 * m), `${name} y, n = ${m}`).toEqual(order.map((i) => y[i]));
          if (weighted) expect(sorted.slice(2 * m), `${name} w, n = ${m}`).toEqual(order.map((i) => w[i]));
        }
      }
    }
    const sortOf = (x: number[]) => {
      const a = kernels.alloc(16 * x.length), b = kernels.alloc(16 * x.length);
      new Float64Array(kernels.memory.buffer, a, 2 * x.length).set([...x, ...x.map(() => 0.5)]);
      const result = kernels.sortRecordsByX(a, x.length, false, b);
      kernels.free(a); kernels.free(b);
      return result;
    };
    expect(sortOf([3, 1, -0, 2, 0])).toBe(-1);
    expect(sortOf([3, 1, 2, Infinity])).toBe(-2);
  });
});
