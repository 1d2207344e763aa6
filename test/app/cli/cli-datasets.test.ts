// rmcal reads a dataset wherever it lives (docs/DESIGN.md §12): Parquet files written by pyarrow, stdin (plain,
// gzip, Parquet), several files, a folder and a quoted glob of shards. Each is checked against the same rows in one
// JSONL file: the printed output must be the same bytes. Fixtures: test/data/parquet/, written by
//   /tmp/venv/bin/python scripts/make-parquet-fixtures.py   (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyarrow)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, rmcal, tempFolder } from "../../helpers/cli";
import { repoRoot } from "../../helpers/repo-root";

const DATA = join(repoRoot, "test/data/parquet");
let tmp: { dir: string; cleanup: () => void };

/** A shell pipeline ending in `rmcal ARGS`, as users type it. */
function piped(producer: string, args: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("sh", ["-c", `${producer} | "${process.execPath}" "${BIN}" ${args}`], { cwd: DATA, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = tempFolder();
  // flat.jsonl in 3 shards of 100 lines, named as Hugging Face names a split's shards.
  const lines = readFileSync(join(DATA, "flat.jsonl"), "utf8").split(/(?<=\n)/);
  mkdirSync(join(tmp.dir, "shards"));
  for (let i = 0; i < 3; i++) writeFileSync(join(tmp.dir, "shards", `train-0000${i}-of-00003.jsonl`), lines.slice(i * 100, i * 100 + 100).join(""));
  writeFileSync(join(tmp.dir, "flat.jsonl.gz"), gzipSync(readFileSync(join(DATA, "flat.jsonl"))));
  copyFileSync(join(DATA, "flat.jsonl"), join(tmp.dir, "shards", ".hidden.jsonl"));
});
afterAll(() => tmp.cleanup());

describe("rmcal assess on Parquet", () => {
  const expected = () => rmcal(["assess", "flat.jsonl", "--json", "--weight", "weight", "--group", "subset"], DATA);

  for (const codec of ["snappy", "zstd", "gzip"]) {
    it(`flat-${codec}.parquet prints the bytes flat.jsonl prints (--json, --weight, --group)`, () => {
      const want = expected();
      expect(want.status).toBe(0);
      const got = rmcal(["assess", `flat-${codec}.parquet`, "--json", "--weight", "weight", "--group", "subset"], DATA);
      expect(got.stderr).toBe(`rmcal: read 300 pairs from flat-${codec}.parquet (fields: score-a=score_a, score-b=score_b, label=label, weight=weight, 3 groups by subset)\n`);
      expect(got.stdout).toBe(want.stdout);
    });
  }

  it("nested.parquet (list<double> columns) prints the table nested.jsonl prints, with --where", () => {
    const args = ["--where", "subset=safety", "--bins", "10"];
    const want = rmcal(["assess", "nested.jsonl", ...args], DATA);
    expect(want.status).toBe(0);
    expect(rmcal(["assess", "nested.parquet", ...args], DATA).stdout).toBe(want.stdout);
  });
});

describe("rmcal assess - and several files", () => {
  it("`cat flat.jsonl | rmcal assess -` matches the file, with and without --format, and gzip is sniffed", () => {
    const want = rmcal(["assess", "flat.jsonl", "--json"], DATA).stdout;
    expect(piped("cat flat.jsonl", "assess - --json").stdout).toBe(want);
    expect(piped("cat flat.jsonl", "assess - --json --format jsonl").stdout).toBe(want);
    const gz = piped(`cat "${join(tmp.dir, "flat.jsonl.gz")}"`, "assess - --format jsonl --json");
    expect(gz.stderr).toBe("rmcal: read 300 pairs from stdin (fields: score-a=score_a, score-b=score_b, label=label)\n");
    expect(gz.stdout).toBe(want);
    expect(piped("cat flat-zstd.parquet", "assess - --json").stdout).toBe(want);
  });

  it("stdin as CSV is sniffed from its first line", () => {
    const csv = "margin,label\n1.5,1\n-0.25,0\n0.75,1\n";
    writeFileSync(join(tmp.dir, "m.csv"), csv);
    expect(piped(`printf '${csv.replaceAll("\n", "\\n")}'`, "assess - --json").stdout).toBe(rmcal(["assess", join(tmp.dir, "m.csv"), "--json"]).stdout);
  });

  it("a glob of 3 shards, the shards listed, and their folder each match the single file", () => {
    const want = rmcal(["assess", join(DATA, "flat.jsonl"), "--json"]).stdout;
    const glob = rmcal(["assess", "shards/train-*.jsonl", "--json"], tmp.dir);
    expect(glob.stderr).toBe("rmcal: read 300 pairs from 3 files (shards/train-00000-of-00003.jsonl … shards/train-00002-of-00003.jsonl) (fields: score-a=score_a, score-b=score_b, label=label)\n");
    expect(glob.stdout).toBe(want);
    const listed = ["shards/train-00000-of-00003.jsonl", "shards/train-00001-of-00003.jsonl", "shards/train-00002-of-00003.jsonl"];
    expect(rmcal(["assess", ...listed, "--json"], tmp.dir).stdout).toBe(want);
    expect(rmcal(["assess", "shards", "--json"], tmp.dir).stdout).toBe(want);
    expect(rmcal(["assess", "train-0000[0-2]-of-00003.parquet", "--json"], DATA).stdout).toBe(want);
  });

  it("a bad row in the second shard is named by that shard's file and line", () => {
    const dir = join(tmp.dir, "bad-shards");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.jsonl"), '{"margin": 1, "label": 1}\n');
    writeFileSync(join(dir, "b.jsonl"), '{"margin": 1, "label": 1}\n{"margin": 2, "label": 3}\n');
    const r = rmcal(["assess", join(dir, "*.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`rmcal: ${join(dir, "b.jsonl")}, line 2, field "label": is 3; labels must lie in [0, 1] (1: first preferred, 0: second, 0.5: tie; recode with --label-map, e.g. 1=1,2=0)\n`);
    const skipped = rmcal(["assess", join(dir, "*.jsonl"), "--skip-invalid"]);
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toMatch(/skipped 1 invalid row \(line 2\)/);
    writeFileSync(join(dir, "a.jsonl"), '{"margin": 1, "label": 1}\n{"margin": "x", "label": 1}\n');
    const both = rmcal(["assess", join(dir, "*.jsonl"), "--skip-invalid"]);
    expect(both.stderr).toContain(`skipped 2 invalid rows (lines ${join(dir, "a.jsonl")}:2, ${join(dir, "b.jsonl")}:2)`);
  });
});

describe("rmcal apply on Parquet", () => {
  it("writes JSONL or CSV, as --out's extension says, with the probabilities apply gives the JSONL twin", () => {
    const cal = join(tmp.dir, "cal.json");
    expect(rmcal(["fit", join(DATA, "flat.jsonl"), "--method", "temperature", "--out", cal]).status).toBe(0);
    const probs = (text: string) => text.trim().split("\n").map((line) => JSON.parse(line).calibrated_prob as number);
    const want = probs(rmcal(["apply", cal, join(DATA, "flat.jsonl")]).stdout);
    const toStdout = rmcal(["apply", cal, join(DATA, "flat-zstd.parquet")]);
    expect(toStdout.status).toBe(0);
    expect(probs(toStdout.stdout)).toEqual(want);
    expect(JSON.parse(toStdout.stdout.split("\n")[0])).toMatchObject({ id: 0, subset: "chat", score_a: -3.015351893267773 });
    const csv = join(tmp.dir, "applied.csv");
    expect(rmcal(["apply", cal, join(DATA, "flat-zstd.parquet"), "--out", csv]).status).toBe(0);
    const rows = readFileSync(csv, "utf8").trim().split("\n");
    expect(rows[0]).toBe("id,subset,score_a,score_b,label,weight,calibrated_prob");
    expect(rows.slice(1).map((row) => Number(row.split(",").at(-1)))).toEqual(want);
    const refused = rmcal(["apply", cal, join(DATA, "flat-zstd.parquet"), "--out", join(tmp.dir, "x.parquet")]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/apply writes JSONL, CSV or TSV/);
  });
});
