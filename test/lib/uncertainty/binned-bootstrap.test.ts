// The one-pass WebAssembly bootstrap drawing whole clusters (docs/DESIGN.md §6.3, §6.5), against the general path:
// assess on the pairs of resampleUnitIndices, the definition of a clustered resample.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { toPairColumns } from "../../../src/lib/pairs/pairs";
import { assessColumns, type AssessOptions } from "../../../src/lib/metrics/assess";
import { uniformLayout } from "../../../src/lib/metrics/bin-edges";
import { binnedBootstrap } from "../../../src/lib/uncertainty/binned-bootstrap";
import { resamplingUnits, resampled, resampleUnitIndices } from "../../../src/lib/uncertainty/resampling-units";
import { bootstrapBinnedMetric, type BinnedMetric } from "../../../src/core/bootstrap";

beforeAll(async () => {
  await init();
});

const METRICS: BinnedMetric[] = ["ece", "rmsce", "mce", "rmsceDebiased", "nll", "brier", "accuracy"];

/** A small deterministic generator (an LCG: exact integer arithmetic). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function clustered(n: number, clusters: number, seed: number) {
  const next = random(seed);
  return toPairColumns({
    margin: Array.from({ length: n }, () => (next() - 0.3) * 5),
    label: Array.from({ length: n }, () => [0, 0.5, 1, 1][Math.floor(next() * 4)]),
    weight: Array.from({ length: n }, () => 0.5 + next() * 2),
    cluster: Array.from({ length: n }, () => `prompt-${Math.floor(next() * clusters)}`),
  });
}

describe("binnedBootstrap(columns, units, metric, options, resamples, seed)", () => {
  it("with clusters, resample r equals assess (MCE over bins of ≥ 4 pairs) on the pairs of resampleUnitIndices(units, seed, r) to 1e-12", () => {
    const columns = clustered(300, 40, 3);
    const units = resamplingUnits(columns);
    for (const [view, bins] of [["folded", 10], ["oriented", 7]] as const) {
      const options: AssessOptions = { view, bins, temperature: 1.3, mceMinCount: 4 };
      const fixed = {
        temperature: 1.3, folded: view === "folded", layout: uniformLayout(bins, view === "folded" ? 0.5 : 0), mceMinCount: 4,
      };
      for (const metric of METRICS) {
        const values = binnedBootstrap(columns, units, metric, fixed, 12, 99);
        for (let r = 0; r < 12; r++) {
          const expected = assessColumns(resampled(columns, resampleUnitIndices(units, 99, r)), options)[metric];
          expect(Math.abs(values[r] - expected), `${view} ${metric} resample ${r}`).toBeLessThanOrEqual(1e-12 * Math.abs(expected) + 1e-15);
        }
      }
    }
  });

  it("gives the same bits run in chunks (with onProgress's hook) or in one call", () => {
    // 3·10⁵ pairs: the core runs about 2²²/n resamples per chunk, so 30 resamples take three chunks.
    const columns = clustered(300_000, 5_000, 8);
    const units = resamplingUnits(columns);
    const fixed = { temperature: 1, folded: true, layout: uniformLayout(15, 0.5), mceMinCount: 1 };
    const chunks: number[] = [];
    const chunked = binnedBootstrap(columns, units, "ece", fixed, 30, 5, (done) => chunks.push(done));
    expect(chunks.length).toBeGreaterThan(1);
    expect(binnedBootstrap(columns, units, "ece", fixed, 30, 5)).toEqual(chunked);
  });

  it("without clusters draws the pair bootstrap's resamples, bit for bit", () => {
    const columns = clustered(200, 200, 4);
    const pairs = { ...columns, cluster: null, clusterCount: 0 };
    const fixed = { temperature: 1, folded: true, layout: uniformLayout(15, 0.5), mceMinCount: 1 };
    const expected = bootstrapBinnedMetric(pairs.margin, pairs.label, pairs.weight, 1, true, fixed.layout, "rmsce", 20, 7);
    expect(binnedBootstrap(pairs, resamplingUnits(pairs), "rmsce", fixed, 20, 7)).toEqual(expected);
  });
});
