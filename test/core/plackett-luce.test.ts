// The best-of-N and Plackett–Luce kernels (assembly/plackett-luce.ts) called directly on memory laid out here, against
// the plain-TypeScript reference (test/reference/plackett-luce.ts): the Newton pass's gradient and curvature and the
// per-prompt terms, for K from 2 to 8, in both models, with weights; and the fit's fused pass (assembly/choice-expansion.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { rawKernels } from "../helpers/raw-kernels";
import { mulberry32 } from "../helpers/prng";
import { randomChoices } from "../helpers/random-choices";
import {
  referenceChoiceNll, referencePromptDerivatives, referencePromptExpansion, referencePromptNll, referenceTopChoice,
  rowsInRankOrder,
} from "../reference/plackett-luce";

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  choiceDerivatives(offsets: number, scores: number, weights: number, n: number, ranked: boolean, stride: number, a: number, scratch: number, out: number): void;
  choiceTerms(offsets: number, scores: number, weights: number, n: number, ranked: boolean, temperature: number, confidence: number, correct: number, nll: number, totals: number): void;
  choiceProfile(offsets: number, scores: number, weights: number, n: number, ranked: boolean, temperature: number, a: number, scratch: number, out: number): void;
  choiceExpansion(offsets: number, scores: number, weights: number, n: number, ranked: boolean, stride: number, a: number, withLoss: boolean, scratch: number, out: number): void;
}

let k: Kernels;
beforeAll(async () => {
  k = await rawKernels<Kernels>();
});

function layOut(rows: number[][], weights: number[] | null) {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
  const o = k.alloc(offsets.byteLength), s = k.alloc(8 * offsets[rows.length]), w = weights ? k.alloc(8 * rows.length) : 0;
  const out = k.alloc(8 * 8), scratch = k.alloc(8 * 32), terms = k.alloc(8 * 3 * rows.length);
  new Int32Array(k.memory.buffer, o, offsets.length).set(offsets);
  new Float64Array(k.memory.buffer, s, offsets[rows.length]).set(rows.flat());
  if (weights) new Float64Array(k.memory.buffer, w, rows.length).set(weights);
  return { o, s, w, out, scratch, terms, n: rows.length };
}

describe("choiceDerivatives and choiceTerms", () => {
  const data = randomChoices(mulberry32(12), 400, { maxK: 8 });
  const weights = data.scores.map((_, i) => (i % 5 === 0 ? 0 : 0.5 + (i % 3)));
  for (const ranked of [false, true]) {
    it(`${ranked ? "Plackett–Luce" : "best-of-N"}: gradient and curvature match the reference to 1e-12 relative at several a`, () => {
      const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
      const m = layOut(rows, weights);
      for (const a of [0.05, 0.7, 3]) {
        k.choiceDerivatives(m.o, m.s, m.w, m.n, ranked, 1, a, m.scratch, m.out);
        const [sumW, g, h] = new Float64Array(k.memory.buffer, m.out, 3);
        let wantG = 0, wantH = 0, wantW = 0;
        rows.forEach((row, i) => {
          const [gi, hi] = referencePromptDerivatives(row, ranked, a);
          wantW += weights[i];
          wantG += weights[i] * gi;
          wantH += weights[i] * hi;
        });
        expect(sumW).toBe(wantW);
        expect(Math.abs(g - wantG) / Math.abs(wantG)).toBeLessThan(1e-12);
        expect(Math.abs(h - wantH) / wantH).toBeLessThan(1e-12);
      }
    });

    it(`${ranked ? "Plackett–Luce" : "best-of-N"}: per-prompt NLL, top-1 probability and share match the reference`, () => {
      const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
      const m = layOut(rows, null);
      const temperature = 0.9;
      k.choiceTerms(m.o, m.s, 0, m.n, ranked, temperature, m.terms, m.terms + 8 * m.n, m.terms + 16 * m.n, m.out);
      const terms = new Float64Array(k.memory.buffer, m.terms, 3 * m.n).slice();
      let sum = 0;
      rows.forEach((row, i) => {
        const top = referenceTopChoice(row, temperature);
        expect(terms[i]).toBeCloseTo(top.confidence, 14);
        expect(terms[m.n + i]).toBe(top.correct);
        const nll = referencePromptNll(row, ranked, temperature);
        expect(Math.abs(terms[2 * m.n + i] - nll)).toBeLessThan(1e-13 * Math.max(1, nll));
        sum += terms[2 * m.n + i];
      });
      expect(Math.abs(sum / m.n - referenceChoiceNll(rows, ranked, temperature))).toBeLessThan(1e-12);
      // The kernel's totals: Σw = n and Σ nll in prompt order (no weights: every w is 1).
      const totals = new Float64Array(k.memory.buffer, m.out, 3);
      expect([totals[0], totals[1]]).toEqual([m.n, sum]);
    });
  }

  it("stays finite for scores 1e300 apart: the shifted log-sum-exp never forms ∞ − ∞", () => {
    const m = layOut([[1e300, -1e300, 0], [-1e300, 1e300, 5]], null);
    k.choiceTerms(m.o, m.s, 0, m.n, false, 1, m.terms, m.terms + 16, m.terms + 32, m.out);
    const terms = new Float64Array(k.memory.buffer, m.terms, 6);
    expect(Array.from(terms)).toEqual([1, 1, 1, 0, 0, 2e300]);
  });
});

