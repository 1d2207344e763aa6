// rmcal apply loses nothing and writes nothing wrong: every row is calibrated, or the run exits 2 naming file, line
// and field and leaves no --out file; --skip-invalid is the only way a row leaves without the new field, and it is
// then written unchanged and counted. Passed-through bytes are the input's, byte for byte; rewards are finite numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { init, loadCalibrator } from "rmcal";
import { BIN, rmcalAsync, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
const TEMPERATURE = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 };
const WITH_NORM = { ...TEMPERATURE, rewardNormalization: { mean: 0.25, std: 0.5, clip: null } };

beforeAll(async () => {
  await init();
  writeFileSync(file("cal.json"), JSON.stringify(TEMPERATURE));
  writeFileSync(file("norm.json"), JSON.stringify(WITH_NORM));
});
afterAll(cleanup);

/** Runs apply with --out OUT (a fresh name), returning the result and whether OUT exists afterwards. */
async function applyTo(out: string, args: string[]) {
  const r = await rmcalAsync(["apply", ...args, "--out", file(out)]);
  return { ...r, written: existsSync(file(out)) };
}

/** No --out file and no temporary left in the folder. */
function noOutput(out: string): void {
  expect(existsSync(file(out))).toBe(false);
  expect(readdirSync(dir).filter((name) => name === out || name.startsWith(`.${out}.`))).toEqual([]);
}

const margin = (chosen: number, rejected: number) => loadCalibrator(TEMPERATURE).predict([chosen - rejected])[0];

describe("every row is calibrated, or exit 2 naming file, line and field, and no output", () => {
  it("a CSV read with --format jsonl is refused at line 1 (it used to pass through with exit 0)", async () => {
    writeFileSync(file("pairs.csv"), "chosen,rejected\n1,0\n2,1\n");
    const r = await applyTo("csv-as-jsonl.jsonl", [file("cal.json"), file("pairs.csv"), "--format", "jsonl"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`rmcal: ${file("pairs.csv")}, line 1: not valid JSON (Unexpected token 'c', "chosen,rejected" is not valid JSON)\n`);
    noOutput("csv-as-jsonl.jsonl");
  });

  it("a bad first row, a bad row deep in a large file (many batches), and a missing field each stop the run", async () => {
    writeFileSync(file("bad-first.jsonl"), '{"chosen":1,"rejected":\n{"chosen":1,"rejected":0}\n');
    const rows = Array.from({ length: 30000 }, (_, i) => JSON.stringify({ id: i, chosen: i % 7, rejected: 1 }));
    rows[25000] = '{"id":25000,"chosen":"high","rejected":1}';
    writeFileSync(file("bad-deep.jsonl"), rows.join("\n") + "\n");
    writeFileSync(file("missing.csv"), "chosen,rejected,note\n1,0,a\n2,,b\n");
    const [first, deep, missing] = await Promise.all([
      applyTo("out-first.jsonl", [file("cal.json"), file("bad-first.jsonl")]),
      applyTo("deep.jsonl", [file("cal.json"), file("bad-deep.jsonl")]),
      applyTo("missing-out.csv", [file("cal.json"), file("missing.csv")]),
    ]);
    expect(first.status).toBe(2);
    expect(first.stderr).toMatch(new RegExp(`^rmcal: ${escape(file("bad-first.jsonl"))}, line 1: not valid JSON`));
    noOutput("out-first.jsonl");
    expect(deep.status).toBe(2);
    expect(deep.stderr).toBe(`rmcal: ${file("bad-deep.jsonl")}, line 25001, field "chosen": is "high"; it must be a number\n`);
    noOutput("deep.jsonl");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`rmcal: ${file("missing.csv")}, line 3, field "rejected": is "" ; it must be a number\n`.replace('"" ;', '"";'));
    noOutput("missing-out.csv");
  });

  it("an empty CSV, a header-only CSV and an empty JSONL name the user's file; nothing is written", async () => {
    writeFileSync(file("empty.csv"), "");
    writeFileSync(file("header.csv"), "chosen,rejected\n");
    writeFileSync(file("empty.jsonl"), "\n\n");
    const [empty, header, jsonl] = await Promise.all([
      applyTo("empty-out.csv", [file("cal.json"), file("empty.csv")]),
      applyTo("header-out.csv", [file("cal.json"), file("header.csv")]),
      applyTo("empty-out.jsonl", [file("cal.json"), file("empty.jsonl")]),
    ]);
    expect([empty.status, header.status, jsonl.status]).toEqual([2, 2, 2]);
    expect(empty.stderr).toBe(`rmcal: ${file("empty.csv")}: is empty; a CSV/TSV file needs a header row\n`);
    expect(header.stderr).toBe(`rmcal: ${file("header.csv")}: holds no rows; there is nothing to calibrate\n`);
    expect(jsonl.stderr).toBe(`rmcal: ${file("empty.jsonl")}: holds no rows; there is nothing to calibrate\n`);
    for (const out of ["empty-out.csv", "header-out.csv", "empty-out.jsonl"]) noOutput(out);
  });

  it("field detection failures name the user's file and line", async () => {
    writeFileSync(file("nofields.jsonl"), '{"a":1,"b":2}\n');
    writeFileSync(file("nofields.csv"), "a,b\n1,2\n");
    const [jsonl, csv] = await Promise.all([
      applyTo("nofields-out.jsonl", [file("cal.json"), file("nofields.jsonl")]),
      applyTo("nofields-out.csv", [file("cal.json"), file("nofields.csv")]),
    ]);
    expect(jsonl.status).toBe(2);
    expect(jsonl.stderr).toMatch(new RegExp(`^rmcal: ${escape(file("nofields.jsonl"))}, line 1: could not detect the score fields among \\[a, b\\]`));
    expect(csv.status).toBe(2);
    expect(csv.stderr).toMatch(new RegExp(`^rmcal: ${escape(file("nofields.csv"))}, line 1: could not detect the score fields among \\[a, b\\]`));
    noOutput("nofields-out.jsonl");
    noOutput("nofields-out.csv");
  });

  it("a field apply would add that the input already has is refused, never overwritten", async () => {
    writeFileSync(file("has-field.jsonl"), '{"chosen":1,"rejected":0}\n{"chosen":1,"rejected":0,"calibrated_prob":0.9}\n');
    writeFileSync(file("has-column.csv"), "chosen,rejected,calibrated_prob\n1,0,0.9\n");
    const [jsonl, csv] = await Promise.all([
      applyTo("has-field-out.jsonl", [file("cal.json"), file("has-field.jsonl")]),
      applyTo("has-column-out.csv", [file("cal.json"), file("has-column.csv")]),
    ]);
    expect(jsonl.status).toBe(2);
    expect(jsonl.stderr).toContain(`${file("has-field.jsonl")}, line 2, field "calibrated_prob": is already a field of the row`);
    expect(csv.status).toBe(2);
    expect(csv.stderr).toContain(`${file("has-column.csv")}, line 1, field "calibrated_prob": is already a column`);
    noOutput("has-field-out.jsonl");
    noOutput("has-column-out.csv");
  });
});

