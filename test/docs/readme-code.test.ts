// Every fenced code block of the README that is not a shell block (```js, ```ts, ```python, …; shell blocks are
// readme-blocks.test.ts's) is run, or owned by the named test that runs it (DESIGN §10.6):
// - a block in RUN_HERE is executed here by Node against the built package (dist/, through a node_modules/rmcal
//   link in a temporary folder, as an installed package resolves), after a prelude that defines only the data the
//   block names without defining (pairs, train, test, …); every `// prints: X` line of the block must be what it
//   printed, in order, and `// => X` after an expression statement must be what that expression gives;
// - a block in OWNED_BY is run by the test named there, whose source must contain the evidence string;
// A block neither run nor owned fails, and an entry whose block left the README fails too.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { tempFolder } from "../helpers/cli";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const SHELL_FENCES = new Set(["sh", "bash", "shell", "console", "zsh"]);

interface CodeBlock { line: number; language: string; code: string }

/** The README's fenced blocks in a language other than a shell's. */
function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split("\n");
  const found: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1] !== "```") i++;
    if (!SHELL_FENCES.has(fence[1])) found.push({ line: start, language: fence[1], code: lines.slice(start, i + 1).join("\n") + "\n" });
    i++;
  }
  return found;
}

/** A block is named by its first line, which says what it shows. */
const firstLine = (block: CodeBlock) => block.code.split("\n")[0];

/** Data the blocks name without defining: deterministic, small, of the shapes the README's prose describes. */
const DATA = `
import * as rmcalForPrelude from "rmcal";
await rmcalForPrelude.init();
let seed = 12345;
const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
// Pairs as {scoreA, scoreB, label} (the shape with both orders, so Platt's position bias β has a meaning): an
// overconfident model, P(A ≻ B) = σ((r_A − r_B)/2).
const scoreA = [], scoreB = [], label = [];
for (let i = 0; i < 400; i++) {
  const a = 4 * uniform() - 2, b = 4 * uniform() - 2;
  scoreA.push(a); scoreB.push(b); label.push(uniform() < 1 / (1 + Math.exp(-(a - b) / 2)) ? 1 : 0);
}
const pairs = { scoreA, scoreB, label };
const deploymentMargins = Array.from({ length: 300 }, () => 6 * uniform() - 2);
const subsets = label.map((_, i) => ["chat", "code", "safety"][i % 3]);
const { train, test } = rmcalForPrelude.splitPairs(pairs, { holdout: 0.3, seed: 1 });
`;

/** Blocks run here, by first line: the prelude each needs ("" for a block that stands alone). */
const RUN_HERE: Record<string, string> = {
  // The library's first example.
  'import { init, assess, splitPairs, fitTemperature, loadCalibrator, reliabilitySvg } from "rmcal";': "",
  // Uncertainty, smooth ECE and data diagnostics: pairs, deployment margins and subsets.
  'import { init, assess, bootstrapCalibration, smoothEce, diagnose, reliabilitySvg } from "rmcal";': DATA,
  // Paired comparisons: pairs, with train and test split from them.
  'import { init, compareCalibration, calibratedPairs, crossFit, fitTemperature, fitPlatt } from "rmcal";': DATA,
  // Node: reads the bundled LLMBar file (examples/ is linked into the folder) and prints the ECE before and after.
  'import { init, assess, fitTemperature, splitPairs } from "rmcal";': "",
  // rmcal/node's parallel twins: pairs; 2 threads against the calling thread, bit for bit.
  'import { bootstrapCalibrationParallel, smoothEceParallel, assessParallel, fitTemperatureParallel } from "rmcal/node";': DATA,
};

