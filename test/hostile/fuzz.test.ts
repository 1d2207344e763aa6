// Seeded fuzz of the real `rmcal assess`, `fit` and `apply` processes: valid JSONL and CSV files (plain and .gz,
// from test/robustness/corpus.ts) with random byte-level damage. Every run ends with exit 0 and complete output
// (assess: a JSON report; fit: a calibrator loadCalibrator accepts; apply: one output row per input row), or with
// exit 2, a message naming the input file and no output file. Never a stack trace, never a hang (each run has a time
// limit), never a temporary left in the folder, never a changed input. The in-process reader fuzz is
// test/robustness/reader-fuzz.test.ts; this one checks what a user sees at the command line.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, loadCalibrator } from "rmcal";
import { rowsOf } from "rmcal/node";
import { rmcalAsync, tempFolder, type CliResult } from "../helpers/cli";
import { mulberry32, integer, pick, type Random } from "../helpers/prng";
import { baseFile, type Format } from "../robustness/corpus";

const SEED = 20_261_202;
const CASES = Number(process.env.FUZZ_CASES ?? 60);
/** Per run; a run still going then is killed and fails the case as a hang. */
const TIME_LIMIT_MS = 20_000;
/** Runs at a time: the machine is shared, and each run is a Node process with its own WebAssembly instance. */
const CONCURRENCY = 3;

const { dir, cleanup } = tempFolder();
beforeAll(async () => {
  await init();
  writeFileSync(join(dir, "cal.json"), JSON.stringify({ format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 1.7 }));
});
afterAll(cleanup);

const STACK = /\n\s+at \S|^\s+at \S/m;
/** Exit statuses seen per command, so the test can show the corpus reaches both outcomes. */
const outcomes = new Map<string, Set<number | null>>();
const note = (command: string, r: CliResult) => outcomes.set(command, (outcomes.get(command) ?? new Set()).add(r.status));
const enc = new TextEncoder();

/** Damage to a file's (uncompressed) bytes: byte flips, cuts, stray quotes, newlines, NULs, invalid UTF-8, a line
 *  twice, a field gone. */
const KINDS = ["flip", "truncate", "quote", "newline", "nul", "invalid-utf8", "duplicate-line", "remove-field"] as const;
type Kind = (typeof KINDS)[number];

function mutate(bytes: Uint8Array, kind: Kind, random: Random): Uint8Array {
  const at = integer(random, bytes.length + 1);
  const insert = (extra: number[]) => Uint8Array.from([...bytes.subarray(0, at), ...extra, ...bytes.subarray(at)]);
  switch (kind) {
    case "flip": {
      const copy = Uint8Array.from(bytes);
      if (copy.length > 0) copy[Math.min(at, copy.length - 1)] ^= 1 << integer(random, 8);
      return copy;
    }
    case "truncate": return bytes.subarray(0, at);
    case "quote": return insert([0x22]);
    case "newline": return insert(random() < 0.5 ? [0x0a] : [0x0d, 0x0a]);
    case "nul": return insert([0]);
    case "invalid-utf8": return insert(pick(random, [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]));
    case "duplicate-line": case "remove-field": {
      const lines = new TextDecoder().decode(bytes).split("\n");
      const i = integer(random, Math.max(1, lines.length - 1));
      if (kind === "duplicate-line") lines.splice(i, 0, lines[i]);
      else if (lines[i].startsWith("{")) lines[i] = lines[i].replace(pick(random, [/"chosen":[^,}]*,?/, /"rejected":[^,}]*,?/, /"subset":[^,}]*,?/]), "");
      else { const cells = lines[i].split(/([,\t])/); cells.splice(2 * integer(random, Math.ceil(cells.length / 2)), 2); lines[i] = cells.join(""); }
      return enc.encode(lines.join("\n"));
    }
  }
}

/**
 * Damage to the compressed bytes of a .gz file (a flipped bit, a cut), so gunzip itself fails.
 * FUZZ_GZIP_DAMAGE=0 turns it off.
 */
const GZIP_DAMAGE = process.env.FUZZ_GZIP_DAMAGE !== "0";

interface Case { index: number; format: Format; gzip: boolean; rows: number; kinds: string[]; skipInvalid: boolean; bytes: Uint8Array }

function makeCase(index: number): Case {
  const random = mulberry32(SEED + index);
  const format: Format = random() < 0.5 ? "jsonl" : "csv";
  const gzip = random() < 0.35;
  const rows = 6 + integer(random, 30);
  let bytes: Uint8Array = enc.encode(baseFile(format, rows, SEED ^ index));
  const kinds: string[] = Array.from({ length: 1 + integer(random, 3) }, () => pick(random, KINDS));
  for (const kind of kinds) bytes = mutate(bytes, kind as Kind, random);
  const skipInvalid = random() < 0.5;
  if (gzip) {
    bytes = gzipSync(bytes);
    // Drawn whether or not it is used, so turning it on changes no other case.
    const damage = random() < 0.3 ? pick(random, ["flip", "truncate"] as const) : null;
    if (GZIP_DAMAGE && damage !== null) {
      bytes = mutate(bytes, damage, random);
      kinds.push(`gzip-${damage}`);
    }
  }
  return { index, format, gzip, rows, kinds, skipInvalid, bytes };
}

