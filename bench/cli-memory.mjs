// Peak memory of `rmcal assess` on a 1M-pair JSONL file, against the memory the same rows take as parsed JavaScript
// objects. Run after `npm run build`: `node --expose-gc bench/cli-memory.mjs [pairs]` (default 1,000,000).
// Not a test: the numbers depend on the machine; report them, never assert them.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../scripts/lib/mulberry32.mjs";

const n = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "rmcal-bench-"));
const file = join(dir, "pairs.jsonl");
const measure = fileURLToPath(new URL("./measure-rss.mjs", import.meta.url));

const random = mulberry32(12345); // seeded, so every run writes the same file
/** Line i of the JSONL file, its scores drawn from `next`. @param {number} i @param {() => number} next */
const line = (i, next = random) => `{"id":${i},"chosen":${(next() * 6 - 2).toFixed(6)},"rejected":${(next() * 6 - 3).toFixed(6)}}\n`;

async function writePairs() {
  const out = createWriteStream(file);
  let buffer = "";
  for (let i = 0; i < n; i++) {
    buffer += line(i);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

/**
 * Runs the CLI in a child process and reads the peak RSS it reports.
 * @param {string[]} args
 * @returns {Promise<{ maxRssMb: number; seconds: number; stdout: string }>}
 */
function runCli(args, script = measure) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const match = /rmcal-max-rss-kb (\d+)/.exec(stderr);
      if (status !== 0 || !match) return reject(new Error(`rmcal exited ${status}: ${stderr}`));
      resolve({ maxRssMb: Number(match[1]) / 1024, seconds, stdout });
    });
  });
}

/**
 * Heap taken by `count` parsed rows kept as objects (what a naive reader holds), extrapolated to n.
 * @param {number} count
 */
function parsedObjectsMb(count) {
  if (typeof globalThis.gc !== "function") return null;
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  const rows = [];
  // Rows from a generator of their own (seed 999), so that measuring does not change the file's pairs. This was
  // `state = 999`, a reseed left over from an inlined PRNG: an undeclared global, which throws in a module.
  const reseeded = mulberry32(999);
  for (let i = 0; i < count; i++) rows.push(JSON.parse(line(i, reseeded)));
  globalThis.gc();
  const after = process.memoryUsage().heapUsed;
  const perRow = (after - before) / rows.length;
  return (perRow * n) / 2 ** 20;
}

try {
  await writePairs();
  const fileMb = statSync(file).size / 2 ** 20;
  const tiny = join(dir, "tiny.jsonl");
  const out = createWriteStream(tiny);
  out.end('{"chosen":1,"rejected":0}\n');
  await once(out, "finish");
  const baseline = await runCli(["assess", tiny, "--json"]);
  const big = await runCli(["assess", file, "--json"]);
  const assessed = JSON.parse(big.stdout);
  const naive = await runCli([file], fileURLToPath(new URL("./naive-read.mjs", import.meta.url)));
  const objects = parsedObjectsMb(Math.min(n, 200_000));
  const result = {
    pairs: n,
    fileMb: +fileMb.toFixed(1),
    cliPeakRssMb: +big.maxRssMb.toFixed(1),
    cliBaselineRssMb: +baseline.maxRssMb.toFixed(1),
    cliSeconds: +big.seconds.toFixed(2),
    naiveReadPeakRssMb: +naive.maxRssMb.toFixed(1),
    parsedObjectsHeapMb: objects === null ? "run with node --expose-gc" : +objects.toFixed(1),
    // What assess keeps per pair: one float64 margin (chosen − rejected), read straight into a Float64Array.
    marginColumnMb: +((8 * n) / 2 ** 20).toFixed(1),
    assessedN: assessed.n,
    node: process.version,
  };
  console.log(JSON.stringify(result, null, 2));
  if (typeof objects === "number") {
    console.log(
      `rmcal assess: peak RSS ${result.cliPeakRssMb} MB (${result.cliBaselineRssMb} MB of it for Node and rmcal on a 1-line file); ` +
      `the ${n.toLocaleString("en-US")} rows as parsed objects: ${result.parsedObjectsHeapMb} MB of heap alone; ` +
      `reading them naively (readFileSync + JSON.parse per line): peak RSS ${result.naiveReadPeakRssMb} MB before any computation`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
