// --threads as users run it (docs/DESIGN.md §6.10): a folder of shards read on 1, 2 and 3 threads prints what the
// one concatenated file prints, byte for byte, in assess, diagnose and report; one file read as byte ranges on 1, 2
// and 3 threads prints the same bytes on stdout and stderr (skipped lines included) and the same error; fit's
// comparison resamples on the threads with the same bytes, and so does its temperature fit past 2^20 pairs; a bad
// --threads is a usage error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { randomPairs, rmcal, tempFolder } from "../../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
afterAll(cleanup);

const ok = (args: string[]) => {
  const r = rmcal(args);
  expect(r.status, r.stderr).toBe(0);
  return r;
};

beforeAll(() => {
  const { a, b, label } = randomPairs(3000, 23);
  const lines = a.map((_, i) => JSON.stringify({ score_a: a[i], score_b: b[i], label: label[i], weight: 1 + (i % 3), topic: `t${i % 7 === 0 ? 0 : i % 5}` }));
  writeFileSync(file("all.jsonl"), lines.join("\n") + "\n");
  mkdirSync(file("shards"));
  const cuts = [0, 400, 1100, 1101, 2300, 3000];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const text = lines.slice(cuts[k], cuts[k + 1]).join("\n") + "\n";
    if (k % 2 === 0) writeFileSync(file(`shards/part-${k}.jsonl`), text);
    else writeFileSync(file(`shards/part-${k}.jsonl.gz`), gzipSync(text));
  }
});

describe("rmcal … --threads N over a folder of shards", () => {
  it("assess prints the concatenated file's bytes with threads 1, 2 and 3 (text and JSON, with groups)", () => {
    for (const extra of [["--json"], ["--group", "topic", "--json"], ["--bins", "9", "--weight", "weight"]]) {
      const expected = ok(["assess", file("all.jsonl"), ...extra]).stdout;
      for (const threads of ["1", "2", "3"]) expect(ok(["assess", file("shards"), "--threads", threads, ...extra]).stdout, `${extra} threads ${threads}`).toBe(expected);
    }
  });

  it("diagnose and report read the shards to the same bytes as the one file", () => {
    const expected = ok(["diagnose", file("all.jsonl"), "--group", "topic", "--resamples", "50", "--json"]).stdout;
    for (const threads of ["1", "3"]) expect(ok(["diagnose", file("shards"), "--group", "topic", "--resamples", "50", "--json", "--threads", threads]).stdout).toBe(expected);
    ok(["report", file("all.jsonl"), "--resamples", "50", "--out", file("one.html")]);
    ok(["report", file("shards"), "--resamples", "50", "--out", file("many.html"), "--threads", "2"]);
    // The report names its input (title, headings, captions): the one file or the folder; nothing else may differ.
    const body = (name: string, input: string) => readFileSync(file(name), "utf8").replaceAll(file(input), "INPUT").replaceAll(input, "INPUT");
    expect(body("many.html", "shards")).toBe(body("one.html", "all.jsonl"));
  });

  it("fit's before/after comparison resamples on the threads and prints the same bytes with threads 1, 2 and 3", () => {
    const run = (threads: string) => ok(["fit", file("shards"), "--method", "temperature", "--resamples", "200", "--json", "--out", file("t.json"), "--force", "--threads", threads]).stdout;
    const one = run("1");
    const calibrator = readFileSync(file("t.json"), "utf8");
    expect(run("2")).toBe(one);
    expect(run("3")).toBe(one);
    expect(readFileSync(file("t.json"), "utf8")).toBe(calibrator);
  });

  it("fit's temperature passes run on the threads past 2^20 training pairs, with the same bytes for threads 1, 2 and 3", () => {
    // 1.4·10^6 margins, 80% to train: the fit's full passes are two chunks of 2^20 pairs (DESIGN §6.10).
    let s = 7;
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const rows = ["margin,label"];
    for (let i = 0; i < 1_400_000; i++) {
      const d = Math.round((next() - 0.45) * 8000) / 1000;
      rows.push(`${d},${next() < 1 / (1 + Math.exp(-d / 1.8)) ? 1 : 0}`);
    }
    writeFileSync(file("big.csv"), rows.join("\n") + "\n");
    const run = (threads: string) => ok(["fit", file("big.csv"), "--resamples", "10", "--metrics", "nll", "--json", "--out", file("big.json"), "--force", "--threads", threads]).stdout;
    const one = run("1");
    const calibrator = readFileSync(file("big.json"), "utf8");
    expect(JSON.parse(calibrator).temperature).toBeCloseTo(1.8, 1);
    for (const threads of ["2", "3"]) {
      expect(run(threads), `threads ${threads}`).toBe(one);
      expect(readFileSync(file("big.json"), "utf8")).toBe(calibrator);
    }
  }, 120_000);

  it("refuses a --threads that is not an integer from 1 to 256 with exit 2 and the flag named", () => {
    for (const bad of ["0", "-2", "1.5", "257", "many"]) {
      const r = rmcal(["assess", file("shards"), "--threads", bad]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`rmcal: --threads is "${bad}"; it must be an integer from 1 to 256`);
    }
  });
});