describe("--skip-invalid: skipped rows are written unchanged, without the field, and counted with their lines", () => {
  it("JSONL: every other row gets calibrated_prob, spliced into its own bytes", async () => {
    const lines = ['{"chosen":1,"rejected":0}\n', "not json\n", '{"chosen":3,"rejected":"x"}\n', '{"chosen":2,"rejected":1}\n', "[1,2]\n"];
    writeFileSync(file("mixed.jsonl"), lines.join(""));
    const r = await applyTo("mixed-out.jsonl", [file("cal.json"), file("mixed.jsonl"), "--skip-invalid"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("rmcal: skipped 3 invalid rows (lines 2, 3, 5); first: not valid JSON");
    expect(r.stderr).toContain("they were written unchanged, without calibrated_prob");
    const expected = [
      `{"chosen":1,"rejected":0,"calibrated_prob":${margin(1, 0)}}\n`, lines[1], lines[2],
      `{"chosen":2,"rejected":1,"calibrated_prob":${margin(2, 1)}}\n`, lines[4],
    ].join("");
    expect(readFileSync(file("mixed-out.jsonl"), "utf8")).toBe(expected);
  });

  it("CSV: a short row is written unchanged; when every row is invalid, exit 2 and no output", async () => {
    writeFileSync(file("short.csv"), "chosen,rejected\n1,0\n5\n2,1\n");
    writeFileSync(file("all-bad.csv"), "chosen,rejected\nx,y\n5\n");
    const [some, all] = await Promise.all([
      applyTo("short-out.csv", [file("cal.json"), file("short.csv"), "--skip-invalid"]),
      applyTo("all-bad-out.csv", [file("cal.json"), file("all-bad.csv"), "--skip-invalid"]),
    ]);
    expect(some.status, some.stderr).toBe(0);
    expect(some.stderr).toContain("skipped 1 invalid row (line 3)");
    expect(readFileSync(file("short-out.csv"), "utf8")).toBe(`chosen,rejected,calibrated_prob\n1,0,${margin(1, 0)}\n5\n2,1,${margin(2, 1)}\n`);
    expect(all.status).toBe(2);
    expect(all.stderr).toContain(`rmcal: ${file("all-bad.csv")}: holds no valid rows (skipped 2 invalid rows (lines 2, 3)`);
    noOutput("all-bad-out.csv");
  });
});

describe("passed-through bytes are the input's, byte for byte", () => {
  it("JSONL: big integers, escapes, spacing, CRLF, a BOM and a last line without newline survive; fields go before }", async () => {
    const rows = [
      '{"id":12345678901234567890,"chosen":1.50,"rejected":0.5e0,"t":"caf\\u00e9 \\"q\\" 😀"}\r\n',
      '  { "id" : -0, "chosen" : 1e-3 , "rejected" : 2, "nested": {"a": [1, {"b": "}"}]} }  \n',
      '{"chosen":0,"rejected":0,"x":1.0000000000000000001}',
    ];
    writeFileSync(file("verbatim.jsonl"), "\uFEFF" + rows.join(""));
    const r = await applyTo("verbatim-out.jsonl", [file("cal.json"), file("verbatim.jsonl")]);
    expect(r.status, r.stderr).toBe(0);
    const out = readFileSync(file("verbatim-out.jsonl"));
    const expected = "\uFEFF" + [
      rows[0].replace('😀"}\r\n', `😀","calibrated_prob":${margin(1.5, 0.5)}}\r\n`),
      rows[1].replace("]} }  \n", `]} ,"calibrated_prob":${margin(1e-3, 2)}}  \n`),
      rows[2].replace(/}$/, `,"calibrated_prob":${margin(0, 0)}}`),
    ].join("");
    expect(out.equals(Buffer.from(expected, "utf8"))).toBe(true);
  });

  it("CSV: quoted cells with delimiters and newlines, CRLF and untrimmed cells survive; the column is appended", async () => {
    const text = 'id, chosen ,rejected\r\n"a ""b"", c",1.0,0\r\n"multi\r\nline",  2 ,1\r\n12345678901234567890,0,0';
    writeFileSync(file("verbatim.csv"), text);
    const r = await applyTo("verbatim-out.csv", [file("cal.json"), file("verbatim.csv"), "--chosen", "chosen", "--rejected", "rejected"]);
    expect(r.status, r.stderr).toBe(0);
    const expected = 'id, chosen ,rejected,calibrated_prob\r\n'
      + `"a ""b"", c",1.0,0,${margin(1, 0)}\r\n"multi\r\nline",  2 ,1,${margin(2, 1)}\r\n12345678901234567890,0,0,${margin(0, 0)}`;
    expect(readFileSync(file("verbatim-out.csv"), "utf8")).toBe(expected);
  });

  it("invalid UTF-8 is refused naming its line, never replaced; valid multi-byte text passes", async () => {
    const good = Buffer.from('{"chosen":1,"rejected":0,"t":"ü€𝄞"}\n', "utf8");
    const bad = Buffer.concat([good, Buffer.from('{"chosen":1,"rejected":0,"t":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const surrogate = Buffer.concat([good, good, Buffer.from('{"chosen":1,"rejected":0,"t":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]);
    writeFileSync(file("bad-utf8.jsonl"), bad);
    writeFileSync(file("surrogate.csv"), Buffer.concat([Buffer.from("t,chosen,rejected\nok,1,0\n"), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(",1,0\n")]));
    writeFileSync(file("good-utf8.jsonl"), surrogate.subarray(0, 2 * good.length));
    const [r1, r2, r3] = await Promise.all([
      applyTo("bad-utf8-out.jsonl", [file("cal.json"), file("bad-utf8.jsonl"), "--skip-invalid"]),
      applyTo("surrogate-out.csv", [file("cal.json"), file("surrogate.csv")]),
      applyTo("good-utf8-out.jsonl", [file("cal.json"), file("good-utf8.jsonl")]),
    ]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toBe(`rmcal: ${file("bad-utf8.jsonl")}, line 2: holds the byte 0x28, which is not valid UTF-8 here; rmcal apply writes rows back byte for byte and will not replace it (convert the file to UTF-8)\n`);
    noOutput("bad-utf8-out.jsonl");
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain(`rmcal: ${file("surrogate.csv")}, line 3: holds the byte 0xA0, which is not valid UTF-8 here`);
    noOutput("surrogate-out.csv");
    expect(r3.status, r3.stderr).toBe(0);
    const line = `{"chosen":1,"rejected":0,"t":"ü€𝄞","calibrated_prob":${margin(1, 0)}}\n`;
    expect(readFileSync(file("good-utf8-out.jsonl")).equals(Buffer.from(line + line, "utf8"))).toBe(true);
  });
});

describe("--score writes finite numbers only", () => {
  it("a calibrator whose rewards overflow is refused at load, naming the calibrator file and field", async () => {
    writeFileSync(file("tiny-t.json"), JSON.stringify({ ...TEMPERATURE, temperature: 1e-320 }));
    writeFileSync(file("tiny-std.json"), JSON.stringify({ ...TEMPERATURE, rewardNormalization: { mean: 0, std: 1e-310, clip: null } }));
    writeFileSync(file("scores.jsonl"), '{"r":1}\n');
    const [t, std] = await Promise.all([
      applyTo("tiny-t-out.jsonl", [file("tiny-t.json"), file("scores.jsonl"), "--score", "r"]),
      applyTo("tiny-std-out.jsonl", [file("tiny-std.json"), file("scores.jsonl"), "--score", "r"]),
    ]);
    expect(t.status).toBe(2);
    expect(t.stderr).toBe(`rmcal: ${file("tiny-t.json")}: calibrator.temperature is 1e-320; a score of 1000000 would give the reward 1000000/T = Infinity (T must be at least 5.6e-303)\n`);
    noOutput("tiny-t-out.jsonl");
    expect(std.status).toBe(2);
    expect(std.stderr).toContain(`rmcal: ${file("tiny-std.json")}: calibrator.rewardNormalization.std is 1e-310`);
    noOutput("tiny-std-out.jsonl");
  });

  it("a score beyond the loader's range that overflows stops the run, naming file, line and field", async () => {
    writeFileSync(file("small-t.json"), JSON.stringify({ ...WITH_NORM, temperature: 1e-10 }));
    writeFileSync(file("huge.jsonl"), '{"r":1}\n{"r":-1e300}\n{"r":2}\n');
    writeFileSync(file("huge.csv"), "r\n1\n1e300\n");
    const [jsonl, csv, skip] = await Promise.all([
      applyTo("huge-out.jsonl", [file("small-t.json"), file("huge.jsonl"), "--score", "r"]),
      applyTo("huge-out.csv", [file("small-t.json"), file("huge.csv"), "--score", "r"]),
      applyTo("huge-skip.jsonl", [file("small-t.json"), file("huge.jsonl"), "--score", "r", "--skip-invalid"]),
    ]);
    expect(jsonl.status).toBe(2);
    expect(jsonl.stderr).toBe(`rmcal: ${file("huge.jsonl")}, line 2, field "r": gives calibrated_reward -Infinity, beyond float64; rescale the scores\n`);
    noOutput("huge-out.jsonl");
    expect(csv.status).toBe(2);
    expect(csv.stderr).toContain(`${file("huge.csv")}, line 3, field "r": gives calibrated_reward Infinity`);
    noOutput("huge-out.csv");
    expect(skip.status, skip.stderr).toBe(0);
    expect(skip.stderr).toContain("skipped 1 invalid row (line 2)");
    const out = readFileSync(file("huge-skip.jsonl"), "utf8");
    expect(out).not.toMatch(/null|NaN|Infinity/);
    expect(out.split("\n")[1]).toBe('{"r":-1e300}');
  });

  it("on success every row has finite calibrated_reward and whitened_reward, the input bytes in front", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `{"id":${i},"r":${(i - 250) * 4000}}\n`);
    writeFileSync(file("rewards.jsonl"), lines.join(""));
    const r = await applyTo("rewards-out.jsonl", [file("norm.json"), file("rewards.jsonl"), "--score", "r", "--reward", "whitened"]);
    expect(r.status, r.stderr).toBe(0);
    const out = readFileSync(file("rewards-out.jsonl"), "utf8").split("\n");
    expect(out.pop()).toBe("");
    expect(out).toHaveLength(500);
    out.forEach((line, i) => {
      expect(line.startsWith(lines[i].slice(0, -2) + ',"calibrated_reward":')).toBe(true);
      const row = JSON.parse(line);
      expect(Number.isFinite(row.calibrated_reward) && Number.isFinite(row.whitened_reward)).toBe(true);
      expect(row.calibrated_reward).toBe((i - 250) * 4000 / 2);
      expect(row.whitened_reward).toBe(((i - 250) * 4000 / 2 - 0.25) / 0.5);
    });
  });
});

describe("a closed stdout is a normal end", () => {
  it("rmcal apply … | head: exit 0, nothing on stderr, no EPIPE", async () => {
    writeFileSync(file("long.jsonl"), Array.from({ length: 200000 }, (_, i) => `{"chosen":${i % 9},"rejected":1}\n`).join(""));
    const result = await new Promise<{ status: number | null; stderr: string; first: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, "apply", file("cal.json"), file("long.jsonl")], { env: { ...process.env, NO_COLOR: "1" } });
      let stderr = "", first = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.stdout.once("data", (d: Buffer) => {
        first = d.toString("utf8");
        child.stdout.destroy(); // as head does after its lines
      });
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stderr, first }));
    });
    expect(result.first.startsWith(`{"chosen":0,"rejected":1,"calibrated_prob":${margin(0, 1)}}\n`)).toBe(true);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
