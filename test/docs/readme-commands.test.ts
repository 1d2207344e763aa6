// Every `$ rmcal …` transcript in the README is what the command prints. The transcripts are the README's indented
// blocks whose lines start with "$ rmcal"; each command runs, in order, in a temporary folder that links the
// repository's examples/ (so output files such as cal.json land there and later commands read them), and its stdout
// must match the lines shown under it: a line "…" stands for any number of lines left out, a line ending in " …"
// for a line that starts with what precedes it, and any lines after it. The cross-fitting transcript (between the readme-fit markers) is
// test/docs/readme-fit.test.ts's, and the PPO walkthrough (between the readme-ppo markers, with its servers) is
// test/docs/readme-ppo.test.ts's; the datasets session (readme-datasets markers, with its pipes) is
// test/docs/readme-datasets.test.ts's. Figures the README quotes in prose are checked against the transcripts they come
// from (the LLMBar accuracy, ECE and NLL; the Venn–Abers p0 and p1 of predictInterval). The js/ts/python blocks are
// test/docs/readme-code.test.ts's. The synopsis under "## The CLI" names files of the reader's own
// (pairs.jsonl, rb.csv, …): each of its commands runs, in a folder of its own, on small files of those names made
// from the bundled example data, and must succeed.
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { rmcal, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
symlinkSync(join(repoRoot, "examples"), join(dir, "examples"), "dir");
// Some transcripts read test-only data of a checkout (the RewardBench scores are not shipped): test/data too.
mkdirSync(join(dir, "test"));
symlinkSync(join(repoRoot, "test/data"), join(dir, "test/data"), "dir");
afterAll(cleanup);

const ELIDED = "…";

interface Transcript {
  /** The README line (1-based) of the command. */
  line: number;
  args: string[];
  expected: string[];
}

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The transcripts, in README order, outside the readme-fit and readme-ppo markers. */
function transcripts(): Transcript[] {
  const lines = readme.split("\n");
  const found: Transcript[] = [];
  let inFit = false;
  let current: Transcript | null = null;
  lines.forEach((text, i) => {
    if (/<!-- readme-(fit|ppo|datasets):begin -->/.test(text)) inFit = true;
    if (/<!-- readme-(fit|ppo|datasets):end -->/.test(text)) inFit = false;
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
  it("are found (the assess and diagnose examples at least; fit and export are in the PPO walkthrough)", () => {
    expect(all.map((t) => t.args[0])).toEqual(expect.arrayContaining(["assess", "diagnose"]));
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

describe("the Venn–Abers figures the README quotes in prose", () => {
  it("predictInterval([0, 1, 3, 10]) of the va.json its fit transcript writes gives the p0 and p1 quoted", async () => {
    const quoted = /`loadCalibrator\(va\)\.predictInterval\(\[([\d, ]+)\]\)` gives p0 = ([\d., ]+?) and p1 = ([\d.,\s]+?) \(/.exec(readme);
    expect(quoted).not.toBeNull();
    const fit = all.find((t) => t.args[0] === "fit" && t.args.includes("venn-abers"));
    expect(fit).toBeDefined();
    const out = join(dir, fit!.args[fit!.args.indexOf("--out") + 1]);
    if (!outputs.has(fit!.line)) expect(rmcal([...fit!.args, "--force"], dir).status).toBe(0); // when run alone (-t)
    const { init, loadCalibrator } = await import("rmcal");
    await init();
    const va = loadCalibrator(JSON.parse(readFileSync(out, "utf8"))) as unknown as { predictInterval(m: number[]): { p0: Float64Array; p1: Float64Array } };
    const margins = quoted![1].split(", ").map(Number);
    const { p0, p1 } = va.predictInterval(margins);
    const list = (text: string) => text.split(/,\s*/).map((x) => x.trim());
    expect(Array.from(p0, (p) => p.toFixed(4))).toEqual(list(quoted![2]));
    expect(Array.from(p1, (p) => p.toFixed(4))).toEqual(list(quoted![3]));
  });
});

/** The synopsis block under "## The CLI": its commands, continuation lines joined and comments dropped. */
function synopsis(): string[][] {
  const start = readme.indexOf("## The CLI\n\n");
  const block = readme.slice(start).split("\n").slice(2);
  const commands: string[] = [];
  let continued = false;
  for (const line of block) {
    if (!line.startsWith("    ")) break;
    const text = line.replace(/\s+#.*$/, "").trim();
    if (text === "") continue;
    // A line is a command of its own, the rest of the one before (after a trailing backslash), or a shell pipeline
    // into rmcal, which the datasets session runs (test/docs/readme-datasets.test.ts).
    if (continued) commands[commands.length - 1] += ` ${text}`;
    else if (text.startsWith("rmcal ")) commands.push(text);
    continued = text.endsWith("\\");
  }
  // Quotes as a shell takes them: 'data/train-*.parquet' reaches rmcal unquoted, for rmcal to expand.
  return commands.map((c) => c.replace(/\s*\\\s*/g, " ").split(/ +/).slice(1).map((arg) => arg.replace(/^'(.*)'$/, "$1")));
}

/** The files the synopsis names, made from the bundled simulated data (the first 300 pairs) and LLMBar ratings. */
function synopsisFiles(): string {
  const fixtures = join(dir, "synopsis");
  mkdirSync(fixtures);
  const [header, ...rows] = readFileSync(join(repoRoot, "examples/data/simulated_overconfident_rm.csv"), "utf8").trim().split("\n");
  const columns = header.split(",");
  const records = rows.slice(0, 300).map((row): Record<string, string | number> => {
    const values = row.split(",");
    const record: Record<string, string | number> = Object.fromEntries(columns.map((c, i) => [c, c === "subset" ? values[i] : Number(values[i])]));
    return { ...record, prompt_id: `p${Math.floor(Number(record.pair_id) / 4)}` };
  });
  const csv = ["pair_id,subset,score_a,score_b,label,prompt_id", ...records.map((r) => `${r.pair_id},${r.subset},${r.score_a},${r.score_b},${r.label},${r.prompt_id}`)].join("\n") + "\n";
  for (const name of ["pairs.csv", "rb.csv", "calibration.csv"]) writeFileSync(join(fixtures, name), csv);
  writeFileSync(join(fixtures, "deployment.csv"), csv.split("\n").map((line, i) => (i === 0 || line === "" ? line : line.replace(/,(-?[\d.]+),(-?[\d.]+),/, (_, a, b) => `,${Number(a) * 1.5},${b},`))).join("\n"));
  writeFileSync(join(fixtures, "pairs.jsonl"), records.map((r) => JSON.stringify(r)).join("\n") + "\n");
  writeFileSync(join(fixtures, "responses.jsonl"), records.map((r) => JSON.stringify({ prompt_id: r.prompt_id, reward: r.score_a })).join("\n") + "\n");
  copyFileSync(join(repoRoot, "examples/data/llmbar_rating_pairs.csv"), join(fixtures, "llmbar.csv"));
  // Parquet: the pyarrow-written fixtures of test/data/parquet, as a split's shards and as one file.
  mkdirSync(join(fixtures, "data"));
  for (let k = 0; k < 3; k++) copyFileSync(join(repoRoot, `test/data/parquet/train-0000${k}-of-00003.parquet`), join(fixtures, `data/train-0000${k}-of-00004.parquet`));
  copyFileSync(join(repoRoot, "test/data/parquet/flat-zstd.parquet"), join(fixtures, "data/train-00003-of-00004.parquet"));
  copyFileSync(join(repoRoot, "test/data/parquet/flat-zstd.parquet"), join(fixtures, "train.parquet"));
  // K-wise: the pyarrow-written best-of-4 fixture (a list<double> scores column and a best index).
  copyFileSync(join(repoRoot, "test/data/parquet/best-of-4.parquet"), join(fixtures, "best-of-4.parquet"));
  // Sharded data: a shard to map, and parts/ holding two shards' partials to reduce (the shell expands parts/*.json).
  writeFileSync(join(fixtures, "shard-07.jsonl"), records.slice(0, 150).map((r) => JSON.stringify(r)).join("\n") + "\n");
  writeFileSync(join(fixtures, "shard-08.jsonl"), records.slice(150).map((r) => JSON.stringify(r)).join("\n") + "\n");
  mkdirSync(join(fixtures, "parts"));
  for (const shard of ["07", "08"]) {
    const part = rmcal(["assess", `shard-${shard}.jsonl`, "--partial", `parts/${shard}.json`], fixtures);
    if (part.status !== 0) throw new Error(part.stderr);
  }
  const made = rmcal(["fit", "pairs.csv", "--method", "temperature", "--metrics", "nll", "--resamples", "100", "--out", "calibrator.json"], fixtures);
  if (made.status !== 0) throw new Error(made.stderr);
  return fixtures;
}

describe("the README's CLI synopsis", () => {
  const commands = synopsis();

  it("is found (every command of the CLI appears in it)", () => {
    expect(new Set(commands.map((c) => c[0]))).toEqual(new Set(["assess", "fit", "apply", "report", "diagnose", "export", "merge"]));
  });

  let fixtures: string;
  commands.forEach((args, i) => {
    it(`rmcal ${args.join(" ")}`, () => {
      fixtures ??= synopsisFiles();
      // A folder of its own, without the output file the command writes (the synopsis's commands are alternatives).
      const own = join(dir, `synopsis-${i}`);
      cpSync(fixtures, own, { recursive: true });
      for (const flag of ["--out", "--partial"]) {
        const at = args.indexOf(flag);
        if (at >= 0) rmSync(join(own, args[at + 1]), { force: true });
      }
      // parts/*.json as the shell expands it.
      const expanded = args.flatMap((arg) => (arg === "parts/*.json" ? readdirSync(join(own, "parts")).sort().map((f) => `parts/${f}`) : [arg]));
      const r = rmcal(expanded, own);
      expect(r.status, r.stderr).toBe(0);
    }, 60_000);
  });
});
