// compareCalibration (docs/DESIGN.md §6.6): both sides drawn with the same resampled indices, checked by hand on a
// tiny data set and against a plain-TypeScript paired bootstrap (test/reference/paired-bootstrap.ts); the kernel
// path against the recomputing path; the properties a difference must have (identical sides, swapped sides).
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, compareCalibration, isRmcalError, type ComparedMetric } from "../../helpers/source-entry";
import { toPairColumns } from "../../../src/lib/pairs/pairs";
import { comparedSides, resampledDeltas } from "../../../src/lib/uncertainty/paired-comparison";
import { resamplingUnits, resampleUnitIndices } from "../../../src/lib/uncertainty/resampling-units";
import { resampleIndices } from "../../../src/core/bootstrap";
import { mulberry32, sigmoid } from "../../helpers/prng";
import { errorOf } from "../../helpers/thrown";
import { referenceLinearQuantile, referencePairedNllDeltas } from "../../reference/paired-bootstrap";

beforeAll(async () => {
  await init();
});

const ALL: ComparedMetric[] = ["nll", "brier", "ece", "rmsce", "mce", "rmsceDebiased", "smece", "accuracy"];

/** Margins d uniform on (−4, 4) with labels drawn from σ(d/2): d is overconfident, d/2 is calibrated. */
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

const halved = (pairs: { margin: number[]; label: number[] }) => ({ ...pairs, margin: pairs.margin.map((d) => d / 2) });

/** The Δ* of each metric, through the internal function, optionally forcing the recomputing path. */
function deltasOf(before: object, after: object, metrics: ComparedMetric[], options: object, resamples: number, seed: number, kernel = true) {
  const sides = comparedSides(toPairColumns(before as never, "before"), toPairColumns(after as never, "after"));
  return resampledDeltas(sides, resamplingUnits(sides.before), metrics, options, resamples, seed, {}, kernel);
}

