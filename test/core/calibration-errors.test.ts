// ECE, RMSCE, MCE and the debiased RMSCE have one definition, the calibrationErrors kernel
// (assembly/calibration-errors.ts), which assess, expectedCalibrationError, the ECE temperature search and the
// bootstrap all call. These tests hold it to the plain-TypeScript reference (test/reference/calibration.ts) bit
// for bit, on the kernel itself and through the public functions, so a wrong formula fails here.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, bootstrapCalibration, expectedCalibrationError } from "rmcal";
import { mulberry32, integer } from "../helpers/prng";
import { binSums, calibrationErrors, effectiveSize, type BinSums } from "../reference/calibration";
import { linspaceEdges } from "../reference/bins";
import { referenceResampleIndices } from "../reference/splitmix64";
import { rawKernels } from "../helpers/raw-kernels";

interface Kernels {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  calibrationErrors(bins: number, nBins: number, effectiveSizes: number, out: number, mceMinCount: number): void;
}
let kernels: Kernels;

beforeAll(async () => {
  await init();
  kernels = await rawKernels<Kernels>();
});

/** The kernel on the reference's bin sums (laid out as the accumulate kernels lay them out). */
function kernelErrors(bins: readonly BinSums[], mceMinCount = 1) {
  const nBins = bins.length;
  const sums = Float64Array.from(bins.flatMap((b) => [b.count, b.weight, b.sumValue, b.sumOutcome, b.sumSquaredWeight]));
  const sumsPtr = kernels.alloc(Math.max(8, sums.byteLength)), sizesPtr = kernels.alloc(8 * nBins + 8), out = kernels.alloc(32);
  new Float64Array(kernels.memory.buffer, sumsPtr, sums.length).set(sums);
  kernels.calibrationErrors(sumsPtr, nBins, sizesPtr, out, mceMinCount);
  const [ece, rmsce, mce, rmsceDebiased] = new Float64Array(kernels.memory.buffer, out, 4);
  const effectiveSizes = Array.from(new Float64Array(kernels.memory.buffer, sizesPtr, nBins));
  kernels.free(sumsPtr); kernels.free(sizesPtr); kernels.free(out);
  return { errors: { ece, rmsce, mce, rmsceDebiased }, effectiveSizes };
}

/**
 * Rows whose bins cover the cases the formulas branch on: empty bins, bins of one row (n_b < 2), zero weights,
 * equal weights that are not powers of two (n_b rounds beyond the count and is clamped), soft outcomes, and a
 * bin of tiny weights whose Σw² underflows to 0 (n_b is then 1; only the kernel sees such weights, the facade
 * rejects them).
 */
function rows(seed: number, n: number, nBins: number, tiny = true) {
  const random = mulberry32(seed);
  const values: number[] = [], outcomes: number[] = [], weights: number[] = [];
  const kind = integer(random, 4);
  for (let i = 0; i < n; i++) {
    // Values crowd into the lower half, so the upper bins are sparse or empty.
    values.push(random() ** 3);
    outcomes.push(kind === 3 ? random() : random() < 0.6 ? 1 : 0);
    weights.push(kind === 0 ? 1 : kind === 1 ? 0.1 : random() < 0.1 ? 0 : 0.25 + 3 * random());
  }
  if (tiny && seed % 5 === 0) {
    values.push(0.999, 0.9995);
    outcomes.push(1, 0);
    weights.push(1e-170, 3e-170);
  }
  return { values, outcomes, weights, edges: linspaceEdges(0, nBins) };
}

describe("calibrationErrors kernel", () => {
  it("equals the reference's ECE, RMSCE, MCE, debiased RMSCE and effective sample sizes bit for bit", () => {
    let clamped = 0, underflowed = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = mulberry32(1000 + seed);
      const nBins = 1 + integer(random, 30);
      const { values, outcomes, weights, edges } = rows(seed, integer(random, 80), nBins);
      const bins = binSums(values, outcomes, weights, edges);
      const got = kernelErrors(bins);
      expect(got.errors, `seed ${seed}`).toEqual(calibrationErrors(bins));
      bins.forEach((bin, b) => {
        const raw = (bin.weight * bin.weight) / bin.sumSquaredWeight;
        if (bin.weight > 0) expect(got.effectiveSizes[b], `seed ${seed}, bin ${b}`).toBe(effectiveSize(bin));
        else expect(got.effectiveSizes[b]).toBe(1);
        if (raw > bin.count) clamped++;
        if (bin.weight > 0 && Number.isNaN(raw)) underflowed++;
      });
    }
    // The data did reach the clamp and the underflow, so those branches were compared too.
    expect(clamped).toBeGreaterThan(0);
    expect(underflowed).toBeGreaterThan(0);
  });

  it("matches hand-computed values on two bins", () => {
    // Bin 0: values 0.1, 0.3 with outcomes 0, 1 (gap 0.2 − 0.5 = −0.3, n_b = 2); bin 1: value 0.8, outcome 1
    // (gap −0.2, n_b = 1, so it adds nothing to the debiased sum). W = 3.
    const bins = binSums([0.1, 0.3, 0.8], [0, 1, 1], [1, 1, 1], [0, 0.5, 1]);
    const { errors } = kernelErrors(bins);
    expect(errors.ece).toBeCloseTo((2 / 3) * 0.3 + (1 / 3) * 0.2, 15);
    expect(errors.rmsce).toBeCloseTo(Math.sqrt((2 / 3) * 0.09 + (1 / 3) * 0.04), 15);
    expect(errors.mce).toBeCloseTo(0.3, 15);
    // (2/3)·(0.09 − 0.5·0.5/1) < 0: floored at 0.
    expect(errors.rmsceDebiased).toBe(0);
  });
});

