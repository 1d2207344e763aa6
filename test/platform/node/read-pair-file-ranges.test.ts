// readPairFileRanges (docs/DESIGN.md §6.10): one JSONL, CSV or TSV file read as byte ranges on 2 and 3 worker
// threads gives readPairFiles's table of the file, bit for bit (groups, weights, --where, skipped rows and their
// lines), with the CSV header read once, cuts moved out of quoted fields, byte-order marks and CRLF lines; what
// it cannot read exactly (a stray quote, an error) it leaves to the one-thread read, whose error is reported.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPairFileRanges, readPairFiles, readPairFilesParallel, type PairTable, type ReadPairFileOptions } from "rmcal/node";
import { mulberry32 } from "../../helpers/prng";

const dir = mkdtempSync(join(tmpdir(), "rmcal-ranges-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row { score_a: number; score_b: number; label: number; weight: number; topic: string; split: string }

/** Scored pairs with a topic and a split; every 97th row, from the 5th, has an invalid label (7). */
function rows(n: number, seed: number): Row[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    score_a: Math.round((next() * 6 - 3) * 1e6) / 1e6, score_b: Math.round((next() * 6 - 3) * 1e6) / 1e6,
    label: i % 97 === 5 ? 7 : next() < 0.7 ? 1 : 0, weight: 1 + (i % 3), topic: `t${Math.floor(next() * 6)}`, split: i % 4 === 0 ? "test" : "train",
  }));
}