describe("compareCalibration(before, after, options)", () => {
  const pairs = overconfidentPairs(400, 3);

  it("of identical sides is 0 with the interval [0, 0], a sign-flip share of 1 and no significance, for every method", () => {
    for (const method of ["bca", "percentile", "basic"] as const) {
      const result = compareCalibration(pairs, pairs, { resamples: 30, method, seed: 2 });
      expect(result.metrics.map((m) => m.metric)).toEqual(ALL);
      for (const m of result.metrics) {
        expect(m.before).toBe(m.after);
        expect([m.delta, m.low, m.high]).toEqual([0, 0, 0]);
        expect(m.method).toBe(method);
        // delta = 0 keeps no direction: every resample "flips" it (docs/DESIGN.md §6.6).
        expect(m.signFlip).toBe(1);
        expect(m.significant).toBe(false);
        expect(m.improved).toBeNull();
      }
    }
  });

  it("swapping the sides negates delta and the interval", () => {
    for (const method of ["bca", "percentile", "basic"] as const) {
      const options = { resamples: 100, method, seed: 9, metrics: ["nll", "ece", "accuracy", "smece"] as ComparedMetric[] };
      const forward = compareCalibration(pairs, halved(pairs), options);
      const backward = compareCalibration(halved(pairs), pairs, options);
      forward.metrics.forEach((f, k) => {
        const b = backward.metrics[k];
        expect(b.delta === -f.delta).toBe(true); // 0 and −0 alike
        expect(b.low).toBeCloseTo(-f.high, 12);
        expect(b.high).toBeCloseTo(-f.low, 12);
        expect(b.signFlip).toBe(f.signFlip);
        expect(b.significant).toBe(f.significant);
        if (f.improved !== null) expect(b.improved).toBe(!f.improved);
      });
    }
  });

  it("finds a clearly better calibrator (d/2 when the labels follow σ(d/2)) significantly better in NLL and ECE", () => {
    const data = overconfidentPairs(2000, 17);
    const result = compareCalibration(data, halved(data), { resamples: 300, seed: 1, metrics: ["nll", "ece", "brier", "rmsce", "accuracy"] });
    for (const metric of ["nll", "ece", "brier", "rmsce"] as const) {
      const m = result.metrics.find((x) => x.metric === metric)!;
      expect(m.delta, metric).toBeLessThan(0);
      expect(m.high, metric).toBeLessThan(0);
      expect(m.significant, metric).toBe(true);
      expect(m.improved, metric).toBe(true);
      expect(m.signFlip, metric).toBeLessThan(0.01);
    }
    // Halving every margin keeps every sign: accuracy cannot change, on the data or on any resample.
    const accuracy = result.metrics.find((x) => x.metric === "accuracy")!;
    expect([accuracy.delta, accuracy.low, accuracy.high, accuracy.signFlip, accuracy.improved]).toEqual([0, 0, 0, 1, null]);
    // The reverse comparison is significantly worse.
    const reverse = compareCalibration(halved(data), data, { resamples: 300, seed: 1, metrics: ["nll"] }).metrics[0];
    expect([reverse.significant, reverse.improved]).toEqual([true, false]);
  });

  it("reads improved accuracy as higher, every other metric as lower", () => {
    // after flips the ten wrong-side pairs of before (of 40): accuracy rises from 0.75 to 1 on almost every resample.
    const margin = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? -1 : 1) * (1 + (i % 5)));
    const before = { margin, label: margin.map(() => 1) };
    const after = { ...before, margin: margin.map(Math.abs) };
    const m = compareCalibration(before, after, { metrics: ["accuracy", "nll"], resamples: 200, method: "percentile" }).metrics;
    expect(m[0].delta).toBe(0.25);
    expect(m[0].low).toBeGreaterThan(0);
    expect(m[0].improved).toBe(true);
    expect(m[1].delta).toBeLessThan(0);
    expect(m[1].improved).toBe(true);
  });

  it("is reproducible bit for bit with the same seed, and another seed gives other intervals", () => {
    const options = { resamples: 40, seed: 12345, bins: 10 };
    const a = compareCalibration(pairs, halved(pairs), options);
    const b = compareCalibration(pairs, halved(pairs), options);
    expect(b).toEqual(a);
    a.metrics.forEach((m, k) => {
      expect(Object.is(m.low, b.metrics[k].low) && Object.is(m.high, b.metrics[k].high)).toBe(true);
    });
    const c = compareCalibration(pairs, halved(pairs), { ...options, seed: 12346 });
    expect(c.metrics[0].low).not.toBe(a.metrics[0].low);
    expect(c.metrics[0].delta).toBe(a.metrics[0].delta);
  });

  it("reports the run: n of non-zero weight, the options used, the units", () => {
    const weight = pairs.margin.map((_, i) => (i % 10 === 0 ? 0 : 1 + (i % 3)));
    const result = compareCalibration({ ...pairs, weight }, { ...halved(pairs), weight }, { resamples: 10, confidence: 0.8, seed: 4, metrics: ["brier"] });
    expect({ ...result, metrics: undefined }).toEqual({
      n: 360, resamples: 10, confidence: 0.8, seed: 4, unit: "pairs", units: 360, metrics: undefined,
    });
    expect(result.metrics[0].before).toBe(assess({ ...pairs, weight }).brier);
    expect(result.metrics[0].after).toBe(assess({ ...halved(pairs), weight }).brier);
  });

  it("drops zero-weight pairs first: the result equals that of the kept pairs alone", () => {
    const weight = pairs.margin.map((_, i) => (i % 7 === 3 ? 0 : 1 + (i % 2)));
    const keep = (column: number[]) => column.filter((_, i) => weight[i] !== 0);
    const kept = { margin: keep(pairs.margin), label: keep(pairs.label), weight: keep(weight) };
    const options = { resamples: 50, seed: 8, metrics: ["nll", "ece", "smece"] as ComparedMetric[] };
    expect(compareCalibration({ ...pairs, weight }, { ...halved(pairs), weight }, options))
      .toEqual(compareCalibration(kept, halved(kept), options));
  });
});