/** The rows rmcal's own reader sees in a file (the definition apply keeps one output row for). */
async function rowCount(bytes: Uint8Array, format: Format): Promise<number> {
  let n = 0;
  for await (const batch of rowsOf([bytes], format)) n += batch.rows.length;
  return n;
}

function describeCase(c: Case, command: string, r: CliResult): string {
  return `case ${c.index} (seed ${SEED + c.index}): ${command} on ${c.format}${c.gzip ? ".gz" : ""}, ${c.rows} rows, ` +
    `damage ${c.kinds.join("+")}${c.skipInvalid ? ", --skip-invalid" : ""}: status ${r.status}\n${r.stderr}`;
}

/** What every run must show: exit 0, or exit 2 with a last line "rmcal: …" naming the input; never a trace. */
function expectCleanRun(r: CliResult, input: string, what: string): void {
  expect(r.status, `${what}\n(status null: killed after ${TIME_LIMIT_MS} ms, a hang)`).not.toBeNull();
  expect([0, 2], what).toContain(r.status);
  expect(r.stderr, what).not.toMatch(STACK);
  if (r.status === 2) {
    const last = r.stderr.trimEnd().split("\n").pop() ?? "";
    expect(last, what).toMatch(/^rmcal: /);
    expect(last, what).toContain(input);
  }
}

async function runCase(c: Case): Promise<void> {
  const folder = join(dir, `case-${c.index}`);
  mkdirSync(folder);
  const ext = `${c.format}${c.gzip ? ".gz" : ""}`;
  const input = join(folder, `in.${ext}`);
  writeFileSync(input, c.bytes);
  const flags = c.skipInvalid ? ["--skip-invalid"] : [];

  const assess = await rmcalAsync(["assess", input, "--json", ...flags], folder, TIME_LIMIT_MS);
  expectCleanRun(assess, input, describeCase(c, "assess", assess));
  note("assess", assess);
  if (assess.status === 0) expect(JSON.parse(assess.stdout).n, describeCase(c, "assess", assess)).toBeGreaterThan(0);

  const calibrator = join(folder, "cal.json");
  // Few resamples: the verdicts' bootstrap is not what this test is about, and 1000 per damaged file would take minutes.
  const fit = await rmcalAsync(["fit", input, "--out", calibrator, "--resamples", "20", ...flags], folder, TIME_LIMIT_MS);
  expectCleanRun(fit, input, describeCase(c, "fit", fit));
  note("fit", fit);
  if (fit.status === 0) expect(loadCalibrator(readFileSync(calibrator, "utf8")).kind, describeCase(c, "fit", fit)).toBe("temperature");
  else expect(existsSync(calibrator), describeCase(c, "fit", fit)).toBe(false);

  const out = join(folder, `out.${ext}`);
  const apply = await rmcalAsync(["apply", join(dir, "cal.json"), input, "--out", out, ...flags], folder, TIME_LIMIT_MS);
  const what = describeCase(c, "apply", apply);
  expectCleanRun(apply, input, what);
  note("apply", apply);
  if (apply.status === 0) {
    const written = readFileSync(out);
    const text = c.gzip ? gunzipSync(written) : written;
    const raw = c.gzip ? gunzipSync(c.bytes) : c.bytes; // a run that read a damaged gzip stream had to exit 2
    // A CSV output starts with its header even when no row follows.
    if (c.format === "csv") expect(text.length, `${what}: apply wrote an empty CSV file (no header)`).toBeGreaterThan(0);
    expect(await rowCount(text, c.format), what).toBe(await rowCount(raw, c.format));
  } else {
    expect(existsSync(out), what).toBe(false);
  }

  // Nothing the user gave is changed, and no temporary is left behind.
  expect(Buffer.compare(readFileSync(input), c.bytes), `${what}: the input changed`).toBe(0);
  expect(readdirSync(folder).filter((f) => f.endsWith(".tmp")), what).toEqual([]);
}

describe(`rmcal assess, fit and apply on ${CASES} damaged files (seed ${SEED}, real processes)`, () => {
  it("each run exits 0 with complete output or 2 naming the file with no output; no trace, hang or temporary", async () => {
    // FUZZ_ONLY=3,17 reruns those cases (by index) alone, e.g. the seeds a report lists.
    const only = process.env.FUZZ_ONLY?.split(",").map(Number);
    const cases = (only ?? Array.from({ length: CASES }, (_, i) => i)).map(makeCase);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        try {
          await runCase(c);
        } catch (error) {
          const message = (error as Error).message;
          failures.push(message.startsWith("case ") ? message : `case ${c.index} (seed ${SEED + c.index}): ${message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures, failures.join("\n\n")).toEqual([]);
    // Not vacuous: every command both succeeded on some damaged files and refused others.
    if (only === undefined) for (const command of ["assess", "fit", "apply"]) expect([...(outcomes.get(command) ?? [])].sort(), command).toEqual([0, 2]);
  }, 180_000);
});
