// The CLI's reading against the disk's pace: `rmcal assess FILE --json` on a JSONL and a CSV file of n pairs, against
// `wc -l` on the same file (the floor of reading it at all) and DuckDB's read_json / read_csv parsing the same two
// fields (bench/duckdb-read.mjs; on all cores, and on one), each a whole process timed by /usr/bin/time, run in turn (rmcal, wc, DuckDB,
// rmcal, …) so the ratios of one run compare like with like. Used by bench/run.mjs (rows "cli read JSONL" and
// "cli read CSV"); alone: `node bench/cli-read.mjs [n] [runs]` after `npm run build`. Not a test: nothing asserted.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../scripts/lib/mulberry32.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, "..", "bin", "rmcal.js");

/**
 * The pair files of size n, written once into the temp folder: scores as a JSON writer prints doubles (shortest
 * round trip, up to 17 digits), an id first, as score dumps have.
 * @param {number} n
 * @returns {{ jsonl: string, csv: string }}
 */
export function ensurePairFiles(n) {
  const dir = join(tmpdir(), "rmcal-bench", `cli-n${n}`);
  const jsonl = join(dir, "pairs.jsonl"), csv = join(dir, "pairs.csv");
  if (existsSync(jsonl) && existsSync(csv) && statSync(csv).size > 0) return { jsonl, csv };
  mkdirSync(dir, { recursive: true });
  process.stdout.write(`n=${n}: writing ${jsonl} and ${csv} … `);
  const random = mulberry32(20261127);
  const j = openSync(jsonl, "w"), c = openSync(csv, "w");
  writeSync(c, "id,chosen,rejected\n");
  let a = "", b = "";
  for (let i = 0; i < n; i++) {
    const chosen = random() * 6 - 2, rejected = random() * 6 - 3;
    a += `{"id":${i},"chosen":${chosen},"rejected":${rejected}}\n`;
    b += `${i},${chosen},${rejected}\n`;
    if (a.length > 1 << 22) { writeSync(j, a); writeSync(c, b); a = ""; b = ""; }
  }
  writeSync(j, a); writeSync(c, b);
  closeSync(j); closeSync(c);
  console.log("done");
  return { jsonl, csv };
}

/**
 * One whole-process run under /usr/bin/time: wall ms (from this process's clock, as /usr/bin/time's has 10 ms
 * steps, too coarse for wc), CPU ms (its user + system, to 10 ms) and peak RSS MiB.
 * @param {string[]} command
 */
function timed(command) {
  const started = process.hrtime.bigint();
  const child = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", ...command], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`${command.join(" ")} exited ${child.status}: ${child.stderr.slice(0, 400)}`);
  const [, user, system, maxKiB] = (child.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number);
  return { wall, cpu: (user + system) * 1e3, rss: maxKiB / 1024 };
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];

/**
 * The rows "cli read JSONL" and "cli read CSV" at n: rmcal's times, with the anchors wc -l and DuckDB, and the
 * ratios rmcal ÷ anchor of the medians of the same run.
 * @param {number} n @param {number} runs
 */
export function runCliReads(n, runs) {
  const files = ensurePairFiles(n);
  const rows = [];
  for (const [format, file] of /** @type {const} */ ([["JSONL", files.jsonl], ["CSV", files.csv]])) {
    const commands = {
      rmcal: [process.execPath, CLI, "assess", file, "--json"],
      "wc -l": ["wc", "-l", file],
      duckdb: [process.execPath, join(here, "duckdb-read.mjs"), file, format.toLowerCase(), "2"],
      // DuckDB held to one core: the two parsers compared per core (rmcal above reads the file on every core, its
      // default, as byte ranges: docs/DESIGN.md §6.10).
      "duckdb 1 thread": [process.execPath, join(here, "duckdb-read.mjs"), file, format.toLowerCase(), "1"],
    };
    /** @type {Record<string, { wall: number[], cpu: number[], rss: number }>} */
    const times = Object.fromEntries(Object.keys(commands).map((k) => [k, { wall: [], cpu: [], rss: 0 }]));
    process.stdout.write(`n=${n}: cli read ${format} (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) against wc -l and DuckDB … `);
    for (let i = -1; i < runs; i++) {
      for (const [name, command] of Object.entries(commands)) {
        const t = timed(command);
        if (i < 0) continue; // a warm-up round: the page cache holds the file for every command alike
        times[name].wall.push(t.wall);
        times[name].cpu.push(t.cpu);
        times[name].rss = Math.max(times[name].rss, t.rss);
      }
    }
    const summary = Object.fromEntries(Object.entries(times).map(([name, t]) => [name, {
      medianMs: median(t.wall), cpuMedianMs: median(t.cpu), minMs: Math.min(...t.wall), maxMs: Math.max(...t.wall), peakRssMiB: t.rss, times: t.wall, cpuTimes: t.cpu,
    }]));
    const ours = summary.rmcal;
    rows.push({
      task: `cli read ${format}`, variant: "cli-read", n, bytes: statSync(file).size, ...ours, wasmMiB: null,
      against: { "wc -l": summary["wc -l"], duckdb: summary.duckdb, "duckdb 1 thread": summary["duckdb 1 thread"] },
    });
    console.log(`${ours.medianMs.toFixed(0)} ms (wc -l ${summary["wc -l"].medianMs.toFixed(0)} ms, DuckDB ${summary.duckdb.medianMs.toFixed(0)} ms, on one thread ${summary["duckdb 1 thread"].medianMs.toFixed(0)} ms)`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 1e6), runs = Number(process.argv[3] ?? 5);
  for (const row of runCliReads(n, runs)) {
    const ratio = (/** @type {"wc -l" | "duckdb" | "duckdb 1 thread"} */ name) => `${(row.medianMs / row.against[name].medianMs).toFixed(2)}× wall, ${(row.cpuMedianMs / row.against[name].cpuMedianMs).toFixed(2)}× cpu`;
    console.log(`${row.task} n=${n}: ${row.medianMs.toFixed(0)} ms (cpu ${row.cpuMedianMs.toFixed(0)} ms, ${row.peakRssMiB.toFixed(0)} MiB); ÷ wc -l ${ratio("wc -l")}; ÷ DuckDB ${ratio("duckdb")}; ÷ DuckDB on one thread ${ratio("duckdb 1 thread")}`);
  }
}
