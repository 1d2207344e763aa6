// readPairFilesParallel (docs/DESIGN.md §6.10): shards read on 1, 2 and 3 worker threads give readPairFiles's table
// of the same files in order, bit for bit, and the columns of the one concatenated file; every error is the one a
// file-by-file read reports.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPairFiles, readPairFilesParallel, type PairTable } from "rmcal/node";
import { mulberry32 } from "../../helpers/prng";

const dir = mkdtempSync(join(tmpdir(), "rmcal-parallel-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** JSONL rows of scored pairs with a topic, a weight and, every 97th row, an invalid label. */
function rows(n: number, seed: number, bad = false): string[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const a = Math.round((next() * 6 - 3) * 1e6) / 1e6, b = Math.round((next() * 6 - 3) * 1e6) / 1e6;
    const label = bad && i % 97 === 5 ? 7 : next() < 0.7 ? 1 : 0;
    return JSON.stringify({ score_a: a, score_b: b, label, weight: 1 + (i % 3), topic: `t${Math.floor(next() * (3 + seed % 5))}`, split: i % 4 === 0 ? "test" : "train" });
  });
}

function write(name: string, lines: readonly string[], gzip = false): string {
  const path = join(dir, name);
  const text = lines.join("\n") + "\n";
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

const bits = (table: PairTable): string => JSON.stringify(table, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

describe("readPairFilesParallel(paths, { threads })", () => {
  const parts = [rows(700, 1, true), rows(300, 2, true), rows(1, 3), rows(900, 4, true), rows(450, 5, true)];
  const paths = parts.map((lines, k) => write(`part-${k}.jsonl${k % 2 === 1 ? ".gz" : ""}`, lines, k % 2 === 1));
  const whole = write("whole.jsonl", parts.flat());
  const options = { fields: { weight: "weight" }, group: ["topic"], skipInvalid: true, where: [{ field: "split", value: "train" }] };

  it("threads 1, 2 and 3 give readPairFiles's table of the shards in order, bit for bit (groups, weights, skipped rows, filter)", async () => {
    const expected = bits(await readPairFiles(paths, options));
    for (const threads of [1, 2, 3]) expect(bits(await readPairFilesParallel(paths, { ...options, threads })), `threads ${threads}`).toBe(expected);
  });

  it("gives the columns and group codes of the one concatenated file", async () => {
    const one = await readPairFiles([whole], options);
    const many = await readPairFilesParallel(paths, { ...options, threads: 3 });
    for (const key of ["scoreA", "scoreB", "label", "weight", "groupCodes"] as const) expect(Array.from(many[key]!), key).toEqual(Array.from(one[key]!));
    expect(many.groupNames).toEqual(one.groupNames);
    expect([many.n, many.filtered, many.skipped.count]).toEqual([one.n, one.filtered, one.skipped.count]);
  });

  it("reports the error a file-by-file read reports: the first bad row of the first file that has one", async () => {
    const sequential = await readPairFiles(paths, { group: ["topic"] }).catch((e: Error) => e.message);
    expect(sequential).toMatch(/part-0\.jsonl, line 6, field "label"/);
    for (const threads of [2, 3]) await expect(readPairFilesParallel(paths, { group: ["topic"], threads })).rejects.toThrow(sequential as string);
  });

  it("keeps the first file's fields when a later file would detect others, as readPairFiles does", async () => {
    const other = write("other.jsonl", rows(20, 6).map((line) => JSON.stringify({ ...JSON.parse(line), margin: 1 })));
    const list = [write("clean.jsonl", rows(50, 7)), other];
    expect(bits(await readPairFilesParallel(list, { threads: 2 }))).toBe(bits(await readPairFiles(list)));
  });

  it("reads an empty later file as readPairFiles does (no rows from it)", async () => {
    const empty = write("empty.jsonl", []);
    const list = [paths[2], empty, paths[4]];
    expect(bits(await readPairFilesParallel(list, { threads: 2, skipInvalid: true }))).toBe(bits(await readPairFiles(list, { skipInvalid: true })));
  });
});