const COLUMNS = ["score_a", "score_b", "label", "weight", "topic", "split"] as const;
const jsonl = (data: readonly Row[]) => data.map((row) => JSON.stringify(row)).join("\n") + "\n";
const delimited = (data: readonly Row[], d: string, end = "\n") => [COLUMNS.join(d), ...data.map((row) => COLUMNS.map((c) => row[c]).join(d))].join(end) + end;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const bits = (table: PairTable): string => JSON.stringify(table, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
const options: ReadPairFileOptions = { fields: { weight: "weight" }, group: ["topic"], skipInvalid: true, where: [{ field: "split", value: "train" }] };

/** The one-thread table, and that the ranges on 2 and 3 threads are read (not left to it) and give its bits. */
async function expectRangesExact(path: string, read: ReadPairFileOptions = options): Promise<void> {
  const expected = bits(await readPairFiles([path], read));
  for (const threads of [2, 3]) {
    const ranged = await readPairFileRanges(path, threads, read);
    expect(ranged, `threads ${threads}: read as ranges`).not.toBeNull();
    expect(bits(ranged!), `threads ${threads}`).toBe(expected);
    expect(bits(await readPairFilesParallel([path], { ...read, threads })), `readPairFilesParallel threads ${threads}`).toBe(expected);
  }
  expect(bits(await readPairFilesParallel([path], { ...read, threads: 1 }))).toBe(expected);
}

describe("readPairFileRanges(path, threads, options)", () => {
  const data = rows(3000, 11);

  it("JSONL, CSV and TSV on 2 and 3 threads: readPairFiles's table, bit for bit (groups, weights, --where, skipped rows and lines)", async () => {
    await expectRangesExact(write("pairs.jsonl", jsonl(data)));
    await expectRangesExact(write("pairs.csv", delimited(data, ",")));
    await expectRangesExact(write("pairs.tsv", delimited(data, "\t")));
    // The plain read (no filter, no group): the byte scanners on every range.
    await expectRangesExact(write("plain.jsonl", jsonl(data.filter((row) => row.label !== 7))), {});
    await expectRangesExact(write("plain.csv", delimited(data.filter((row) => row.label !== 7), ",")), { marginsOnly: true });
  });

  it("numbers the skipped rows of every range by the file's lines (the CSV header counted once)", async () => {
    for (const [name, text] of [["lines.jsonl", jsonl(data)], ["lines.csv", delimited(data, ",")]] as const) {
      const table = await readPairFileRanges(write(name, text), 3, { skipInvalid: true });
      const header = name.endsWith(".csv") ? 1 : 0;
      expect(table!.skipped.count).toBe(data.filter((row) => row.label === 7).length);
      expect(table!.skipped.first.map((s) => s.line)).toEqual([5, 102, 199, 296, 393].map((i) => i + 1 + header));
    }
    // Past the first range: only the last example lies beyond the cut of a 2-thread read of 600 rows.
    const short = rows(600, 12);
    const expected = await readPairFiles([write("short.csv", delimited(short, ","))], { skipInvalid: true });
    const ranged = await readPairFileRanges(join(dir, "short.csv"), 2, { skipInvalid: true });
    expect(ranged!.skipped).toEqual(expected.skipped);
    expect(expected.skipped.first.at(-1)!.line).toBe(5 + 4 * 97 + 2);
  });

  it("reads a file with a byte-order mark, and CRLF lines, as one thread does", async () => {
    await expectRangesExact(write("bom.jsonl", "\ufeff" + jsonl(data)));
    await expectRangesExact(write("bom.csv", "\ufeff" + delimited(data, ",")));
    await expectRangesExact(write("crlf.csv", delimited(data, ",", "\r\n")));
    await expectRangesExact(write("crlf.tsv", "\ufeff" + delimited(data, "\t", "\r\n")));
  });

  it("moves a cut out of a quoted field that holds line feeds (and doubled quotes), in LF and CRLF files", async () => {
    for (const end of ["\n", "\r\n"]) {
      const note = `"${Array.from({ length: 4000 }, (_, i) => `line ${i} says ""hi""`).join(end)}"`;
      const lines = delimited(data, ",", end).split(end).slice(0, -1).map((line, i) => `${line},${i === 0 ? "note" : i === 1500 ? note : i % 7 === 0 ? '"a, b"' : "plain"}`);
      const text = lines.join(end) + end;
      // The middle of the file, where 2 threads would cut, lies inside the quoted field.
      const quoted = text.indexOf('"line 0');
      expect(quoted).toBeLessThan(text.length / 2);
      expect(quoted + note.length).toBeGreaterThan(text.length / 2);
      await expectRangesExact(write(`quoted${end.length}.csv`, text));
    }
  });

  it("a quoted line feed right at a cut: the cut moves to the row's end", async () => {
    const header = "score_a,score_b,label,text\n";
    const base = data.slice(0, 400).map((row, i) => `${Math.abs(row.score_a).toFixed(6)},${Math.abs(row.score_b).toFixed(6)},${i % 2},"x"`);
    // Row k's text becomes "\nx", for the k whose line feed is the first at or past the middle, where 2 threads cut.
    const withBreakAt = (k: number) => header + base.map((line, i) => (i === k ? line.replace('"x"', '"\nx"') : line)).join("\n") + "\n";
    const text = Array.from({ length: 400 }, (_, k) => withBreakAt(k)).find((t) => {
      const cut = t.indexOf("\n", Math.floor(t.length / 2));
      return t.slice(cut - 1, cut + 3) === '"\nx"';
    });
    expect(text).toBeDefined();
    await expectRangesExact(write("cut.csv", text!), {});
  });

  it("keeps the first row's field mapping in every range, where a later range's first row would find others", async () => {
    const lines = data.slice(0, 2000).map((row, i) => JSON.stringify(i < 1000 ? { chosen: row.score_a, rejected: row.score_b } : { chosen: row.score_a, rejected: row.score_b, margin: 1, label: 1 }));
    await expectRangesExact(write("mapping.jsonl", lines.join("\n") + "\n"), {});
  });

  it("leaves a file with a quote RFC 4180 would not place (inside an unquoted cell) to one thread: the same table", async () => {
    const lines = delimited(data, ",").split("\n");
    lines[3] = lines[3].replace("train", 'tr"ain');
    const path = write("stray.csv", lines.join("\n"));
    expect(await readPairFileRanges(path, 2, options)).toBeNull();
    expect(bits(await readPairFilesParallel([path], { ...options, threads: 2 }))).toBe(bits(await readPairFiles([path], options)));
  });

  it("reports an error just past a cut as one thread does: the same file and line", async () => {
    const good = data.map((row) => ({ ...row, label: row.label === 7 ? 1 : row.label }));
    for (const [name, text] of [["error.jsonl", jsonl(good)], ["error.csv", delimited(good, ",")]] as const) {
      // The row that starts just past where 2 threads cut: the first line feed at or after the middle.
      const start = text.indexOf("\n", Math.floor(text.length / 2)) + 1;
      const line = text.slice(0, start).split("\n").length;
      const bad = text.slice(0, start) + text.slice(start).replace(name.endsWith(".csv") ? /,(0|1),/ : /"label":(0|1)/, (m) => m.replace(/[01]/, "7"));
      const path = write(name, bad);
      const sequential = await readPairFiles([path]).catch((e: Error) => e.message);
      expect(sequential).toContain(`${path}, line ${line}, field "label"`);
      for (const threads of [2, 3]) await expect(readPairFilesParallel([path], { threads })).rejects.toThrow(sequential as string);
    }
  });

  it("is null for what does not split: a file of one line, a gzip name, Parquet, a blank CSV header", async () => {
    expect(await readPairFileRanges(write("one.jsonl", '{"chosen": 1, "rejected": 0}'), 2, {})).toBeNull();
    expect(await readPairFileRanges(write("blank.csv", "\n" + delimited(data, ",")), 2, {})).toBeNull();
    expect(await readPairFileRanges(join(dir, "x.jsonl.gz"), 2, {})).toBeNull();
    expect(await readPairFileRanges(join(dir, "x.parquet"), 2, {})).toBeNull();
  });
});
