// assess against an independent numpy/scipy computation of the folded-view (and oriented-view) metrics.
// The expected values were produced by scripts/reference/assess_pairs.py (numpy 1.24, scipy 1.10; run:
// /usr/bin/python3 scripts/reference/assess_pairs.py) from scipy.special.expit / log_expit, and are committed in
// test/reference-values/assess_pairs.json together with the pairs, so this test needs no Python.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, type AssessOptions } from "rmcal";
import { referenceAssess } from "./reference/assess";
import { Z95 } from "./reference/calibration";
import { expectClose } from "./helpers/compare";

interface Case {
  name: string;
  pairs: Record<string, number[]>;
  options: AssessOptions & { bins?: number };
  expected: Record<string, unknown> & { bins: Record<string, unknown>[] };
}

const reference = JSON.parse(readFileSync(new URL("./reference-values/assess_pairs.json", import.meta.url), "utf8")) as { z: number; cases: Case[] };

beforeAll(async () => {
  await init();
});

describe("assess(pairs, options) equals an independent numpy/scipy computation to 1e-12", () => {
  it("uses scipy's 97.5% normal quantile for the Wilson intervals", () => {
    expect(Z95).toBe(reference.z);
  });

  for (const c of reference.cases) {
    it(`assess(${c.name}, ${JSON.stringify(c.options)}): accuracy, NLL, Brier, ECE, RMSCE, MCE, debiased RMSCE and bins`, () => {
      const report = assess(c.pairs as never, c.options);
      expectClose(report, c.expected, 1e-12);
      expect(report.bins.map((b) => b.count)).toEqual(c.expected.bins.map((b) => b.count));
      expectClose(referenceAssess(c.pairs as never, c.options), c.expected, 1e-12, "reference");
    });
  }

  it("the typed-array and row forms of the same pairs give the same report", () => {
    const c = reference.cases[1];
    const typed = Object.fromEntries(Object.entries(c.pairs).map(([k, v]) => [k, Float64Array.from(v)]));
    const rows = c.pairs.scoreA.map((_, i) => Object.fromEntries(Object.entries(c.pairs).map(([k, v]) => [k, v[i]])));
    const base = assess(c.pairs as never);
    expect(assess(typed as never)).toEqual(base);
    expect(assess(rows as never)).toEqual(base);
  });
});