describe("choiceProfile: the interval's fused pass", () => {
  const data = randomChoices(mulberry32(31), 400, { maxK: 8 });
  const weights = data.scores.map((_, i) => (i % 5 === 0 ? 0 : 0.5 + (i % 3)));
  for (const ranked of [false, true]) {
    it(`${ranked ? "Plackett–Luce" : "best-of-N"}: choiceTerms' totals bit for bit, and the derivatives of the reference to 1e-12`, () => {
      const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
      const m = layOut(rows, weights);
      for (const a of [0.05, 0.7, 3]) {
        k.choiceTerms(m.o, m.s, m.w, m.n, ranked, 1 / a, m.terms, m.terms + 8 * m.n, m.terms + 16 * m.n, m.out);
        const totals = new Float64Array(k.memory.buffer, m.out, 3).slice();
        k.choiceProfile(m.o, m.s, m.w, m.n, ranked, 1 / a, a, m.scratch, m.out);
        const profile = new Float64Array(k.memory.buffer, m.out, 5).slice();
        expect(Array.from(profile.subarray(0, 3))).toEqual(Array.from(totals));
        let wantG = 0, wantH = 0;
        rows.forEach((row, i) => {
          const [gi, hi] = referencePromptDerivatives(row, ranked, a);
          wantG += weights[i] * gi;
          wantH += weights[i] * hi;
        });
        expect(Math.abs(profile[3] - wantG) / Math.abs(wantG)).toBeLessThan(1e-12);
        expect(Math.abs(profile[4] - wantH) / wantH).toBeLessThan(1e-12);
      }
    });
  }

  it("K = 2: choiceDerivatives' gradient and curvature bit for bit (the pairs' own arithmetic)", () => {
    const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i) * 4, Math.cos(3 * i) * 2]);
    const m = layOut(rows, null);
    for (const a of [0.2, 1.3]) {
      k.choiceDerivatives(m.o, m.s, 0, m.n, false, 1, a, m.scratch, m.out);
      const derivatives = new Float64Array(k.memory.buffer, m.out, 3).slice();
      k.choiceProfile(m.o, m.s, 0, m.n, false, 1 / a, a, m.scratch, m.out);
      const profile = new Float64Array(k.memory.buffer, m.out, 5).slice();
      expect([profile[0], profile[3], profile[4]]).toEqual(Array.from(derivatives));
    }
  });
});