describe("rmcal … --threads N over one large file (byte ranges)", () => {
  // An invalid label in every 900 rows: the skipped rows listed on stderr lie in every range.
  const { a, b, label } = randomPairs(4000, 29);
  const rows = a.map((_, i) => ({ score_a: a[i], score_b: b[i], label: i % 900 === 7 ? 7 : label[i], topic: `t${i % 6}`, split: i % 5 === 0 ? "test" : "train" }));
  const columns = ["score_a", "score_b", "label", "topic", "split"] as const;
  const texts: Record<string, string> = {
    "one.jsonl": rows.map((row) => JSON.stringify(row)).join("\n") + "\n",
    "one.csv": "\ufeff" + [columns.join(","), ...rows.map((row) => columns.map((c) => row[c]).join(","))].join("\r\n") + "\r\n",
    "one.tsv": [columns.join("\t"), ...rows.map((row) => columns.map((c) => row[c]).join("\t"))].join("\n") + "\n",
  };

  it("assess prints the same stdout and stderr (pairs, groups, skipped lines) with threads 1, 2 and 3, for JSONL, CSV and TSV", () => {
    for (const [name, text] of Object.entries(texts)) {
      writeFileSync(file(name), text);
      const args = ["assess", file(name), "--group", "topic", "--where", "split=train", "--skip-invalid", "--json"];
      const one = ok([...args, "--threads", "1"]);
      expect(one.stderr).toMatch(/skipped \d+ invalid rows \(lines \d+/);
      for (const threads of ["2", "3"]) {
        const many = ok([...args, "--threads", threads]);
        expect(many.stdout, `${name} threads ${threads}`).toBe(one.stdout);
        expect(many.stderr, `${name} threads ${threads}`).toBe(one.stderr);
      }
    }
  });

  it("an invalid row just past the cut of 2 threads is reported at its line, as with one thread", () => {
    const text = texts["one.jsonl"].replaceAll('"label":7', '"label":1');
    const cut = text.indexOf("\n", Math.floor(text.length / 2)) + 1;
    writeFileSync(file("bad.jsonl"), text.slice(0, cut) + text.slice(cut).replace(/"label":(0|1)/, '"label":2'));
    const line = text.slice(0, cut).split("\n").length;
    const one = rmcal(["assess", file("bad.jsonl"), "--threads", "1"]);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain(`bad.jsonl, line ${line}, field "label"`);
    for (const threads of ["2", "3"]) {
      const many = rmcal(["assess", file("bad.jsonl"), "--threads", threads]);
      expect([many.status, many.stdout, many.stderr]).toEqual([one.status, one.stdout, one.stderr]);
    }
  });
});