describe("every caller gets the kernel's errors", () => {
  it("expectedCalibrationError's l1, l2 and max norms equal the reference's ECE, RMSCE and MCE bit for bit", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = mulberry32(2000 + seed);
      const nBins = 1 + integer(random, 20);
      const { values, outcomes, weights, edges } = rows(seed, 1 + integer(random, 200), nBins, false);
      const want = calibrationErrors(binSums(values, outcomes, weights, edges));
      const options = { nBins, sampleWeight: weights };
      expect(expectedCalibrationError(outcomes, values, { ...options, norm: "l1" }), `seed ${seed}`).toBe(want.ece);
      expect(expectedCalibrationError(outcomes, values, { ...options, norm: "l2" }), `seed ${seed}`).toBe(want.rmsce);
      expect(expectedCalibrationError(outcomes, values, { ...options, norm: "max" }), `seed ${seed}`).toBe(want.mce);
    }
  });

  it("assess's ECE, RMSCE and MCE are the formulas applied to the bins assess reports, bit for bit", () => {
    const random = mulberry32(3001);
    const margin = Array.from({ length: 500 }, () => 6 * (random() - 0.5));
    const label = margin.map(() => (random() < 0.6 ? 1 : 0));
    const weight = margin.map((_, i) => (i % 7 === 0 ? 0.1 : 0.5 + random()));
    for (const view of ["folded", "oriented"] as const) {
      const out = assess({ margin, label, weight }, { bins: 12, view });
      const total = out.bins.reduce((sum, b) => sum + b.weight, 0);
      let ece = 0, squared = 0, mce = 0;
      for (const b of out.bins) {
        if (b.gap === null) continue;
        ece += (b.weight / total) * b.gap;
        squared += (b.weight / total) * b.gap * b.gap;
        mce = Math.max(mce, b.gap);
      }
      expect(out.ece, view).toBe(ece);
      expect(out.rmsce, view).toBe(Math.sqrt(squared));
      expect(out.mce, view).toBe(mce);
    }
  });

  it("each bootstrap resample's ECE, RMSCE, MCE and debiased RMSCE equal the reference on the drawn pairs' bins", () => {
    const random = mulberry32(3002);
    const margin = Array.from({ length: 200 }, () => 6 * (random() - 0.5));
    const label = margin.map(() => (random() < 0.7 ? 1 : 0));
    const weight = margin.map(() => 0.25 + random());
    const nBins = 6, resamples = 10, seed = 4;
    const metrics = ["ece", "rmsce", "mce", "rmsceDebiased"] as const;
    const distributions = metrics.map((metric) =>
      bootstrapCalibration({ margin, label, weight }, { metric, bins: nBins, resamples, seed }).distribution);
    for (let r = 0; r < resamples; r++) {
      const drawn = referenceResampleIndices(margin.length, seed, r);
      const confidence = drawn.map((i) => 1 / (1 + Math.exp(-Math.abs(margin[i]))));
      const agrees = drawn.map((i) => (margin[i] > 0 ? label[i] : margin[i] < 0 ? 1 - label[i] : 0.5));
      const want = calibrationErrors(binSums(confidence, agrees, drawn.map((i) => weight[i]), linspaceEdges(0.5, nBins)));
      metrics.forEach((metric, m) => expect(distributions[m][r], `${metric}, resample ${r}`).toBeCloseTo(want[metric], 12));
    }
  });

  it("leaves bins of fewer than mceMinCount pairs out of MCE, and out of nothing else", () => {
    // The two bins above: bin 0 holds two pairs (|gap| 0.3), bin 1 one pair (|gap| 0.2).
    const bins = binSums([0.1, 0.3, 0.8], [0, 1, 1], [1, 1, 1], [0, 0.5, 1]);
    const all = kernelErrors(bins);
    expect(kernelErrors(bins, 2).errors).toEqual(all.errors);
    const flipped = binSums([0.1, 0.3, 0.9], [0, 0, 0], [1, 1, 1], [0, 0.5, 1]);
    // Bin 0: gap 0.2; bin 1, one pair: gap 0.9, which sets MCE unless a bin needs 2 pairs.
    expect(kernelErrors(flipped).errors.mce).toBeCloseTo(0.9, 15);
    expect(kernelErrors(flipped, 2).errors.mce).toBeCloseTo(0.2, 15);
    expect(kernelErrors(flipped, 3).errors.mce).toBe(0);
    expect({ ...kernelErrors(flipped, 3).errors, mce: 0.9 }).toEqual({ ...kernelErrors(flipped).errors, mce: 0.9 });
  });
});