describe("choiceExpansion: the fit's fused pass", () => {
  const data = randomChoices(mulberry32(47), 400, { maxK: 8 });
  const weightings: [string, number[] | null][] = [
    ["weighted", data.scores.map((_, i) => (i % 5 === 0 ? 0 : 0.5 + (i % 3)))], ["unweighted", null],
  ];
  for (const ranked of [false, true]) {
    for (const [label, weights] of weightings) {
      it(`${ranked ? "Plackett–Luce" : "best-of-N"}, ${label}: the NLL, its five derivatives and the top share match the reference`, () => {
        const rows = rowsInRankOrder(data.scores, ranked ? data.ranking : data.best);
        const m = layOut(rows, weights);
        const w = (i: number) => (weights ? weights[i] : 1);
        for (const a of [0.05, 0.7, 3]) {
          for (const stride of [1, 3]) {
            k.choiceExpansion(m.o, m.s, m.w, m.n, ranked, stride, a, true, m.scratch, m.out);
            const [sumW, loss, ...rest] = new Float64Array(k.memory.buffer, m.out, 8).slice();
            const [d1, d2, d3, d4, correct, d5] = rest;
            const want = [0, 0, 0, 0, 0, 0, 0, 0];
            rows.forEach((row, i) => {
              if (i % stride) return;
              want[0] += w(i);
              if (w(i) !== 0) want[1] += w(i) * referencePromptNll(row, ranked, 1 / a);
              referencePromptExpansion(row, ranked, a).forEach((v, r) => (want[2 + r] += w(i) * v));
              want[7] += w(i) * referenceTopChoice(row, 1).correct;
            });
            expect(sumW).toBe(want[0]);
            expect(Math.abs(loss - want[1]) / want[1]).toBeLessThan(1e-13);
            [d1, d2, d3, d4, d5].forEach((got, r) => {
              expect(Math.abs(got - want[2 + r])).toBeLessThan(1e-11 * Math.max(1, Math.abs(want[2 + r])));
            });
            expect(Math.abs(correct - want[7])).toBeLessThan(1e-12 * want[0]);
          }
        }
        // Without the loss: the same derivatives, loss 0.
        k.choiceExpansion(m.o, m.s, m.w, m.n, ranked, 1, 0.7, true, m.scratch, m.out);
        const withLoss = new Float64Array(k.memory.buffer, m.out, 8).slice();
        k.choiceExpansion(m.o, m.s, m.w, m.n, ranked, 1, 0.7, false, m.scratch, m.out);
        const without = new Float64Array(k.memory.buffer, m.out, 8).slice();
        expect([without[1], ...without.subarray(2, 6), without[7]]).toEqual([0, ...withLoss.subarray(2, 6), withLoss[7]]);
      });
    }
  }

  it("the reference's derivatives are those of the reference NLL (central differences)", () => {
    const row = [0.5, 1.25, -0.75, 2, 0.125];
    for (const ranked of [false, true]) {
      const a = 0.8, h = 1e-4;
      const at = (x: number) => referencePromptExpansion(row, ranked, x);
      const nll = (x: number) => referencePromptNll(row, ranked, 1 / x);
      expect((nll(a + h) - nll(a - h)) / (2 * h)).toBeCloseTo(at(a)[0], 7);
      for (let r = 1; r < 5; r++) expect((at(a + h)[r - 1] - at(a - h)[r - 1]) / (2 * h)).toBeCloseTo(at(a)[r], 6);
    }
  });

  it("stays finite for scores 1e300 apart", () => {
    const m = layOut([[1e300, -1e300, 0], [-1e300, 1e300, 5]], null);
    k.choiceExpansion(m.o, m.s, 0, m.n, false, 1, 1, true, m.scratch, m.out);
    const out = new Float64Array(k.memory.buffer, m.out, 8);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(out[1]).toBe(2e300);
  });
});
