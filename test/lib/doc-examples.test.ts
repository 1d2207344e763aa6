// Every `@example code // => claim` line in a doc comment under src/lib runs against the built package, with every
// export of "rmcal" in scope, and must give the numbers it claims. The files are found by walking src/lib, so a new
// example is tested without being listed here; the expected total below keeps an example from vanishing unnoticed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as rmcal from "rmcal";
import { repoRoot } from "../helpers/repo-root";

/**
 * How many `@example … // => …` lines src/lib holds. Raise it when you add an example; lowering it needs a reason
 * (an example removed on purpose).
 */
const EXPECTED_EXAMPLES = 55;

/**
 * Examples of internal functions, which the built package does not export: they cannot run here. Each names
 * where the behaviour it shows is tested through the public API instead. Keyed by file (relative to src/).
 */
const INTERNAL_EXAMPLES: Record<string, string> = {
  // linearQuantile is the percentile rule of bootstrapCalibration and of the smoothEce curve band.
  "lib/uncertainty/linear-quantile.ts":
    "test/lib/uncertainty/bootstrap-calibration.test.ts: 'takes the percentile interval at (1 ∓ confidence)/2 with numpy's linear interpolation'",
  // escapeXml is how reliabilitySvg and histogramSvg keep user text as text.
  "lib/plot/escape-xml.ts": "test/lib/plot/reliability-svg.test.ts: 'escapes series names and titles'",
  // labelQuality is diagnose(...).labels.
  "lib/diagnostics/label-quality.ts": "test/lib/diagnostics/label-quality.test.ts, through diagnose(...).labels",
  // The exact sums are how mergePartials adds partials.
  "lib/metrics/exact-sum.ts": "test/lib/metrics/exact-sum.test.ts (against math.fsum's values and a Shewchuk reference), and through mergePartials",
  // The chunking and the threads rule are how the parallel functions of rmcal/node split and check their work.
  "lib/parallel/resampling-chunks.ts": "test/lib/parallel/resampling-chunks.test.ts, and through test/platform/node/parallel-resampling.test.ts",
  "lib/parallel/threads-option.ts": "test/lib/parallel/threads-option.test.ts, and --threads in test/app/cli/cli-threads.test.ts",
};

/**
 * Public functions with no `// =>` example, and why. Every other function that "rmcal" exports must have one, so a
 * new public function cannot ship without a checked example.
 */
const WITHOUT_CLAIMED_EXAMPLE: Record<string, string> = {
  init: "asynchronous set-up; its example is `await init();`",
  isInitialized: "a flag set by init()",
  distributionShift: "returns an object of several statistics; its parts populationStabilityIndex and kolmogorovSmirnovStatistic have examples",
  reliabilitySvg: "returns SVG text; its example has no numeric claim",
  histogramSvg: "returns SVG text; its example has no numeric claim",
  RmcalError: "a class of the error family; test/core/errors.test.ts checks the codes and fields of each",
  RmcalTypeError: "a class of the error family; test/core/errors.test.ts checks the codes and fields of each",
  RmcalRangeError: "a class of the error family; test/core/errors.test.ts checks the codes and fields of each",
  isRmcalError: "returns a boolean, no number to claim; test/core/errors.test.ts checks it across both bundles",
};

const srcRoot = join(repoRoot, "src");

function* typeScriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** The one-line @example of every file under src/lib (paths relative to src/), with the claim after `// =>`. */
const examples = [...typeScriptFiles(join(srcRoot, "lib"))].sort().flatMap((path) => {
  const file = relative(srcRoot, path).split("\\").join("/");
  return [...readFileSync(path, "utf8").matchAll(/@example (.+?) \/\/ => (.+)$/gm)].map((m) => ({ file, code: m[1], claim: m[2] }));
});

/** "0.2333…" or "0.49016..." claims only the digits shown; "0.5" claims the value to 1e-12. */
function numbersOf(text: string): { value: number; tolerance: number }[] {
  // Names such as "Float64Array" are not claims.
  return [...text.replace(/[A-Za-z_]\w*/g, "").matchAll(/(-?\d+(?:\.(\d+))?)(\.\.\.|…)?/g)].map((m) => ({
    value: Number(m[1]),
    tolerance: m[3] ? 10 ** -(m[2]?.length ?? 0) : 1e-12,
  }));
}

/** The function an example calls: its first identifier. */
const calleeOf = (code: string) => /^[A-Za-z_$][\w$]*/.exec(code)?.[0] ?? "";

const publicNames = new Set(Object.keys(rmcal));
const runnable = examples.filter(({ file }) => !(file in INTERNAL_EXAMPLES));

describe("doc comment examples under src/lib", () => {
  beforeAll(async () => {
    await rmcal.init();
  });

  it(`finds every @example … // => … line by walking src/lib: ${EXPECTED_EXAMPLES} in all`, () => {
    expect(examples.length).toBe(EXPECTED_EXAMPLES);
  });

  it("each example calls a public function, or sits in a file listed as internal (and every listed file has one)", () => {
    for (const { file, code } of runnable) expect(publicNames.has(calleeOf(code)), `${code} (${file})`).toBe(true);
    for (const file of Object.keys(INTERNAL_EXAMPLES)) {
      const inFile = examples.filter((e) => e.file === file);
      expect(inFile.length, file).toBeGreaterThanOrEqual(1);
      for (const { code } of inFile) expect(publicNames.has(calleeOf(code)), `${code} is public: run it`).toBe(false);
    }
  });

  it("every public function has a checked example, except the listed ones", () => {
    const functions = [...publicNames].filter((name) => typeof (rmcal as Record<string, unknown>)[name] === "function");
    const withExample = new Set(runnable.map(({ code }) => calleeOf(code)));
    const missing = functions.filter((name) => !withExample.has(name) && !(name in WITHOUT_CLAIMED_EXAMPLE));
    expect(missing).toEqual([]);
    for (const name of Object.keys(WITHOUT_CLAIMED_EXAMPLE)) expect(functions, name).toContain(name);
  });

  for (const { file, code, claim } of runnable) {
    it(`${code} // => ${claim} (${file})`, () => {
      const names = [...publicNames];
      const result = new Function(...names, `return (${code});`)(...names.map((n) => (rmcal as Record<string, unknown>)[n]));
      const actual = typeof result === "number" ? [result] : Array.from(result as ArrayLike<number>);
      const claimed = numbersOf(claim);
      expect(actual.length).toBe(claimed.length);
      claimed.forEach(({ value, tolerance }, i) => expect(Math.abs(actual[i] - value)).toBeLessThan(tolerance));
    });
  }
});
