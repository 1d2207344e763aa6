// The real `rmcal` process on bad files, existing outputs, interruptions and hostile names: exit 0 or 2, a message
// naming the file and line, never a stack trace, never a hang; outputs appear whole or not at all; user text in
// SVG/HTML is escaped.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { BIN, rmcalAsync, tempFolder, randomPairs } from "../helpers/cli";
import { SEED } from "../properties/arbitraries";
import { baseFile } from "./corpus";

let dir = "";
let cleanup = () => {};
beforeAll(() => ({ dir, cleanup } = tempFolder()));
afterAll(() => cleanup());

/** A stack trace line ("    at fn (file:line)") or an engine error: what a user must never see. */
const STACK = /\n\s+at \S|RuntimeError|unreachable|internal error|Maximum call stack/;

function expectCleanExit(r: { status: number | null; stderr: string; stdout: string }, what: string): void {
  expect([0, 2], `${what}: status ${r.status}\n${r.stderr}`).toContain(r.status);
  expect(r.stderr, what).not.toMatch(STACK);
  if (r.status === 2) expect(r.stderr, what).toMatch(/^rmcal: /);
}

describe("rmcal on a sample of the mutated corpus (real processes)", () => {
  const SAMPLE = 10;
  it(`${SAMPLE} mutated files × (strict, --skip-invalid): exit 0 or 2 naming file and line, never a stack trace or hang`, async () => {
    const files = fc.sample(fc.record({
      format: fc.constantFrom("jsonl", "csv"),
      seed: fc.nat(),
      damage: fc.constantFrom("nul", "invalid-utf8", "truncate", "boolean", "string-number", "long", "quote"),
    }), { seed: SEED, numRuns: SAMPLE });
    const runs = files.map(async ({ format, seed, damage }, i) => {
      let text = baseFile(format as "jsonl" | "csv", 12, seed);
      const lines = text.split("\n");
      if (damage === "nul") lines[3] = lines[3].slice(0, 5) + "\0\0" + lines[3].slice(5);
      if (damage === "truncate") text = lines.join("\n").slice(0, -12);
      if (damage === "boolean") lines[4] = format === "jsonl" ? lines[4].replace(/"chosen":[^,]+/, '"chosen":true') : lines[4].replace(/^[^,]+/, "true");
      if (damage === "string-number") lines[5] = format === "jsonl" ? lines[5].replace(/"rejected":[^,]+/, '"rejected":" 2 "') : lines[5].replace(/^[^,]+/, " 1e3 ");
      if (damage === "long") lines[2] = format === "jsonl" ? JSON.stringify({ chosen: 1, rejected: 0, subset: "z".repeat(2_000_000) }) : `1,0,1,${"z".repeat(2_000_000)}`;
      if (damage === "quote") lines[6] = '"' + lines[6];
      if (damage !== "truncate") text = lines.join("\n");
      const bytes = Buffer.from(text, "utf8");
      if (damage === "invalid-utf8") bytes[Math.floor(bytes.length / 2)] = 0xff;
      const file = join(dir, `corpus-${i}-${damage}.${format}`);
      writeFileSync(file, bytes);
      for (const flags of [[], ["--skip-invalid"]]) {
        const r = await rmcalAsync(["assess", file, "--json", ...flags]);
        expectCleanExit(r, `${damage} ${format} ${flags}`);
        if (r.status === 2) expect(r.stderr).toContain(file);
        if (r.status === 0) expect(JSON.parse(r.stdout).n).toBeGreaterThan(0);
        if (r.status === 0 && flags.length === 1 && /skipped/.test(r.stderr)) expect(r.stderr).toMatch(/rmcal: skipped \d+ invalid rows? \(lines? \d+/);
      }
    });
    await Promise.all(runs);
  });
});

describe("outputs are atomic, never over the input, never over an existing file without --force", () => {
  it("fit --out refuses the input file and an existing file; --force replaces it whole", async () => {
    const { a, b } = randomPairs(200, 3);
    const input = join(dir, "pairs.jsonl");
    writeFileSync(input, a.map((x, i) => JSON.stringify({ chosen: x, rejected: b[i] })).join("\n") + "\n");
    const before = readFileSync(input, "utf8");
    const onInput = await rmcalAsync(["fit", input, "--method", "temperature", "--out", input]);
    expect(onInput.status).toBe(2);
    expect(onInput.stderr).toBe(`rmcal: ${input} is an input file; rmcal never overwrites its input\n`);
    expect(readFileSync(input, "utf8")).toBe(before);
    const out = join(dir, "cal.json");
    writeFileSync(out, "precious");
    const existing = await rmcalAsync(["fit", input, "--method", "temperature", "--out", out]);
    expect(existing.status).toBe(2);
    expect(existing.stderr).toBe(`rmcal: ${out} already exists; pass --force to replace it\n`);
    expect(readFileSync(out, "utf8")).toBe("precious");
    const forced = await rmcalAsync(["fit", input, "--method", "temperature", "--out", out, "--force"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).kind).toBe("temperature");
    // No temporary is left next to the output.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  /** Runs `rmcal apply` on a large file and sends `signal` once the temporary output file exists. */
  async function interruptedApply(signal: NodeJS.Signals, name: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; files: string[] }> {
    const sub = join(dir, name);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(sub);
    const rows: string[] = [];
    for (let i = 0; i < 400_000; i++) rows.push(`{"chosen":${(i % 97) / 10},"rejected":${(i % 89) / 10},"id":${i}}`);
    const input = join(sub, "big.jsonl");
    writeFileSync(input, rows.join("\n") + "\n");
    writeFileSync(join(sub, "cal.json"), JSON.stringify({ format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 }));
    const child = spawn(process.execPath, [BIN, "apply", join(sub, "cal.json"), input, "--out", join(sub, "out.jsonl")], { env: { ...process.env, NO_COLOR: "1" } });
    const deadline = Date.now() + 30_000;
    // Wait until the temporary exists and has bytes in it: the run is mid-write.
    while (Date.now() < deadline) {
      const tmp = readdirSync(sub).find((f) => f.endsWith(".tmp"));
      if (tmp && readFileSync(join(sub, tmp)).length > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill(signal);
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
    return { code, signal: sig, files: readdirSync(sub).sort() };
  }

  it("an apply interrupted mid-write by SIGTERM leaves neither the output nor its temporary", async () => {
    const r = await interruptedApply("SIGTERM", "term");
    expect(r.signal).toBe("SIGTERM");
    expect(r.files).toEqual(["big.jsonl", "cal.json"]);
  });

  it("an apply killed mid-write by SIGKILL never leaves a half-written output (only a hidden rmcal .tmp may remain)", async () => {
    const r = await interruptedApply("SIGKILL", "kill");
    expect(r.signal).toBe("SIGKILL");
    expect(r.files).not.toContain("out.jsonl");
    for (const f of r.files.filter((f) => !["big.jsonl", "cal.json"].includes(f))) expect(f).toMatch(/^\.out\.jsonl\.rmcal-\d+-[0-9a-f]+\.tmp$/);
  });
});

describe("user text in SVG and HTML is escaped", () => {
  const HOSTILE = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "a&b</svg><svg onload=alert(2)>"];

  it("group names and field names with <script> and onerror appear only as escaped text", async () => {
    const { a, b, label } = randomPairs(300, 5);
    const field = '<script>alert("f")</script>';
    const rows = a.map((x, i) => JSON.stringify({ [field]: x, score_b: b[i], label: label[i], grp: HOSTILE[i % 3] }));
    const input = join(dir, "xss.jsonl");
    writeFileSync(input, rows.join("\n") + "\n");
    const svg = join(dir, "xss.svg");
    const html = join(dir, "xss.html");
    const r1 = await rmcalAsync(["assess", input, "--score-a", field, "--score-b", "score_b", "--label", "label", "--group", "grp", "--svg", svg]);
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = await rmcalAsync(["report", input, "--score-a", field, "--score-b", "score_b", "--label", "label", "--group", "grp", "--out", html]);
    expect(r2.status, r2.stderr).toBe(0);
    for (const path of [svg, html]) {
      const text = readFileSync(path, "utf8");
      // Every real tag (a literal "<" followed by a name) is rmcal's own: none is script/img/iframe and none carries an
      // on* event attribute. The hostile text is there, but escaped (&lt; … &gt;), so it forms no tag.
      for (const tag of text.match(/<[a-zA-Z][^>]*>/g) ?? []) {
        expect(tag, path).not.toMatch(/^<(script|img|iframe|object|embed)\b/i);
        expect(tag, path).not.toMatch(/\son\w+\s*=/i);
      }
      expect(text).toContain("&lt;script&gt;alert(");
      expect(text).toMatch(/&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;|&#34;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    }
    expect(readFileSync(html, "utf8")).toContain("&lt;/svg&gt;&lt;svg onload=alert(2)&gt;");
  });
});
