// The tests of the library mirror its source: src/lib/<folder>/<file>.ts is tested in
// test/lib/<folder>/<file>.test.ts. This test keeps it so: a new source file with logic needs its test file (or a
// reasoned entry below), and a test file cannot outlive or misname its source file.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/repo-root";

/**
 * Source files (relative to src/lib) that export a function but have no test file of their own. Keep this short:
 * prefer a test file that checks the exports through the public API. Each reason says where the file is tested.
 */
const WITHOUT_TEST_FILE: Record<string, string> = {
  "metrics/bin-edges.ts":
    "tested through assess and calibrationCurve with quantile and uniform bins against test/reference/bins.ts (test/lib/metrics/assess.test.ts, calibration-curve.test.ts)",
  "metrics/binary-inputs.ts":
    "argument checks of the scikit-learn-shaped helpers: test/lib/validation/columns.test.ts and test/core/range-check-in-kernel.test.ts",
  "plot/chart-frame.ts": "scales, ticks and axes of the SVG plots: tested through test/lib/plot/reliability-svg.test.ts and histogram-svg.test.ts",
  "sort/sorted-copy.ts": "one line around TypedArray.prototype.sort (whose order test/core/kernel-speedups.test.ts pins for the radix sort)",
  "uncertainty/linear-quantile.ts":
    "the percentile rule of the bootstraps: test/lib/uncertainty/bootstrap-calibration.test.ts ('takes the percentile interval … numpy's linear interpolation')",
};

/** Test files under test/lib that are about all of src/lib rather than one file of it. */
const WHOLE_LIBRARY_TESTS: Record<string, string> = {
  "doc-examples.test.ts": "runs every @example … // => … line it finds under src/lib",
};

const srcLib = join(repoRoot, "src/lib");
const testLib = join(repoRoot, "test/lib");

/** Every file under `dir`, as a path relative to it with forward slashes. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path, root) : [relative(root, path).split("\\").join("/")];
    })
    .sort();
}

/** A top-level `export function`, `export async function` or `export const f = (…) =>` / `= function`. */
const exportsFunction = (path: string) =>
  /^export (async )?function\b|^export const \w+ = (async )?(\(|function\b)/m.test(readFileSync(join(srcLib, path), "utf8"));

const sources = filesUnder(srcLib).filter((path) => path.endsWith(".ts"));
const tests = filesUnder(testLib);
const testOf = (source: string) => source.replace(/\.ts$/, ".test.ts");

describe("test/lib mirrors src/lib", () => {
  it("every src/lib file that exports a function has test/lib/<same path>.test.ts, or a reason in the allow-list", () => {
    const missing = sources.filter((s) => exportsFunction(s) && !tests.includes(testOf(s)) && !(s in WITHOUT_TEST_FILE));
    expect(missing, "add a test file for each (or, with a reason, an entry in WITHOUT_TEST_FILE)").toEqual([]);
  });

  it("every allow-list entry is still needed: the file exists, exports a function and has no test file", () => {
    const stale = Object.keys(WITHOUT_TEST_FILE).filter((s) => !sources.includes(s) || !exportsFunction(s) || tests.includes(testOf(s)));
    expect(stale, "remove these entries from WITHOUT_TEST_FILE").toEqual([]);
  });

  it("every test/lib file is <path of a src/lib file>.test.ts (helpers belong in test/helpers)", () => {
    const orphans = tests.filter((t) => !(t in WHOLE_LIBRARY_TESTS) && !(t.endsWith(".test.ts") && sources.includes(t.replace(/\.test\.ts$/, ".ts"))));
    expect(orphans, "rename or move these to match a source file").toEqual([]);
    for (const t of Object.keys(WHOLE_LIBRARY_TESTS)) expect(tests, t).toContain(t);
  });
});