describe("the resamples are paired", () => {
  // Accuracy of a resample is a mean of 0/1/½ agreements, so its Δ* can be written down from the drawn indices.
  const label = [1, 0, 1, 1, 0, 1, 0.5];
  const before = { margin: [1, 1, -2, 0.5, -1, 0, 3], label };
  const after = { margin: [1, -1, 2, -0.5, -1, 2, -3], label };
  const agreement = (d: number, y: number) => (d === 0 ? 0.5 : d > 0 ? y : 1 - y);

  it("Δ* of accuracy is after − before on resampleIndices(n, seed, r), from the kernel and from the recomputing path", () => {
    const seed = 21, resamples = 40;
    for (const kernel of [true, false]) {
      const deltas = deltasOf(before, after, ["accuracy"], {}, resamples, seed, kernel).get("accuracy")!;
      for (let r = 0; r < resamples; r++) {
        const drawn = Array.from(resampleIndices(7, seed, r));
        const mean = (margin: number[]) => drawn.reduce((s, i) => s + agreement(margin[i], label[i]), 0) / drawn.length;
        expect(deltas[r]).toBeCloseTo(mean(after.margin) - mean(before.margin), 14);
      }
    }
  });

  it("the WebAssembly path (once per side, same seed) equals the recomputing path to 1e-12 for every kernel metric", () => {
    const data = overconfidentPairs(300, 5);
    const weight = data.margin.map((_, i) => 0.5 + (i % 4));
    const b = { ...data, weight }, a = { ...halved(data), weight };
    const metrics: ComparedMetric[] = ["nll", "brier", "ece", "rmsce", "mce", "rmsceDebiased", "accuracy"];
    for (const options of [{ bins: 7 }, { view: "oriented" }]) {
      const fast = deltasOf(b, a, metrics, options, 60, 3, true);
      const slow = deltasOf(b, a, metrics, options, 60, 3, false);
      for (const m of metrics) {
        fast.get(m)!.forEach((x, r) => expect(x, `${m} ${r}`).toBeCloseTo(slow.get(m)![r], 12));
      }
    }
  });

  it("quantile bins are recomputed on each resample, per side, as assess would on that resample", () => {
    const data = overconfidentPairs(120, 6);
    const deltas = deltasOf(data, halved(data), ["ece"], { binning: "quantile", bins: 5 }, 5, 13).get("ece")!;
    for (let r = 0; r < 5; r++) {
      const drawn = Array.from(resampleIndices(120, 13, r));
      const on = (p: { margin: number[]; label: number[] }) =>
        assess({ margin: drawn.map((i) => p.margin[i]), label: drawn.map((i) => p.label[i]) }, { binning: "quantile", bins: 5 }).ece;
      expect(deltas[r]).toBe(on(halved(data)) - on(data));
    }
  });

  it("NLL's Δ* equal the plain-TypeScript paired bootstrap to 1e-12, and the percentile interval is its quantiles", () => {
    const data = overconfidentPairs(250, 8);
    const weight = data.margin.map((_, i) => 1 + (i % 5) / 2);
    const b = { ...data, weight }, a = { ...halved(data), weight };
    const reference = referencePairedNllDeltas(b, a, 77, 120);
    const deltas = deltasOf(b, a, ["nll"], {}, 120, 77).get("nll")!;
    reference.forEach((x, r) => expect(deltas[r]).toBeCloseTo(x, 12));
    const m = compareCalibration(b, a, { metrics: ["nll"], method: "percentile", resamples: 120, seed: 77 }).metrics[0];
    expect(m.low).toBeCloseTo(referenceLinearQuantile(reference, 0.05), 12);
    expect(m.high).toBeCloseTo(referenceLinearQuantile(reference, 0.95), 12);
    expect(m.signFlip).toBe(reference.filter((x) => Math.sign(x) === -Math.sign(m.delta)).length / 120);
  });

  it("the difference of paired resamples is narrower than the gap between two separate intervals", () => {
    const data = overconfidentPairs(1000, 9);
    const after = { ...data, margin: data.margin.map((d) => d / 1.3) };
    const m = compareCalibration(data, after, { metrics: ["nll"], method: "percentile", resamples: 300 }).metrics[0];
    const deltas = deltasOf(data, after, ["nll"], {}, 300, 0).get("nll")!;
    // Unpaired: Δ's spread if the sides were independent, sqrt(var before* + var after*) ≫ the paired spread.
    const spread = (x: number[]) => {
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      return Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
    };
    const sideValues = (p: typeof data, r: number) => {
      const drawn = Array.from(resampleIndices(1000, 0, r));
      return assess({ margin: drawn.map((i) => p.margin[i]), label: drawn.map((i) => p.label[i]) }).nll;
    };
    const beforeStar = Array.from({ length: 300 }, (_, r) => sideValues(data, r));
    const afterStar = Array.from({ length: 300 }, (_, r) => sideValues(after, r));
    const unpaired = Math.sqrt(spread(beforeStar) ** 2 + spread(afterStar) ** 2);
    expect(spread(Array.from(deltas))).toBeLessThan(unpaired / 3);
    expect(m.high - m.low).toBeLessThan(2 * 1.645 * unpaired / 3);
  });
});

