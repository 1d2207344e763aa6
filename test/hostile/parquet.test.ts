// Damaged and mistyped Parquet files through the real CLI: each fails with exit 2 and one line naming the file, and
// the column (and row) when one is at fault; no output is written. Fixtures: test/data/parquet/, written by
//   /tmp/venv/bin/python scripts/make-parquet-fixtures.py   (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyarrow)
// The damaged files are cut or flipped from those at test time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmcal, tempFolder } from "../helpers/cli";
import { repoRoot } from "../helpers/repo-root";

const DATA = join(repoRoot, "test/data/parquet");
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => (tmp = tempFolder()));
afterAll(() => tmp.cleanup());

const fails = (args: string[]) => {
  const r = rmcal(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  return r.stderr;
};

describe("hostile Parquet input", () => {
  it("a file cut short (footer lost) is named, with the likely cause", () => {
    const cut = join(tmp.dir, "cut.parquet");
    writeFileSync(cut, readFileSync(join(DATA, "flat-zstd.parquet")).subarray(0, 5000));
    expect(fails(["assess", cut])).toBe(`rmcal: ${cut}: is not a readable Parquet file (parquet file invalid (footer != PAR1)); was it cut short while copying?\n`);
  });

  it("a file shorter than Parquet's frame, and a JSONL file named .parquet, are named", () => {
    const tiny = join(tmp.dir, "tiny.parquet");
    writeFileSync(tiny, "PAR1");
    expect(fails(["assess", tiny])).toMatch(new RegExp(`^rmcal: ${tiny}: is not a Parquet file: 4 bytes`));
    const text = join(tmp.dir, "text.parquet");
    writeFileSync(text, readFileSync(join(DATA, "flat.jsonl")));
    expect(fails(["assess", text])).toMatch(new RegExp(`^rmcal: ${text}: is not a readable Parquet file`));
  });

  it("damaged pages name the file and the rows of the row group that cannot be decoded", () => {
    const bytes = Buffer.from(readFileSync(join(DATA, "flat-zstd.parquet")));
    for (let i = 200; i < 1200; i++) bytes[i] ^= 0x5a;
    const damaged = join(tmp.dir, "damaged.parquet");
    writeFileSync(damaged, bytes);
    expect(fails(["assess", damaged])).toMatch(new RegExp(`^rmcal: ${damaged}: holds Parquet data that cannot be decoded in rows 1 to 100 \\(.*\\); is the file damaged\\?\\n$`));
  });

  it("a missing column names the file, the column and the columns there are", () => {
    const file = join(DATA, "flat-snappy.parquet");
    expect(fails(["assess", file, "--weight", "w"])).toBe(`rmcal: ${file}, field "w": does not exist; the file's columns are "id", "subset", "score_a", "score_b", "label", "weight"\n`);
    expect(fails(["assess", file, "--group", "split"])).toMatch(/field "split": does not exist/);
  });

  it("a column of the wrong type names the file, row and column, and --skip-invalid leaves no row", () => {
    const file = join(DATA, "wrong-type.parquet");
    expect(fails(["assess", file])).toBe(`rmcal: ${file}, row 1, field "label": is "no"; it must be a number\n`);
    expect(fails(["assess", file, "--skip-invalid"])).toBe(`rmcal: ${file}: holds no valid pairs (20 invalid rows skipped)\n`);
  });

  it("a K-wise list column read as a score names it; the one-score lists of the same file are read", () => {
    const file = join(DATA, "nested.parquet");
    expect(fails(["assess", file, "--chosen", "scores", "--rejected", "scores_rejected"])).toBe(`rmcal: ${file}, row 1, field "scores": is an array of 4; it must be a number\n`);
  });

  it("a damaged shard among good ones is the one named, and apply writes no --out file", () => {
    const bad = join(tmp.dir, "shards");
    const cut = readFileSync(join(DATA, "train-00001-of-00003.parquet")).subarray(0, 900);
    ensureFolder(bad);
    writeFileSync(join(bad, "train-00000-of-00002.parquet"), readFileSync(join(DATA, "train-00000-of-00003.parquet")));
    writeFileSync(join(bad, "train-00001-of-00002.parquet"), cut);
    expect(fails(["assess", join(bad, "train-*.parquet")])).toMatch(new RegExp(`^rmcal: ${join(bad, "train-00001-of-00002.parquet")}: is not a readable Parquet file`));
    const cal = join(repoRoot, "test/data/calibrator-temperature-v1.json");
    const out = join(tmp.dir, "out.jsonl");
    expect(fails(["apply", cal, join(bad, "train-00001-of-00002.parquet"), "--out", out])).toMatch(/is not a readable Parquet file/);
    expect(existsSync(out)).toBe(false);
  });

  it("a glob that matches nothing, and a folder without data files, are named", () => {
    expect(fails(["assess", join(tmp.dir, "nothing-*.parquet")])).toBe(`rmcal: ${join(tmp.dir, "nothing-*.parquet")}: matches no file\n`);
    const empty = join(tmp.dir, "empty");
    ensureFolder(empty);
    expect(fails(["assess", empty])).toMatch(/is a folder with no data files/);
  });
});

function ensureFolder(path: string): void {
  if (!existsSync(path)) mkdirSync(path);
}
