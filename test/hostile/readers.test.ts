// Hostile input files (docs/DESIGN.md §2.6): a truncated or corrupt .gz, a line without end, a gzip bomb and a
// JSONL row that repeats a key. Each must end in an error naming the file and the line (and the field), exit 2,
// no stack trace, and no output but complete output; and reading stays linear, so none of them hangs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isRmcalError } from "rmcal";
import { jsonlRows, readPairFile } from "rmcal/node";
import { rmcalAsync, tempFolder, type CliResult } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
const MiB = 1024 ** 2;

/** n JSONL pair rows (margin, label). */
function pairLines(n: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) lines.push(JSON.stringify({ margin: ((i % 13) - 6) / 3, label: i % 3 === 0 ? 0 : 1 }));
  return lines.join("\n") + "\n";
}

/** An error the CLI printed: one line per message, never a stack trace or Node's internal error codes. */
function expectCleanFailure(r: CliResult): void {
  expect(r.status).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at |ERR_STREAM|node:internal/);
  expect(r.stdout).toBe("");
}

let gz: Buffer;
beforeAll(() => {
  gz = gzipSync(pairLines(20_000));
  writeFileSync(file("pairs.jsonl.gz"), gz);
  writeFileSync(file("truncated.jsonl.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
  // A wrong CRC-32 in the trailer: every row decompresses, and only zlib's check at the end sees the damage.
  const corrupt = Buffer.from(gz);
  corrupt[gz.length - 6] ^= 0xff;
  writeFileSync(file("corrupt.jsonl.gz"), corrupt);
  writeFileSync(file("plain-text.jsonl.gz"), pairLines(100));
  // A gzip bomb: 1 GiB of zeros, as 64 gzip members of 16 MiB each (a valid multi-member gzip file of ~1 MB).
  const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  writeFileSync(file("bomb.jsonl.gz"), Buffer.concat(Array.from({ length: 64 }, () => member)));
  // Lines longer than the 64 MiB limit, with no line break, after a valid first line / header.
  const long = "1".repeat(65 * MiB);
  writeFileSync(file("long.jsonl"), pairLines(2) + long);
  writeFileSync(file("long.csv"), "margin,label\n1,1\n" + long);
  writeFileSync(file("long-quoted.csv"), `margin,label\n1,1\n"${"a\n".repeat(33 * MiB)}",1\n`);
  const rows = pairLines(5).split("\n");
  rows[2] = '{"margin": 1.5, "label": 1, "label": 0}';
  writeFileSync(file("duplicate.jsonl"), rows.join("\n"));
  rows[2] = '{"margin": 1.5, "label": 1, "\\u006cabel": 0}';
  writeFileSync(file("duplicate-escaped.jsonl"), rows.join("\n"));
  rows[2] = '{"margin": 1.5, "label": 1, "meta": {"label": 0}, "note": "\\"label\\": 0", "field": "label"}';
  writeFileSync(file("nested.jsonl"), rows.join("\n"));
  rows[2] = '{"margin": 1.5, "margin": 2, "label": 1}';
  writeFileSync(file("duplicate-margin.jsonl"), rows.join("\n"));
});
afterAll(cleanup);

describe("truncated and corrupt gzip", () => {
  it("assess on a truncated .gz: exit 2, the file, the line reached and 'truncated gzip stream'", async () => {
    const r = await rmcalAsync(["assess", file("truncated.jsonl.gz")]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(new RegExp(`${file("truncated.jsonl.gz").replace(/[.\\]/g, "\\$&")}, line \\d+: truncated gzip stream`));
  });

  it("apply --out on a truncated .gz: exit 2, no unhandled ERR_STREAM_DESTROYED, and no output file", async () => {
    const fit = await rmcalAsync(["fit", file("pairs.jsonl.gz"), "--metrics", "nll", "--resamples", "20", "--out", file("calibrator.json"), "--force"]);
    expect(fit.status).toBe(0);
    const out = file("applied.jsonl");
    const r = await rmcalAsync(["apply", file("calibrator.json"), file("truncated.jsonl.gz"), "--out", out]);
    expectCleanFailure(r);
    expect(r.stderr).toMatch(/, line \d+: truncated gzip stream/);
    expect(existsSync(out)).toBe(false);
  });

  it("a corrupt .gz and a plain file named .gz: exit 2, 'corrupt gzip stream'", async () => {
    for (const name of ["corrupt.jsonl.gz", "plain-text.jsonl.gz"]) {
      const r = await rmcalAsync(["assess", file(name)]);
      expectCleanFailure(r);
      expect(r.stderr).toMatch(new RegExp(`${name.replace(/\./g, "\\.")}, line \\d+: corrupt gzip stream`));
    }
  });

  it("readPairFile rejects a truncated .gz with an InputError (code input-file, file, line)", async () => {
    const error = await readPairFile(file("truncated.jsonl.gz")).then(() => null, (e: unknown) => e);
    expect(isRmcalError(error) && error.code).toBe("input-file");
    expect(error).toMatchObject({ file: file("truncated.jsonl.gz"), field: null });
    expect((error as { line: number }).line).toBeGreaterThan(1);
  });
});

describe("lines without end: linear time and a 64 MiB limit", () => {
  it("a 65 MiB JSONL line without a newline: exit 2 naming line 3, in seconds", async () => {
    const start = Date.now();
    const r = await rmcalAsync(["assess", file("long.jsonl")]);
    expectCleanFailure(r);
    expect(r.stderr).toContain(`${file("long.jsonl")}, line 3: is longer than 64 MiB`);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it("a 65 MiB CSV row, and a quoted CSV field of 66 MiB over millions of lines: exit 2 naming where the row starts", async () => {
    for (const name of ["long.csv", "long-quoted.csv"]) {
      const start = Date.now();
      const r = await rmcalAsync(["assess", file(name)]);
      expectCleanFailure(r);
      expect(r.stderr).toContain(`${file(name)}, line 3: is longer than 64 MiB`);
      expect(Date.now() - start).toBeLessThan(20_000);
    }
  });

  it("a gzip bomb (1 GiB of zeros in 1 MB) fails fast on the line limit instead of hanging", async () => {
    const start = Date.now();
    const r = await rmcalAsync(["assess", file("bomb.jsonl.gz")]);
    expectCleanFailure(r);
    expect(r.stderr).toContain(`${file("bomb.jsonl.gz")}, line 1: is longer than 64 MiB`);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it("jsonlRows: a 48 MiB line in 64 KiB chunks costs about one pass (it was quadratic: a minute)", async () => {
    const piece = "x".repeat(64 * 1024);
    const chunks = (function* () {
      yield '{"margin": 1, "label": 1, "note": "';
      for (let i = 0; i < 768; i++) yield piece;
      yield '"}\n';
    })();
    const start = Date.now();
    const rows = [];
    for await (const batch of jsonlRows(chunks)) rows.push(...batch.rows);
    expect(rows).toHaveLength(1);
    expect(rows[0].values).toMatchObject({ margin: 1, label: 1 });
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});

describe("JSONL rows that repeat a key rmcal reads", () => {
  it("assess refuses the row, naming the file, the line and the key; exit 2", async () => {
    const r = await rmcalAsync(["assess", file("duplicate.jsonl")]);
    expectCleanFailure(r);
    expect(r.stderr).toContain(`${file("duplicate.jsonl")}, line 3, field "label": appears 2 times in this row`);
  });

  it("a key spelled with \\u escapes is the same key", async () => {
    const r = await rmcalAsync(["assess", file("duplicate-escaped.jsonl")]);
    expectCleanFailure(r);
    expect(r.stderr).toContain(`${file("duplicate-escaped.jsonl")}, line 3, field "label": appears 2 times`);
  });

  it("the name in a nested object, in a string or as a value is no repeat", async () => {
    const r = await rmcalAsync(["assess", file("nested.jsonl"), "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).n).toBe(5);
  });

  it("--skip-invalid skips the row and says so", async () => {
    const r = await rmcalAsync(["assess", file("duplicate.jsonl"), "--skip-invalid", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).n).toBe(4);
    expect(r.stderr).toContain("skipped 1 invalid row (line 3)");
  });

  it("apply refuses a repeated field it reads, and writes no output file", async () => {
    const fit = await rmcalAsync(["fit", file("pairs.jsonl.gz"), "--metrics", "nll", "--resamples", "20", "--out", file("calibrator-2.json")]);
    expect(fit.status).toBe(0);
    const out = file("applied-duplicate.jsonl");
    const r = await rmcalAsync(["apply", file("calibrator-2.json"), file("duplicate-margin.jsonl"), "--out", out]);
    expectCleanFailure(r);
    expect(r.stderr).toContain(`${file("duplicate-margin.jsonl")}, line 3, field "margin": appears 2 times`);
    expect(existsSync(out)).toBe(false);
  });
});