describe("clusters", () => {
  const data = overconfidentPairs(90, 10);
  const cluster = data.margin.map((_, i) => `prompt-${Math.floor(i / 3)}`);

  it("resamples whole clusters on both sides, with the cluster column on either side or both", () => {
    const options = { resamples: 50, seed: 6, metrics: ["nll", "ece", "accuracy"] as ComparedMetric[] };
    const both = compareCalibration({ ...data, cluster }, { ...halved(data), cluster }, options);
    expect([both.unit, both.units]).toEqual(["clusters", 30]);
    expect(compareCalibration({ ...data, cluster }, halved(data), options)).toEqual(both);
    expect(compareCalibration(data, { ...halved(data), cluster }, options)).toEqual(both);
    // Other ids, the same grouping: the same comparison.
    const renamed = cluster.map((c) => c.toUpperCase());
    expect(compareCalibration({ ...data, cluster }, { ...halved(data), cluster: renamed }, options)).toEqual(both);
    const deltas = deltasOf({ ...data, cluster }, halved(data), ["nll"], {}, 50, 6).get("nll")!;
    const units = resamplingUnits(toPairColumns({ ...data, cluster }));
    for (let r = 0; r < 5; r++) {
      const drawn = Array.from(resampleUnitIndices(units, 6, r));
      const on = (p: typeof data) => assess({ margin: drawn.map((i) => p.margin[i]), label: drawn.map((i) => p.label[i]) }).nll;
      // The kernel adds each pair times its cluster's draw count; assess adds the drawn copies: equal to rounding.
      expect(deltas[r]).toBeCloseTo(on(halved(data)) - on(data), 12);
    }
  });

  it("singleton clusters draw the pairs' own stream: the same interval as without clusters", () => {
    const single = data.margin.map((_, i) => i);
    const options = { resamples: 80, seed: 2, metrics: ["nll", "brier", "ece", "accuracy"] as ComparedMetric[] };
    const plain = compareCalibration(data, halved(data), options);
    const clustered = compareCalibration({ ...data, cluster: single }, halved(data), options);
    plain.metrics.forEach((m, k) => {
      expect(clustered.metrics[k].low).toBeCloseTo(m.low, 12);
      expect(clustered.metrics[k].high).toBeCloseTo(m.high, 12);
      expect(clustered.metrics[k].signFlip).toBe(m.signFlip);
    });
  });

  it("refuses clusters that group the pairs differently, naming the first differing index", () => {
    const other = cluster.map((c, i) => (i === 4 ? "elsewhere" : c));
    const error = errorOf(() => compareCalibration({ ...data, cluster }, { ...halved(data), cluster: other }));
    expect(isRmcalError(error) && [error.code, error.argument, error.index]).toEqual(["invalid-argument", "after.cluster", 4]);
    expect(error.message).toMatch(/^after\.cluster\[4\]/);
  });
});

