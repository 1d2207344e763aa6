// Fuzzing the JSONL / CSV / TSV readers with a seeded corpus of mutated files (truncated lines, invalid UTF-8,
// NUL bytes, very long lines, quoted newlines, duplicate headers, numbers as strings, booleans, CR/CRLF, BOM).
// Every file ends in a correct parse, rows skipped and counted under skipInvalid, or an error naming the file and
// line; never another exception, never a hang. The readers run in-process here (thousands of files); a sample runs
// through the real CLI in cli-robustness.test.ts.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readPairs, rowsOf, InputError, type PairTable } from "rmcal/node";
import { SEED } from "../properties/arbitraries";
import { Tally } from "../properties/contract";
import { baseFile, type Format } from "./corpus";

const FILE = "fuzz.data";
const tally = new Tally("readers");


const enc = new TextEncoder();

/** One mutation of a file's bytes; `at` is a fraction of the length. */
type Mutation = { kind: string; at: number; pick: number };
const KINDS = [
  "truncate", "invalid-utf8", "nul", "long-line", "quoted-newline", "duplicate-header", "number-as-string",
  "boolean", "crlf", "lone-cr", "bom", "blank-lines", "unbalanced-quote", "not-an-object", "extra-field",
  "missing-field", "label-out-of-range", "huge-number",
] as const;

const NUMBER_TEXTS = ['"0.5"', '"1e3"', '" 2 "', '"+1"', '".5"', '"1."', '"0x10"', '"Infinity"', '"NaN"', '"1,5"', '""', "[0.25]", '["1"]', "[]", "null", "1e999", "-0"];

function mutate(text: string, format: Format, m: Mutation): Uint8Array {
  const sep = format === "tsv" ? "\t" : ",";
  const lines = text.split("\n");
  const line = Math.min(lines.length - 2, Math.max(format === "jsonl" ? 0 : 1, Math.floor(m.at * (lines.length - 1))));
  const bytes = (t: string) => enc.encode(t);
  // A file already cut down to nothing (or to its header) has no row left to mutate.
  if (lines[line] === undefined || line < 0) return bytes(text);
  const splice = (b: Uint8Array, at: number, insert: number[]) => {
    const pos = Math.floor(at * b.length);
    return Uint8Array.from([...b.subarray(0, pos), ...insert, ...b.subarray(pos)]);
  };
  switch (m.kind) {
    case "truncate": { const b = bytes(text); return b.subarray(0, Math.floor(m.at * b.length)); }
    case "invalid-utf8": return splice(bytes(text), m.at, [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]][m.pick % 5]);
    case "nul": return splice(bytes(text), m.at, [0, 0]);
    case "long-line": {
      const long = format === "jsonl" ? JSON.stringify({ chosen: 1, rejected: 0, subset: "x".repeat(300_000 + m.pick) }) : ["1", "0", "1", "y".repeat(300_000 + m.pick)].join(sep);
      lines.splice(line, 0, m.pick % 2 ? long : "9".repeat(200_000));
      break;
    }
    case "quoted-newline":
      lines[line] = format === "jsonl" ? lines[line].replace(/"s(\d)"/, '"s\\n$1"') : lines[line].replace(/s(\d)$/, '"s\n$1, ""quoted"""');
      break;
    case "duplicate-header":
      if (format === "jsonl") lines[line] = lines[line].replace("{", '{"chosen":7,');
      else lines[0] = ["score_a", "score_b", "label", "score_a"].join(sep);
      break;
    case "number-as-string": {
      const t = NUMBER_TEXTS[m.pick % NUMBER_TEXTS.length];
      if (format === "jsonl") lines[line] = lines[line].replace(/"rejected":[^,}]+/, `"rejected":${t}`);
      else { const cells = lines[line].split(sep); cells[m.pick % 3] = t.replace(/^"|"$/g, ""); lines[line] = cells.join(sep); }
      break;
    }
    case "boolean":
      if (format === "jsonl") lines[line] = lines[line].replace(/"chosen":[^,}]+/, `"chosen":${m.pick % 2 ? "true" : "false"}`);
      else { const cells = lines[line].split(sep); cells[2] = m.pick % 2 ? "true" : "TRUE"; lines[line] = cells.join(sep); }
      break;
    case "crlf": return bytes(lines.join("\r\n"));
    case "lone-cr": return bytes(lines.join("\r"));
    case "bom": return bytes("\ufeff" + text);
    case "blank-lines": lines.splice(line, 0, "", "   ", "\t"); break;
    case "unbalanced-quote": lines[line] = format === "jsonl" ? lines[line].slice(0, -3) + '"' : '"' + lines[line]; break;
    case "not-an-object": if (format === "jsonl") lines[line] = ["[1,2]", "42", '"text"', "null", "{}"][m.pick % 5]; else lines[line] = lines[line] + sep; break;
    case "extra-field": lines[line] = format === "jsonl" ? lines[line].replace("}", ',"extra":{"a":[1,2]}}') : lines[line] + sep + "extra"; break;
    case "missing-field": lines[line] = format === "jsonl" ? lines[line].replace(/"rejected":[^,}]+,?/, "") : lines[line].split(sep).slice(0, 2).join(sep); break;
    case "label-out-of-range": lines[line] = format === "jsonl" ? lines[line].replace(/"chosen":[^,}]+/, '"chosen":-1e308') : lines[line].replace(/^([^,\t]*[,\t][^,\t]*[,\t])[^,\t]*/, "$12"); break;
    case "huge-number": lines[line] = format === "jsonl" ? lines[line].replace(/"rejected":[^,}]+/, '"rejected":1e308') : lines[line].replace(/^[^,\t]*/, "1e308"); break;
  }
  return bytes(lines.join("\n"));
}

