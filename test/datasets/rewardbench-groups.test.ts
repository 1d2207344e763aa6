// Per-subset temperatures on RewardBench (test/data/rewardbench_rm_scores.csv, test-only): global, unpooled and
// partially pooled fits, and their cross-fitted NLL and ECE, against an independent numpy/scipy computation.
// Expected values: /usr/bin/python3 scripts/reference/grouped_temperature.py → test/reference-values/grouped-temperature.json
// (scipy brentq fits, 1/√H standard errors, DerSimonian–Laird τ², rmcal's fold shuffle re-implemented in Python).
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, crossFitGroupedTemperature, fitGroupedTemperature } from "rmcal";
import reference from "../reference-values/grouped-temperature.json";
import { readCsv } from "../helpers/read-csv";

const MODELS = ["deberta", "armo", "zephyr", "qwen"] as const;

function rewardBench(model: string) {
  const rows = readCsv("test/data/rewardbench_rm_scores.csv");
  return {
    pairs: {
      chosen: Float64Array.from(rows, (r) => Number(r[`${model}_chosen_score`])),
      rejected: Float64Array.from(rows, (r) => Number(r[`${model}_rejected_score`])),
    },
    group: rows.map((r) => r.subset),
  };
}

const close = (got: number, want: number, digits: number) =>
  want === 0 ? expect(got).toBe(0) : expect(got / want).toBeCloseTo(1, digits);

beforeAll(async () => {
  await init();
});

describe("grouped temperatures on the RewardBench subsets", () => {
  for (const model of MODELS) {
    it(`${model}: τ², each subset's own and pooled T agree with numpy/scipy`, () => {
      const { pairs, group } = rewardBench(model);
      const want = reference[model];
      const fit = fitGroupedTemperature(pairs, { group });
      close(fit.global.temperature, want.globalTemperature, 9);
      close(fit.betweenGroupVariance, want.betweenGroupVariance, 7);
      for (const w of want.groups) {
        const g = fit.groupFits.find((f) => f.group === w.group)!;
        close(g.unpooledTemperature, w.unpooledTemperature, 9);
        close(g.standardError, w.standardError, 8);
        close(g.keep, w.keep, 7);
        close(g.pooledTemperature, w.pooledTemperature, 7);
      }
    });

    it(`${model}: cross-fitted NLL and ECE of the global, per-subset and pooled temperatures agree`, () => {
      const { pairs, group } = rewardBench(model);
      const result = crossFitGroupedTemperature(pairs, { group, folds: 5, seed: 0 });
      for (const kind of ["global", "unpooled", "pooled"] as const) {
        const a = assess(result[kind]);
        close(a.nll, want(model)[kind].nll, 9);
        close(a.ece, want(model)[kind].ece, 7);
      }
    });
  }
});

function want(model: (typeof MODELS)[number]) {
  return reference[model].crossFit;
}