describe("bad input", () => {
  const pairs = { margin: [1, -2, 0.5, 3], label: [1, 0, 1, 1], weight: [1, 2, 1, 1] };

  it("refuses sides of different length", () => {
    const error = errorOf(() => compareCalibration(pairs, { margin: [1, 2, 3], label: [1, 0, 1] }));
    expect(error).toBeInstanceOf(RangeError);
    expect(isRmcalError(error) && error.code).toBe("length-mismatch");
    expect(error.message).toBe("before has 4 pairs and after 3; a comparison needs the same pairs on both sides");
  });

  it("refuses other labels or weights, naming the first differing index and field", () => {
    const label = errorOf(() => compareCalibration(pairs, { ...pairs, label: [1, 0, 0, 0] }));
    expect(label.message).toBe("after.label[2] is 0 but before.label[2] is 1; a comparison needs the same pairs on both sides");
    expect(isRmcalError(label) && [label.code, label.argument, label.index]).toEqual(["invalid-argument", "after.label", 2]);
    const weight = errorOf(() => compareCalibration(pairs, { margin: pairs.margin, label: pairs.label }));
    expect(weight.message).toBe("after.weight[1] is 1 but before.weight[1] is 2; a comparison needs the same pairs on both sides");
    // The label comes first at an index where both differ.
    const both = errorOf(() => compareCalibration(pairs, { ...pairs, label: [1, 1, 1, 1], weight: [1, 3, 1, 1] }));
    expect(isRmcalError(both) && both.argument).toBe("after.label");
  });

  it("takes chosen/rejected as labels of 1 on either side", () => {
    const chosenRejected = { chosen: [2, 1, 4], rejected: [1, 3, 1] };
    const result = compareCalibration(chosenRejected, { margin: [0.5, -1, 1.5], label: [1, 1, 1] }, { resamples: 10, metrics: ["nll"] });
    expect(result.n).toBe(3);
    const error = errorOf(() => compareCalibration(chosenRejected, { margin: [0.5, -1, 1.5], label: [1, 0.5, 1] }));
    expect(error.message).toMatch(/^after\.label\[1\] is 0\.5 but before\.label\[1\] is 1;/);
  });

  it("names the side of an invalid column", () => {
    const error = errorOf(() => compareCalibration(pairs, { ...pairs, margin: [1, NaN, 1, 1] }));
    expect(isRmcalError(error) && error.argument).toBe("after.margin");
  });

  it("refuses bad metrics lists and options", () => {
    const code = (options: object) => {
      const error = errorOf(() => compareCalibration(pairs, pairs, options as never));
      return isRmcalError(error) && [error.code, error.argument];
    };
    expect(code({ metrics: [] })).toEqual(["invalid-option", "options.metrics"]);
    expect(code({ metrics: "nll" })).toEqual(["invalid-option", "options.metrics"]);
    expect(code({ metrics: ["nll", "auc"] })).toEqual(["invalid-option", "options.metrics[1]"]);
    expect(code({ metrics: ["nll", "ece", "nll"] })).toEqual(["invalid-option", "options.metrics"]);
    expect(code({ temperature: 2 })).toEqual(["invalid-option", "options.temperature"]);
    expect(code({ interval: "wilson" })).toEqual(["invalid-option", "options.interval"]);
    expect(code({ resamples: 0 })).toEqual(["invalid-option", "options.resamples"]);
    expect(code({ confidence: 1 })).toEqual(["invalid-option", "options.confidence"]);
    expect(code({ method: "student" })).toEqual(["invalid-option", "options.method"]);
    expect(code({ bins: 0 })).toEqual(["invalid-option", "options.bins"]);
  });

  it("reports progress up to the total and stops when aborted", () => {
    const seen: [number, number][] = [];
    compareCalibration(pairs, pairs, { resamples: 5, metrics: ["nll", "smece"], onProgress: (done, total) => seen.push([done, total]) });
    // nll: one kernel pass per side; smece: one recomputed pass.
    expect(seen.at(-1)).toEqual([15, 15]);
    const controller = new AbortController();
    const error = errorOf(() => compareCalibration(pairs, pairs, { resamples: 50, metrics: ["smece"], signal: controller.signal, onProgress: (done) => done === 3 && controller.abort() }));
    expect(error.name).toBe("AbortError");
  });
});
