// The exact jackknife (docs/DESIGN.md §6.4) against its plain reference: for every unit, assess on the pairs that
// remain, with the same fixed uniform bins. The kernel subtracts a unit's sums from the full bin sums, so the two
// agree to rounding, not bit for bit.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { init } from "../../helpers/source-entry";
import { toPairColumns, type PairColumns } from "../../../src/lib/pairs/pairs";
import { assessColumns, type AssessOptions } from "../../../src/lib/metrics/assess";
import { uniformLayout } from "../../../src/lib/metrics/bin-edges";
import { binnedJackknife } from "../../../src/lib/uncertainty/binned-jackknife";
import { resamplingUnits, resampled, type ResamplingUnits } from "../../../src/lib/uncertainty/resampling-units";
import type { BinnedMetric } from "../../../src/core/bootstrap";

beforeAll(async () => {
  await init();
});

const METRICS: BinnedMetric[] = ["ece", "rmsce", "mce", "rmsceDebiased", "nll", "brier", "accuracy"];

/** Leave-one-unit-out by assess on the remaining pairs, in pair order: the definition the kernel must meet. */
function referenceJackknife(columns: PairColumns, units: ResamplingUnits, metric: BinnedMetric, options: AssessOptions): number[] {
  const unitOf = new Int32Array(columns.n).map((_, i) => i);
  if (units.start && units.members) {
    for (let u = 0; u < units.count; u++) for (let j = units.start[u]; j < units.start[u + 1]; j++) unitOf[units.members[j]] = u;
  }
  return Array.from({ length: units.count }, (_, u) => {
    const kept = Int32Array.from({ length: columns.n }, (_, i) => i).filter((i) => unitOf[i] !== u);
    return assessColumns(resampled(columns, kept), options)[metric];
  });
}

function jackknife(columns: PairColumns, metric: BinnedMetric, options: AssessOptions): Float64Array {
  const folded = (options.view ?? "folded") === "folded";
  return binnedJackknife(columns, resamplingUnits(columns), metric, {
    temperature: options.temperature ?? 1, folded, layout: uniformLayout(options.bins as number, folded ? 0.5 : 0),
    mceMinCount: options.mceMinCount ?? 1,
  });
}

/** Agreement to rounding: relative 1e-12, or 1e-14 absolute near 0 (a debiased RMSCE clamped at 0, say). */
function expectClose(actual: Float64Array, expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((e, u) => {
    const ok = Math.abs(actual[u] - e) <= 1e-12 * Math.abs(e) + 1e-14 || (Number.isNaN(e) && Number.isNaN(actual[u]));
    if (!ok) expect(actual[u], `${what}, unit ${u}`).toBe(e);
  });
}

/** A small deterministic generator (an LCG: exact integer arithmetic). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function data(n: number, seed: number, { clusters = 0, weighted = false, soft = false } = {}) {
  const next = random(seed);
  const margin = Array.from({ length: n }, () => (next() < 0.05 ? 0 : (next() - 0.3) * 6));
  const label = Array.from({ length: n }, () => (soft ? [0, 0.5, 1, 0.3][Math.floor(next() * 4)] : next() < 0.7 ? 1 : 0));
  const weight = weighted ? Array.from({ length: n }, () => (next() < 0.1 ? 1e-20 : 0.25 + next() * 3)) : undefined;
  const cluster = clusters ? Array.from({ length: n }, () => Math.floor(next() * clusters)) : undefined;
  return toPairColumns({ margin, label, ...(weight ? { weight } : {}), ...(cluster ? { cluster } : {}) });
}

describe("binnedJackknife(columns, units, metric, options)", () => {
  const cases: [string, PairColumns, AssessOptions][] = [
    ["pairs, folded", data(60, 1), { bins: 10 }],
    ["pairs, oriented, weights, soft labels, T = 1.7", data(70, 2, { weighted: true, soft: true }), { bins: 8, view: "oriented", temperature: 1.7 }],
    ["clusters, folded, mceMinCount 3", data(90, 3, { clusters: 12 }), { bins: 6, mceMinCount: 3 }],
    ["clusters, oriented, weights (some 1e-20), labels 0/½/1", data(120, 4, { clusters: 9, weighted: true, soft: true }), { bins: 5, view: "oriented" }],
    ["few large clusters, one bin each side", data(40, 5, { clusters: 3, weighted: true }), { bins: 2, mceMinCount: 4 }],
    ["many bins (most empty), pairs", data(30, 6, { weighted: true }), { bins: 200 }],
  ];
  for (const [name, columns, options] of cases) {
    it(`equals assess on each leave-one-unit-out subset: ${name}`, () => {
      for (const metric of METRICS) {
        expectClose(jackknife(columns, metric, options), referenceJackknife(columns, resamplingUnits(columns), metric, options), `${name}, ${metric}`);
      }
    });
  }

  it("empties a bin exactly when its only unit leaves, and re-sums a bin whose weight one pair dominates", () => {
    // Pair 0 holds a bin alone; pairs 1 and 2 share one with weights 1e10 and 1: removing pair 1 leaves pair 2's gap,
    // which a subtraction 1e10 + 1 − 1e10 would blur.
    const columns = toPairColumns({ margin: [4, 0.3, 0.31, -1], label: [1, 0, 1, 1], weight: [1, 1e10, 1, 2] });
    for (const metric of METRICS) {
      expectClose(jackknife(columns, metric, { bins: 4 }), referenceJackknife(columns, resamplingUnits(columns), metric, { bins: 4 }), metric);
    }
  });

  it("property: equals the reference on random data, pairs or clusters", () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 6 }),
      fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }),
      (n, seed, clusters, weighted, oriented, bins, mceMinCount) => {
        const columns = data(n, seed, { clusters: clusters > 1 ? clusters : 0, weighted, soft: seed % 2 === 0 });
        const units = resamplingUnits(columns);
        if (units.count < 2) return;
        const options: AssessOptions = { bins, mceMinCount, view: oriented ? "oriented" : "folded" };
        for (const metric of METRICS) expectClose(jackknife(columns, metric, options), referenceJackknife(columns, units, metric, options), metric);
      },
    ), { numRuns: 60, seed: 42 });
  });
});
