// bootstrapCalibration: reproducible pair resampling, cross-checked against a plain-TypeScript reference, and a
// coverage simulation showing the 90% percentile interval covers the population ECE about 90% of the time.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, bootstrapCalibration } from "rmcal";
import { mulberry32, sigmoid } from "../../helpers/prng";
import { referenceResampleIndices } from "../../reference/splitmix64";
import { referenceBinnedMetrics } from "../../reference/binned-metrics";

beforeAll(async () => {
  await init();
});

function overconfidentPairs(n: number, seed: number) {
  const random = mulberry32(seed);
  const margin: number[] = [], label: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = (random() - 0.5) * 8;
    margin.push(d);
    label.push(random() < sigmoid(d / 2) ? 1 : 0);
  }
  return { margin, label };
}

describe("bootstrapCalibration(pairs, options)", () => {
  const pairs = overconfidentPairs(300, 11);

  it("is reproducible: the same seed gives the same bits, another seed other values", () => {
    const a = bootstrapCalibration(pairs, { seed: 42, resamples: 200 });
    const b = bootstrapCalibration(pairs, { seed: 42, resamples: 200 });
    const c = bootstrapCalibration(pairs, { seed: 43, resamples: 200 });
    expect(Array.from(a.distribution)).toEqual(Array.from(b.distribution));
    expect(Array.from(a.distribution)).not.toEqual(Array.from(c.distribution));
    expect(a.estimate).toBe(assess(pairs).ece);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
  });

  it("draws the indices of the BigInt SplitMix64 reference and computes each resample's ECE, RMSCE and NLL as the reference does", () => {
    const resamples = 20;
    const weight = pairs.margin.map((_, i) => 0.5 + (i % 4));
    const weighted = { ...pairs, weight };
    const ece = bootstrapCalibration(weighted, { metric: "ece", bins: 7, resamples, seed: 5 }).distribution;
    const rmsce = bootstrapCalibration(weighted, { metric: "rmsce", bins: 7, resamples, seed: 5, view: "oriented" }).distribution;
    const debiased = bootstrapCalibration(weighted, { metric: "rmsceDebiased", bins: 7, resamples, seed: 5 }).distribution;
    const nll = bootstrapCalibration(weighted, { metric: "nll", resamples, seed: 5, temperature: 2 }).distribution;
    for (let r = 0; r < resamples; r++) {
      const idx = referenceResampleIndices(pairs.margin.length, 5, r);
      const drawn = { margin: idx.map((i) => pairs.margin[i]), label: idx.map((i) => pairs.label[i]), weight: idx.map((i) => weight[i]) };
      expect(ece[r]).toBeCloseTo(referenceBinnedMetrics(drawn, 7, true).ece, 12);
      expect(rmsce[r]).toBeCloseTo(referenceBinnedMetrics(drawn, 7, false).rmsce, 12);
      expect(debiased[r]).toBeCloseTo(referenceBinnedMetrics(drawn, 7, true).rmsceDebiased, 12);
      let sum = 0, total = 0;
      drawn.margin.forEach((d, i) => {
        const z = d / 2, y = drawn.label[i];
        sum += drawn.weight[i] * (Math.log1p(Math.exp(-Math.abs(z))) + y * Math.max(-z, 0) + (1 - y) * Math.max(z, 0));
        total += drawn.weight[i];
      });
      expect(nll[r]).toBeCloseTo(sum / total, 12);
    }
  });

  it("with clusters, draws whole clusters in the one-pass kernel and takes BCa's acceleration from the exact leave-one-cluster-out ECE", () => {
    const resamples = 15;
    // Cluster codes follow first appearance: pair i belongs to cluster i % 150, coded i % 150 too. 150 clusters are
    // more than the grouped jackknife's 100 groups, so only the exact jackknife gives this acceleration.
    const cluster = pairs.margin.map((_, i) => i % 150);
    const weight = pairs.margin.map((_, i) => 0.5 + (i % 5));
    const result = bootstrapCalibration({ ...pairs, weight, cluster }, { bins: 7, resamples, seed: 4 });
    expect(result.unit).toBe("clusters");
    expect(result.units).toBe(150);
    const pick = (idx: number[]) => ({ margin: idx.map((i) => pairs.margin[i]), label: idx.map((i) => pairs.label[i]), weight: idx.map((i) => weight[i]) });
    const members = Array.from({ length: 150 }, (_, c) => pairs.margin.map((_, i) => i).filter((i) => i % 150 === c));
    for (let r = 0; r < resamples; r++) {
      const drawn = pick(referenceResampleIndices(150, 4, r).flatMap((c) => members[c]));
      expect(result.distribution[r]).toBeCloseTo(referenceBinnedMetrics(drawn, 7, true).ece, 12);
    }
    // Acceleration a = Σd³ / (6(Σd²)^{3/2}), d = mean − θ₍ᵢ₎, over all 150 leave-one-cluster-out values.
    const jackknife = members.map((_, c) => referenceBinnedMetrics(pick(pairs.margin.map((_, i) => i).filter((i) => i % 150 !== c)), 7, true).ece);
    const mean = jackknife.reduce((a, b) => a + b) / 150;
    const d = jackknife.map((x) => mean - x);
    const a = d.reduce((s, x) => s + x ** 3, 0) / (6 * d.reduce((s, x) => s + x * x, 0) ** 1.5);
    expect(result.method).toBe("bca");
    expect(result.acceleration).toBeCloseTo(a, 9);
  });

  it("recomputes quantile bins on each resample, exactly as assess does on the resampled pairs", () => {
    const out = bootstrapCalibration(pairs, { binning: "quantile", bins: 6, resamples: 5, seed: 9 });
    for (let r = 0; r < 5; r++) {
      const idx = referenceResampleIndices(pairs.margin.length, 9, r);
      const drawn = { margin: idx.map((i) => pairs.margin[i]), label: idx.map((i) => pairs.label[i]) };
      expect(out.distribution[r]).toBe(assess(drawn, { binning: "quantile", bins: 6 }).ece);
    }
  });

  it("resamples pairs whole: flipping the orientation of pairs (d → −d, y → 1 − y) leaves the folded bootstrap unchanged bit for bit", () => {
    const flipped = {
      margin: pairs.margin.map((d, i) => (i % 3 === 0 ? -d : d)),
      label: pairs.label.map((y, i) => (i % 3 === 0 ? 1 - y : y)),
    };
    const a = bootstrapCalibration(pairs, { resamples: 100, seed: 1 });
    const b = bootstrapCalibration(flipped, { resamples: 100, seed: 1 });
    expect(Array.from(b.distribution)).toEqual(Array.from(a.distribution));
  });

  it("takes the percentile interval at (1 ∓ confidence)/2 with numpy's linear interpolation", () => {
    const out = bootstrapCalibration(pairs, { resamples: 101, confidence: 0.8, seed: 3, method: "percentile" });
    expect(out.method).toBe("percentile");
    const sorted = Array.from(out.distribution).sort((a, b) => a - b);
    expect(out.low).toBe(sorted[10]); // (101 − 1)·0.1 = 10 exactly
    expect(out.high).toBe(sorted[90]);
  });

  it("supports smece through smoothEce on each resample", () => {
    const out = bootstrapCalibration(pairs, { metric: "smece", resamples: 8, seed: 2 });
    expect(out.distribution.length).toBe(8);
    expect(out.low).toBeLessThanOrEqual(out.high);
  });

  it("rejects bad options with a message naming them", () => {
    expect(() => bootstrapCalibration(pairs, { confidence: 1 })).toThrow(/options.confidence is 1/);
    expect(() => bootstrapCalibration(pairs, { resamples: 0 })).toThrow(/options.resamples is 0/);
    expect(() => bootstrapCalibration(pairs, { seed: -1 })).toThrow(/options.seed is -1/);
    expect(() => bootstrapCalibration(pairs, { seed: 1.5 })).toThrow(/options.seed is 1.5/);
    expect(() => bootstrapCalibration(pairs, { metric: "auc" as never })).toThrow(/options.metric is "auc"/);
    expect(() => bootstrapCalibration({ margin: [1, NaN], label: [1, 0] })).toThrow(/pairs.margin\[1\] is NaN/);
  });
});

