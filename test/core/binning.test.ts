// The chunked binning of long columns (src/core/binning.ts, accumulateProbabilitySums and accumulatePairSums): a
// column longer than one chunk is streamed through small buffers, and its bin sums and totals must equal the
// one-call kernel's bit for bit (uniform and edge bins, with and without weights, both views, odd lengths), and a
// bad row in a late chunk must still be seen.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../helpers/source-entry";
import { rawKernels } from "../helpers/raw-kernels";
import { accumulatePairSums, accumulateProbabilitySums } from "../../src/core/binning";
import type { BinLayout } from "../../src/core/bin-layout";
import { mulberry32 } from "../helpers/prng";

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  accumulateProbabilities(yTrue: number, yProb: number, weights: number, n: number, nBins: number, start: number, step: number, innerEdges: number, nInner: number, bins: number): number;
  accumulatePairs(
    margins: number, labels: number, weights: number, n: number, temperature: number, folded: boolean,
    nBins: number, start: number, step: number, innerEdges: number, nInner: number, bins: number, totals: number,
  ): void;
}

let k: Kernels;
beforeAll(async () => {
  await init();
  k = await rawKernels<Kernels>();
});

function column(values: Float64Array | null): number {
  if (values === null) return 0;
  const ptr = k.alloc(8 * values.length);
  new Float64Array(k.memory.buffer, ptr, values.length).set(values);
  return ptr;
}

/** The sums of one kernel call over the whole columns. */
function oneCall(yTrue: Float64Array, yProb: Float64Array, weight: Float64Array | null, layout: BinLayout): Float64Array {
  const bins = k.alloc(8 * 5 * layout.nBins);
  const inner = layout.kind === "uniform" ? null : layout.edges.subarray(1, layout.edges.length - 1);
  const args = layout.kind === "uniform" ? [layout.start, layout.step, 0, 0] : [0, 0, column(inner), inner!.length];
  k.accumulateProbabilities(column(yTrue), column(yProb), column(weight), yTrue.length, layout.nBins, args[0], args[1], args[2], args[3], bins);
  return new Float64Array(k.memory.buffer, bins, 5 * layout.nBins).slice();
}

describe("accumulateProbabilitySums(yTrue, yProb, weight, layout) over several chunks", () => {
  const n = 100_003;
  const random = mulberry32(81);
  const yProb = Float64Array.from({ length: n }, () => random() ** 2);
  const yTrue = Float64Array.from(yProb, (p, i) => (i % 11 === 0 ? 0.25 : random() < p ? 1 : 0));
  const weight = Float64Array.from({ length: n }, () => 0.5 + random());
  const uniform: BinLayout = { kind: "uniform", nBins: 15, start: 0, step: 1 / 15 };
  const edges: BinLayout = { kind: "edges", nBins: 4, edges: Float64Array.of(0, 0.1, 0.3, 0.6, 1) };

  for (const [name, layout] of [["uniform bins", uniform], ["edge bins", edges]] as const) {
    for (const w of [null, weight]) {
      it(`equals one kernel call bit for bit (${name}, ${w ? "weighted" : "unweighted"}, ${n} rows)`, () => {
        expect(accumulateProbabilitySums(yTrue, yProb, w, layout)).toEqual(oneCall(yTrue, yProb, w, layout));
      });
    }
  }

  it("returns null when a row of a late chunk lies outside [0, 1]", () => {
    const bad = yProb.slice();
    bad[n - 5] = 1.5;
    expect(accumulateProbabilitySums(yTrue, bad, null, uniform)).toBeNull();
    const nan = yTrue.slice();
    nan[70_000] = NaN;
    expect(accumulateProbabilitySums(nan, yProb, weight, uniform)).toBeNull();
  });
});

describe("accumulatePairSums(margin, label, weight, T, folded, layout) over several chunks", () => {
  const n = 70_001;
  const random = mulberry32(82);
  const margin = Float64Array.from({ length: n }, () => 6 * (random() - 0.5));
  const label = Float64Array.from(margin, (d, i) => (i % 13 === 0 ? 0.5 : random() < 1 / (1 + Math.exp(-d)) ? 1 : 0));
  const weight = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0 : 0.5 + random()));
  const uniform: BinLayout = { kind: "uniform", nBins: 15, start: 0.5, step: 0.5 / 15 };
  const edges: BinLayout = { kind: "edges", nBins: 3, edges: Float64Array.of(0, 0.3, 0.7, 1) };

  for (const [layout, folded, temperature, w] of [
    [uniform, true, 1, null], [uniform, true, 1.7, weight], [edges, false, 0.8, null], [edges, false, 1, weight],
  ] as const) {
    it(`equals one kernel call bit for bit (${layout.kind}, ${folded ? "folded" : "oriented"}, T = ${temperature}, ${w ? "weighted" : "unweighted"})`, () => {
      const bins = k.alloc(8 * 5 * layout.nBins), totals = k.alloc(8 * 5);
      const inner = layout.kind === "uniform" ? null : layout.edges.subarray(1, layout.edges.length - 1);
      const args = layout.kind === "uniform" ? [layout.start, layout.step, 0, 0] : [0, 0, column(inner), inner!.length];
      k.accumulatePairs(column(margin), column(label), column(w), n, temperature, folded, layout.nBins, args[0], args[1], args[2], args[3], bins, totals);
      const chunked = accumulatePairSums(margin, label, w, temperature, folded, layout);
      expect(chunked.bins).toEqual(new Float64Array(k.memory.buffer, bins, 5 * layout.nBins).slice());
      expect(chunked.totals).toEqual(new Float64Array(k.memory.buffer, totals, 5).slice());
    });
  }
});