/** Blocks other tests run, by first line: the test, and a string its source must contain. */
const OWNED_BY: Record<string, { test: string; evidence: string; why: string }> = {
  'import { init, loadCalibrator } from "rmcal";            // the workerd build': {
    test: "test/app/serve/workerd-serve.test.ts", evidence: "the README's ts block",
    why: "a workerd module: bundled by esbuild around src/app/serve and served by real workerd in front of a stub upstream",
  },
  'import { init, assess, reliabilitySvg } from "rmcal"; // the default build inlines the WASM: nothing else to serve': {
    test: "test/browser/chromium.test.ts", evidence: "the README's browser block",
    why: "needs a document: run as a module script in headless Chromium, rmcal mapped to dist/rmcal.js by an import map",
  },
  'c = json.load(open("calibrator.json")); n = c["rewardNormalization"]': {
    test: "test/app/cli/cli-fit-apply.test.ts", evidence: "The README's python block, in JavaScript",
    why: "Python is not run by the tests (none needs it at run time): that test computes the block's formula, " +
      "clip(score / temperature − mean) from the calibrator JSON's fields, in JavaScript and finds apply's centered_reward",
  },
};

const blocks = codeBlocks(readme);
const { dir, cleanup } = tempFolder();
afterAll(cleanup);

/** A folder where `import "rmcal"` resolves to this build, as in a project that installed it, with examples/ linked. */
function project(): string {
  const folder = join(dir, "project");
  mkdirSync(join(folder, "node_modules"), { recursive: true });
  symlinkSync(repoRoot, join(folder, "node_modules", "rmcal"), "dir");
  symlinkSync(join(repoRoot, "examples"), join(folder, "examples"), "dir");
  writeFileSync(join(folder, "package.json"), JSON.stringify({ type: "module", private: true }));
  return folder;
}

let folder: string | undefined;

describe("every js/ts/python block of the README is run by a test", () => {
  it("finds the blocks (library, uncertainty, rewards, comparisons, Node, browser, workerd)", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    expect(new Set(blocks.map((b) => b.language))).toEqual(new Set(["js", "ts", "python"]));
  });

  it("each is run here or owned by a named test (add it to RUN_HERE or OWNED_BY)", () => {
    const unowned = blocks.filter((b) => !(firstLine(b) in RUN_HERE) && !(firstLine(b) in OWNED_BY)).map((b) => `README line ${b.line}: ${firstLine(b)}`);
    expect(unowned).toEqual([]);
  });

  it("every entry's block is still in the README, and every owning test names what it runs", () => {
    const shown = new Set(blocks.map(firstLine));
    for (const key of [...Object.keys(RUN_HERE), ...Object.keys(OWNED_BY)]) expect(shown.has(key), `no longer in the README: ${key}`).toBe(true);
    for (const { test, evidence } of Object.values(OWNED_BY)) {
      expect(readFileSync(join(repoRoot, test), "utf8"), `${test} should contain ${evidence}`).toContain(evidence);
    }
  });
});

describe("the README's js blocks, run in Node against dist/", () => {
  const runnable = blocks.filter((b) => firstLine(b) in RUN_HERE);
  it.each(runnable.map((b) => [b.line, b]))("README line %i", (_, block) => {
    folder ??= project();
    const file = join(folder, `block-${block.line}.mjs`);
    writeFileSync(file, RUN_HERE[firstLine(block)] + block.code + expressionChecks(block.code));
    const printed = execFileSync(process.execPath, [file], { cwd: folder, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const shown = [...block.code.matchAll(/^\/\/ prints: (.*)$/gm)].map((m) => m[1]);
    const lines = printed.split("\n").filter((line) => !line.startsWith("rmcal-check: "));
    if (shown.length > 0) expect(lines.slice(0, shown.length)).toEqual(shown);
    expect(printed).not.toContain("rmcal-check: differs");
  }, 120_000);
});

/**
 * For each `EXPR; // => VALUE` line, code that prints "rmcal-check: differs …" when EXPR's value, as JSON, is not
 * VALUE's. The README has none today; the rule keeps one from being added unchecked.
 */
function expressionChecks(code: string): string {
  return [...code.matchAll(/^(.+?);?\s*\/\/ => (.+)$/gm)].map(([, expression, value]) =>
    `\n{ const got = JSON.stringify(${expression}), want = JSON.stringify(${value}); if (got !== want) console.log("rmcal-check: differs", ${JSON.stringify(expression)}, got, want); }`,
  ).join("") + "\n";
}