describe("coverage of the 90% percentile interval (simulation)", () => {
  // Each data set: 1000 pairs with confidence c ~ U(0.5, 1) (a random side), and the model right with
  // probability c − 0.1. Every one of the 5 folded bins then has a population gap of exactly +0.1, so the
  // population ECE is 0.1 for this binning. 400 data sets × 500 resamples; the coverage's binomial standard
  // error at 0.9 is 0.015, and the test accepts 0.9 ± 0.05 (more than 3 standard errors).
  it("covers the population ECE close to 90% of the time", () => {
    const random = mulberry32(2024);
    const repetitions = 400, n = 1000;
    let covered = 0;
    for (let rep = 0; rep < repetitions; rep++) {
      const margin = new Float64Array(n), label = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = 0.5 + 0.5 * random();
        const side = random() < 0.5 ? 1 : -1;
        margin[i] = side * Math.log(c / (1 - c));
        const right = random() < c - 0.1;
        label[i] = right === side > 0 ? 1 : 0;
      }
      const { low, high } = bootstrapCalibration({ margin, label }, { bins: 5, resamples: 500, confidence: 0.9, seed: rep });
      if (low <= 0.1 && 0.1 <= high) covered++;
    }
    const coverage = covered / repetitions;
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(coverage).toBeLessThanOrEqual(0.95);
  });
});

