// `rmcal assess|fit|report FILE` with no field flag on a K-wise file (docs/DESIGN.md §12.3): the CLI detects the
// choice fields as the web page does, from JSONL, Parquet, stdin and a glob of shards, and prints what the explicit
// flags print; a file with neither pair nor choice fields is refused, naming what was looked for of both.
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { BIN, rmcal, tempFolder } from "../../helpers/cli";
import { repoRoot as repo } from "../../helpers/repo-root";

const { dir, cleanup } = tempFolder();
afterAll(cleanup);

const fixture = (name: string) => join(repo, "test/data/parquet", name);
const FLAGS = ["--scores", "scores", "--best", "best"];
const QUICK = ["--resamples", "50", "--seed", "3"];

/** rmcal reading `input` on stdin. */
function rmcalStdin(args: string[], input: Buffer | string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("rmcal assess on a K-wise file without --scores/--prompt", () => {
  const explicit = rmcal(["assess", fixture("best-of-4.jsonl"), ...FLAGS, "--json", ...QUICK]);

  it("JSONL and Parquet: the same output as with the flags, and stderr names the fields used", () => {
    expect(explicit.status, explicit.stderr).toBe(0);
    for (const name of ["best-of-4.jsonl", "best-of-4.parquet"]) {
      const r = rmcal(["assess", fixture(name), "--json", ...QUICK]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(explicit.stdout);
      expect(r.stderr).toContain("read 200 prompts with 800 responses (K = 4, best-of-N)");
      expect(r.stderr).toContain("(fields: scores=scores, best=best)");
    }
  });

  it("stdin (text, gzip and Parquet bytes): what was looked at is read again, so the output is the file's", () => {
    const jsonl = readFileSync(fixture("best-of-4.jsonl"));
    for (const input of [jsonl, gzipSync(jsonl), readFileSync(fixture("best-of-4.parquet"))]) {
      const r = rmcalStdin(["assess", "-", "--json", ...QUICK], input);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(explicit.stdout);
      expect(r.stderr).toContain("from stdin (fields: scores=scores, best=best)");
    }
  });

  it("a glob of shards and the long form (prompt_id, score, best) give the same numbers", () => {
    const lines = readFileSync(fixture("best-of-4.jsonl"), "utf8").trim().split("\n");
    writeFileSync(join(dir, "shard-0.jsonl"), lines.slice(0, 70).join("\n") + "\n");
    writeFileSync(join(dir, "shard-1.jsonl"), lines.slice(70).join("\n") + "\n");
    const glob = rmcal(["assess", join(dir, "shard-*.jsonl"), "--json", ...QUICK]);
    expect(glob.status, glob.stderr).toBe(0);
    expect(glob.stdout).toBe(explicit.stdout);
    const long = lines.flatMap((line) => {
      const row = JSON.parse(line) as { prompt_id: string; scores: number[]; best: number };
      return row.scores.map((score, j) => JSON.stringify({ prompt_id: row.prompt_id, score, best: j === row.best ? 1 : 0 }));
    });
    writeFileSync(join(dir, "long.jsonl"), long.join("\n") + "\n");
    const r = rmcal(["assess", join(dir, "long.jsonl"), "--json", ...QUICK]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(explicit.stdout);
    expect(r.stderr).toContain("(fields: prompt=prompt_id, score=score, best=best)");
  });

  it("pairs stay pairs: pair fields are detected first, and stdin pairs read as before", () => {
    const file = rmcal(["assess", fixture("flat.jsonl"), "--json"]);
    const piped = rmcalStdin(["assess", "-", "--json"], readFileSync(fixture("flat.jsonl")));
    expect(file.status, file.stderr).toBe(0);
    expect(piped.stdout).toBe(file.stdout);
    expect(piped.stderr).toContain("pairs from stdin");
  });

  it("a file with neither pair nor choice fields: exit 2, naming the file and the fields looked for of both", () => {
    writeFileSync(join(dir, "neither.jsonl"), `{"x":1,"y":2}\n`);
    for (const r of [rmcal(["assess", join(dir, "neither.jsonl")]), rmcalStdin(["assess", "-"], `{"x":1,"y":2}\n`)]) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/(neither\.jsonl|stdin): could not detect the score fields among \[x, y\]/);
      expect(r.stderr).toContain("chosen/rejected");
      expect(r.stderr).toContain("K-wise choices (scores/best, scores/ranking, prompt_id/score/best, prompt_id/score/rank)");
    }
  });
});

describe("rmcal fit and report on a K-wise file without flags", () => {
  it("fit writes the calibrator the flags write", () => {
    const a = rmcal(["fit", fixture("best-of-4.parquet"), "--out", join(dir, "detected.json"), "--json", "--resamples", "50"]);
    const b = rmcal(["fit", fixture("best-of-4.parquet"), ...FLAGS, "--out", join(dir, "flags.json"), "--json", "--resamples", "50"]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(join(dir, "detected.json"), "utf8")).toBe(readFileSync(join(dir, "flags.json"), "utf8"));
    // The same --json, but for the --out path each names.
    expect(a.stdout.replace("detected.json", "X")).toBe(b.stdout.replace("flags.json", "X"));
  });

  it("report writes the best-of-N section", () => {
    const out = join(dir, "report.html");
    const r = rmcal(["report", fixture("best-of-4.jsonl"), "--out", out, "--resamples", "50"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("best-of-N temperature");
    expect(readFileSync(out, "utf8")).toContain("scores=scores, best=best");
  });
});

describe("flags for pairs on a detected K-wise file are refused, not ignored", () => {
  it.each([
    [["assess", "--partial", "p.json"], "--partial and --sketch-bins write the sums of pairs"],
    [["fit", "--group", "subset", "--out", "x.json"], "--group applies to pairs"],
    [["fit", "--reward-clip", "2", "--out", "x.json"], "--reward-clip applies to pairs"],
    [["report", "--deployment", "d.jsonl", "--out", "r.html"], "--deployment applies to pairs"],
    [["report", "--covariate-a", "a", "--covariate-b", "b", "--out", "r.html"], "--covariate-a applies to pairs"],
  ])("rmcal %j", (args, message) => {
    const r = rmcal([args[0], fixture("best-of-4.jsonl"), ...args.slice(1).map((a) => (a.includes(".") ? join(dir, a) : a))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});