/** Splits bytes at the given fractions (so chunk boundaries fall inside UTF-8 characters, quotes and lines). */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) if (p > from) { out.push(bytes.subarray(from, p)); from = p; }
  out.push(bytes.subarray(from));
  return out;
}

type Result = { ok: PairTable } | { error: Error };

/** Reads with a time limit: a hang fails the test instead of stalling the suite. */
async function read(chunks: Uint8Array[], format: Format, skipInvalid: boolean): Promise<Result> {
  const work = readPairs(rowsOf(chunks, format), { fileName: FILE, skipInvalid, group: ["subset"] })
    .then((ok) => ({ ok }), (error: Error) => ({ error }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error("reader hung for 10 s")), 10_000); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The documented ways a read may fail: an InputError naming the file (and line), or a field-detection TypeError naming the file. */
function expectDocumentedFailure(error: Error): string {
  if (error instanceof InputError) {
    expect(error.message.startsWith(`${FILE}`)).toBe(true);
    if (error.line !== null) expect(error.message).toContain(`${FILE}, line ${error.line}`);
    return error.line === null ? "InputError (file)" : "InputError (line)";
  }
  if (error instanceof TypeError && error.message.startsWith(`${FILE}: could not detect the score fields`)) {
    expect((error as TypeError & { file?: string }).file).toBe(FILE);
    return "TypeError (fields)";
  }
  expect.fail(`undocumented ${error.name}: ${error.message}\n${error.stack}`);
}

function expectValidTable(t: PairTable): void {
  expect(t.n).toBeGreaterThan(0);
  for (const column of [t.scoreA, t.scoreB, t.margin, t.label, t.weight]) {
    if (column) {
      expect(column.length).toBe(t.n);
      for (const v of column) if (!Number.isFinite(v)) expect.fail(`non-finite value ${v} in a column`);
    }
  }
  if (t.label) for (const v of t.label) if (!(v >= 0 && v <= 1)) expect.fail(`label ${v}`);
  expect(t.groupCodes?.length).toBe(t.n);
}

const summary = (r: Result) => ("ok" in r
  ? { n: r.ok.n, skipped: r.ok.skipped, groups: r.ok.groupNames, a: Array.from(r.ok.scoreA ?? r.ok.margin ?? []), label: Array.from(r.ok.label ?? []) }
  : { error: r.error.message });

const RUNS = 600;

describe("JSONL / CSV / TSV readers on a seeded corpus of mutated files", () => {
  it(`each file parses, skips counted rows, or fails naming file and line; chunking changes nothing (${RUNS} files × 3 reads)`, async () => {
    const scenario = fc.record({
      format: fc.constantFrom<Format>("jsonl", "csv", "tsv"),
      rows: fc.integer({ min: 1, max: 12 }),
      seed: fc.nat(),
      mutations: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), at: fc.double({ min: 0, max: 1, noNaN: true }), pick: fc.nat(1000) }), { minLength: 1, maxLength: 3 }),
      cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ format, rows, seed, mutations, cuts }) => {
        let bytes: Uint8Array = enc.encode(baseFile(format, rows, seed));
        for (const m of mutations) bytes = mutate(new TextDecoder().decode(bytes), format, m);
        const whole = await read([bytes], format, false);
        const pieces = await read(chunked(bytes, cuts), format, false);
        const skipping = await read(chunked(bytes, cuts), format, true);
        // Streaming: where the chunks break (inside a character, a quote, a line) does not change the result.
        expect(summary(pieces)).toEqual(summary(whole));
        const kinds = mutations.map((m) => m.kind).join("+");
        if ("error" in whole) {
          tally.add(`strict: ${expectDocumentedFailure(whole.error)}`);
          // The line a strict read stops at is the first line a skipping read skips.
          if (whole.error instanceof InputError && whole.error.line !== null && "ok" in skipping) {
            expect(skipping.ok.skipped.first[0]?.line).toBe(whole.error.line);
          }
        } else {
          tally.add("strict: parsed");
          expectValidTable(whole.ok);
          expect(whole.ok.skipped.count).toBe(0);
        }
        if ("error" in skipping) tally.add(`skip-invalid: ${expectDocumentedFailure(skipping.error)}`);
        else {
          tally.add(`skip-invalid: parsed${skipping.ok.skipped.count > 0 ? " with skipped rows" : ""}`);
          expectValidTable(skipping.ok);
          if (format === "jsonl") {
            // Every non-blank line is either a pair or a counted skip: nothing is dropped silently.
            const text = new TextDecoder().decode(bytes);
            const nonBlank = text.split("\n").filter((l) => l.replace(/\r$/, "").trim() !== "").length;
            expect(skipping.ok.n + skipping.ok.skipped.count, kinds).toBe(nonBlank);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    tally.report();
  });

  it("numbers as strings parse to their values; booleans, hex, NaN and '1,5' are named errors", async () => {
    const csv = "score_a,score_b,label\n 2 ,1e3,0.5\n+1,.5,1.\n-0,0.25,0\n";
    const t = await readPairs(rowsOf([csv], "csv"), { fileName: "n.csv" });
    expect(Array.from(t.scoreA!)).toEqual([2, 1, -0]);
    expect(Array.from(t.scoreB!)).toEqual([1000, 0.5, 0.25]);
    expect(Array.from(t.label!)).toEqual([0.5, 1, 0]);
    const jsonl = '{"chosen":"0.5","rejected":[0.25]}\n{"chosen":" 2 ","rejected":"1e3"}\n';
    const j = await readPairs(rowsOf([jsonl], "jsonl"), { fileName: "n.jsonl" });
    expect(Array.from(j.scoreA!)).toEqual([0.5, 2]);
    expect(Array.from(j.scoreB!)).toEqual([0.25, 1000]);
    const cases: [string, string][] = [
      ['{"chosen":true,"rejected":0}\n', 'n.jsonl, line 1, field "chosen": is true; it must be a number'],
      ['{"chosen":"0x10","rejected":0}\n', 'n.jsonl, line 1, field "chosen": is "0x10"; it must be a number'],
      ['{"chosen":"NaN","rejected":0}\n', 'n.jsonl, line 1, field "chosen": is "NaN"; it must be a number'],
      ['{"chosen":"1,5","rejected":0}\n', 'n.jsonl, line 1, field "chosen": is "1,5"; it must be a number'],
      ['{"chosen":1e999,"rejected":0}\n', 'n.jsonl, line 1, field "chosen": is Infinity; it must be a finite number'],
      ['{"chosen":1,"rejected":0}\n{"chosen":1,"rejected":\n', "n.jsonl, line 2: not valid JSON"],
    ];
    for (const [text, message] of cases) {
      await expect(readPairs(rowsOf([text], "jsonl"), { fileName: "n.jsonl" })).rejects.toThrow(message);
    }
  });

  it("a header naming a used field twice is an error naming the field, not a silent pick of one column", async () => {
    await expect(readPairs(rowsOf(["score_a,score_b,label,score_a\n1,0,1,5\n"], "csv"), { fileName: "d.csv" }))
      .rejects.toThrow('d.csv, line 1, field "score_a": appears 2 times in the header (columns 1 and 4); rename one so rmcal knows which to read');
    // An unused duplicate (e.g. two empty names from trailing commas) is harmless.
    const t = await readPairs(rowsOf(["chosen,rejected,,\n1,0,,\n"], "csv"), { fileName: "d.csv" });
    expect(t.n).toBe(1);
  });

  it("an empty CSV names the file", async () => {
    await expect(readPairs(rowsOf([""], "csv"), { fileName: "e.csv" })).rejects.toThrow(/^e\.csv: /);
  });
});