describe("bootstrapCalibration with zero weights", () => {
  it("leaves pairs of weight 0 out of the resampling: same result as without them, never NaN", () => {
    const margin = [2, -1, 0.5, 3, -2, 1.5, 0.2, -0.7, 4, -4];
    const label = [1, 0, 0, 1, 1, 1, 0, 1, 0, 1];
    const weight = [1, 0, 1, 0, 1, 0, 0, 2, 0, 0];
    const kept = weight.flatMap((w, i) => (w > 0 ? [i] : []));
    const a = bootstrapCalibration({ margin, label, weight }, { resamples: 300, seed: 1 });
    const b = bootstrapCalibration({ margin: kept.map((i) => margin[i]), label: kept.map((i) => label[i]), weight: kept.map((i) => weight[i]) }, { resamples: 300, seed: 1 });
    expect(Array.from(a.distribution)).toEqual(Array.from(b.distribution));
    expect(a.distribution.every(Number.isFinite)).toBe(true);
  });
});

describe("bootstrapCalibration(pairs, { metric: \"mce\", mceMinCount })", () => {
  it("resamples the MCE of bins with at least mceMinCount pairs", () => {
    const random = mulberry32(17);
    const margin = Array.from({ length: 40 }, () => 6 * random() - 3);
    const label = margin.map((d) => (random() < sigmoid(d) ? 1 : 0));
    const pairs = { margin, label };
    const options = { metric: "mce", bins: 15, resamples: 50, seed: 3 } as const;
    const all = bootstrapCalibration(pairs, options);
    const large = bootstrapCalibration(pairs, { ...options, mceMinCount: 4 });
    expect(large.estimate).toBe(assess(pairs, { bins: 15, mceMinCount: 4 }).mce);
    // The same seed draws the same resamples, and leaving bins out can only lower the largest gap.
    for (let r = 0; r < 50; r++) expect(large.distribution[r]).toBeLessThanOrEqual(all.distribution[r]);
    expect(large.distribution.some((v, r) => v < all.distribution[r])).toBe(true);
  });
});
