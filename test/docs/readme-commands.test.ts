// Every `$ rmcal …` transcript in the README is what the command prints. The transcripts are the README's indented
// blocks whose lines start with "$ rmcal"; each command runs, in order, in a temporary folder that links the
// repository's examples/ (so output files such as cal.json land there and later commands read them), and its stdout
// must match the lines shown under it: a line "…" stands for any number of lines left out, a line ending in " …"
// for a line that starts with what precedes it, and any lines after it. The cross-fitting transcript (between the readme-fit markers) is
// test/docs/readme-fit.test.ts's. Figures the README quotes in prose are checked against the transcripts they come
// from. The JavaScript examples that stand alone (they import from "rmcal" and use nothing defined elsewhere; the
// browser one needs a page) run in Node from the repository root, where "rmcal" is the built package, and one with
// a "// prints: …" line must print exactly that.
import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { rmcal, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
symlinkSync(join(repoRoot, "examples"), join(dir, "examples"), "dir");
afterAll(cleanup);

const ELIDED = "…";

interface Transcript {
  /** The README line (1-based) of the command. */
  line: number;
  args: string[];
  expected: string[];
}

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The transcripts, in README order, outside the readme-fit markers. */
function transcripts(): Transcript[] {
  const lines = readme.split("\n");
  const found: Transcript[] = [];
  let inFit = false;
  let current: Transcript | null = null;
  lines.forEach((text, i) => {
    if (text.includes("<!-- readme-fit:begin -->")) inFit = true;
    if (text.includes("<!-- readme-fit:end -->")) inFit = false;
    if (inFit) return;
    const command = /^ {4}\$ rmcal (.+)$/.exec(text);
    if (command) {
      current = { line: i + 1, args: command[1].trim().split(/ +/), expected: [] };
      found.push(current);
    } else if (current && text.startsWith("    ") && !text.startsWith("    $ ")) {
      current.expected.push(text.slice(4));
    } else {
      current = null;
    }
  });
  return found;
}

/** Whether `actual` matches `expected`, "…" lines and " …" endings as described above. */
function matches(actual: string[], shown: string[]): boolean {
  const PREFIX = "\0";
  const expected = shown.flatMap((e) => (e.endsWith(` ${ELIDED}`) ? [PREFIX + e.slice(0, -ELIDED.length).trimEnd(), ELIDED] : [e]));
  const lineMatches = (a: string, e: string) => (e.startsWith(PREFIX) ? a.startsWith(e.slice(1)) : a === e);
  const from = (ai: number, ei: number): boolean => {
    if (ei === expected.length) return ai === actual.length;
    if (expected[ei] === ELIDED) {
      for (let skip = ai; skip <= actual.length; skip++) if (from(skip, ei + 1)) return true;
      return false;
    }
    return ai < actual.length && lineMatches(actual[ai], expected[ei]) && from(ai + 1, ei + 1);
  };
  return from(0, 0);
}

const all = transcripts();
const outputs = new Map<number, string[]>();

describe("the README's rmcal transcripts", () => {
  it("are found (the assess, fit and export examples at least)", () => {
    expect(all.map((t) => t.args[0])).toEqual(expect.arrayContaining(["assess", "fit", "export"]));
  });

  // Sequential, in README order: a transcript may read a file an earlier one wrote.
  for (const transcript of all) {
    it(`README line ${transcript.line}: rmcal ${transcript.args.join(" ")}`, () => {
      const r = rmcal(transcript.args, dir);
      expect(r.status, r.stderr).toBe(0);
      const actual = r.stdout.replace(/\n$/, "").split("\n").filter((line, i, a) => !(a.length === 1 && line === ""));
      outputs.set(transcript.line, actual);
      if (!matches(actual, transcript.expected)) expect(actual).toEqual(transcript.expected); // shows the diff
    }, 60_000);
  }

  it("the matcher rejects a changed line, a missing line and an extra line", () => {
    expect(matches(["a", "b"], ["a", "b"])).toBe(true);
    expect(matches(["a", "b", "c"], ["a", ELIDED, "c"])).toBe(true);
    expect(matches(["Notes: x y"], ["Notes: …"])).toBe(true);
    expect(matches(["Notes:", "  - one", "  - two"], ["Notes: …"])).toBe(true);
    expect(matches(["Note:"], ["Notes: …"])).toBe(false);
    expect(matches(["a", "x"], ["a", "b"])).toBe(false);
    expect(matches(["a"], ["a", "b"])).toBe(false);
    expect(matches(["a", "b"], ["a"])).toBe(false);
  });
});

describe("figures the README quotes in prose", () => {
  it("the LLMBar GPT-4 Rating accuracy, ECE and NLL in 'How it is checked' are the assess transcript's", () => {
    const quoted = /LLMBar judge ratings \(GPT-4 `Rating`: accuracy ([\d.]+), ECE ([\d.]+), NLL ([\d.]+) at T = 1/.exec(readme);
    expect(quoted).not.toBeNull();
    const assess = all.find((t) => t.args[0] === "assess" && t.args.includes("strategy=Rating"));
    expect(assess).toBeDefined();
    const summary = (outputs.get(assess!.line) ?? rmcal(assess!.args, dir).stdout.split("\n"))[0];
    const [, accuracy, ece, nll] = quoted!;
    expect(summary).toContain(`accuracy ${accuracy}`);
    expect(summary).toContain(`ECE ${ece}`);
    expect(summary).toContain(`NLL ${nll}`);
  });
});

/** The README's fenced js blocks that run on their own: the library's first example and the Node one. */
const jsBlocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
  .filter((code, i) => i === 0 || code.includes("readPairFile"));

describe("the README's standalone JavaScript examples", () => {
  it("are found (the library's and the Node example)", () => {
    expect(jsBlocks).toHaveLength(2);
  });

  it.each(jsBlocks.map((code) => [code.split("\n")[0], code]))("run in Node: %s", (_, code) => {
    const printed = execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const shown = /^\/\/ prints: (.*)$/m.exec(code);
    if (shown) expect(printed.trimEnd()).toBe(shown[1]);
  });
});
