// The coverage study (scripts/coverage-study.mjs, docs/DESIGN.md §6.9) is too slow for npm test; its results are
// committed in docs/coverage-study.json and shown in README.md. This test keeps the two from drifting apart, checks
// the file is consistent with itself, and that its true values are still what the model's quadrature gives. No
// simulation runs here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { coverageTable, type CoverageStudy } from "../../scripts/lib/coverage-table.mjs";
import { populationMetrics } from "../../scripts/lib/coverage-model.mjs";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

// The default study, and the one whose prompt effect is the model's difficulty (--prompt-effect difficulty).
describe.each(["docs/coverage-study.json", "docs/coverage-study-difficulty.json", "docs/coverage-study-difficulty-10k.json"])("the coverage study %s in README.md", (file) => {
  const study = JSON.parse(readFileSync(join(repoRoot, file), "utf8")) as CoverageStudy;

  it("shows exactly the table docs/coverage-study.json makes, run time and command included", () => {
    const table = coverageTable(study);
    expect(table).toMatch(/\| independent \| pairs \|/);
    expect(readme, `rerun the study, or paste coverageTable(${file}) into README.md`).toContain(table);
  });

  it("sits in the README section \"Do the intervals hold?\"", () => {
    const section = readme.split(/^## /m).find((s) => s.startsWith("Do the intervals hold?"));
    expect(section).toBeDefined();
    expect(section).toContain(coverageTable(study).split("\n")[2]);
  });

  it("has coverages, standard errors and counts that agree with each other", () => {
    expect(study.cells.length).toBeGreaterThan(0);
    for (const c of study.cells) {
      expect(c.covered + c.below + c.above).toBe(c.sims);
      expect(c.coverage).toBe(c.covered / c.sims);
      expect(c.se).toBeCloseTo(Math.sqrt((c.coverage * (1 - c.coverage)) / c.sims), 15);
      expect(c.meanWidth).toBeGreaterThan(0);
    }
  });

  it("scores against the true values the model's quadrature gives", () => {
    const { truth } = populationMetrics(40);
    for (const key of ["nll", "brier", "accuracy", "ece", "rmsce"] as const) expect(study.truth[key]).toBeCloseTo(truth[key], 12);
    // Every confidence overstates the chance of winning in this model (c = σ(a) > E σ(a/1.5 + u)), so the gap never
    // changes sign and binned and smooth ECE are both mean confidence minus accuracy.
    expect(study.truth.smece).toBeCloseTo(truth.ece, 12);
  });
});
