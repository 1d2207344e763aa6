// rmcal's benchmark: every hot path of the built package at n = 1e4 … 1e7, against a plain-JavaScript reference,
// the WebAssembly memory-streaming floor and Python anchors (numpy, scikit-learn, scipy) in the same invocation.
// Prints a table and writes bench/results.json. Not a test: nothing here asserts a time.
//   npm run bench                                   all rows, all sizes (build first: npm run build)
//   npm run bench -- --sizes 1e5,1e6 --only ece,curve --runs 5 --no-python
//   npm run bench -- --sizes 1e7 --only cli-read      the CLI's reading against wc -l and DuckDB (bench/cli-read.mjs)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir, cpus, availableParallelism, loadavg, totalmem } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { makePairs } from "./data.mjs";
import { TASKS } from "./tasks.mjs";
import { formatTable, formatCliReads, evaluateTargets, formatTargets } from "./report.mjs";
import { runCliReads } from "./cli-read.mjs";

/** @typedef {import("./report.mjs").Row} Row */
/** @typedef {import("./report.mjs").MeasuredRow} MeasuredRow */
/** @typedef {import("./report.mjs").AnchorSet} AnchorSet */

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = "/usr/bin/python3";

/** The row of `rmcal assess` over 100 shard files against one file (DESIGN §6.10); `--only cli-shards` runs it alone. */
const CLI_SHARDS = "cli-shards";

const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "1e4,1e5,1e6,1e7" },
    only: { type: "string" },
    runs: { type: "string", default: "5" },
    "no-python": { type: "boolean", default: false },
    // The sizes at which the CLI reads JSONL and CSV files against wc -l and DuckDB (files of 0.7 and 0.4 GiB at 1e7).
    "cli-sizes": { type: "string", default: "1e6,1e7" },
    out: { type: "string", default: join(here, "results.json") },
  },
});
const sizes = flags.sizes.split(",").map(Number);
const runs = Math.max(5, Number(flags.runs));
const only = flags.only ? flags.only.split(",") : null;
const CLI_READ = "cli-read";
const cliSizes = flags["cli-sizes"].split(",").map(Number);
for (const name of only ?? []) {
  if (!(name in TASKS) && name !== CLI_READ && name !== CLI_SHARDS) {
    throw new Error(`--only: unknown row "${name}"; rows are ${[...Object.keys(TASKS), CLI_READ, CLI_SHARDS].join(", ")}`);
  }
}

const rmcal = await import("rmcal");
const tasks = Object.entries(TASKS).filter(([name, spec]) => {
  if (only && !only.includes(name)) return false;
  if (typeof /** @type {Record<string, unknown>} */ (rmcal)[spec.api] !== "function") {
    console.log(`skip ${name}: rmcal.${spec.api} is not in this build`);
    return false;
  }
  return true;
});

const machine = describeMachine();
console.log(`machine: ${machine.cpu}, ${machine.nproc} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverage}`);
const python = flags["no-python"] ? { ok: false, reason: "--no-python" } : probePython();
if (!python.ok) console.log(`Python anchors skipped: ${python.reason}`);

/** @type {Row[]} */
const rows = [];
/** @type {Record<number, AnchorSet>} */
const anchors = {};
for (const n of sizes) {
  const dataDir = ensureData(n);
  const warmups = n >= 1e7 ? 1 : n >= 1e6 ? 2 : 5;
  for (const columns of [1, 2]) rows.push(runRow(`floor-${columns}`, "floor", dataDir, n, warmups));
  for (const [name, spec] of tasks) {
    if (spec.sizes && !spec.sizes.includes(n)) continue;
    rows.push(runRow(name, "wasm", dataDir, n, warmups));
    if (spec.reference) rows.push(runRow(name, "reference", dataDir, n, warmups));
  }
  if (n === 1e6 && !only) rows.push(runCli(dataDir, n));
  if (cliSizes.includes(n) && (!only || only.includes(CLI_READ))) rows.push(...runCliReads(n, runs));
  // The shards against the one file at the largest size of the run (the README quotes 10⁷).
  if ((n === Math.max(...sizes) && !only) || only?.includes(CLI_SHARDS)) rows.push(...runCliShards(dataDir, n));
  if (python.ok) {
    // Only the anchors of the rows measured at n: a row limited to other sizes (K-wise, Venn–Abers) has no ratio here.
    const wanted = new Set(["numpy_sum", ...tasks.filter(([, spec]) => !spec.sizes || spec.sizes.includes(n)).flatMap(([, spec]) => spec.anchors)]);
    process.stdout.write(`n=${n}: Python anchors (${[...wanted].join(", ")}) … `);
    anchors[n] = runAnchors(dataDir, n, [...wanted]);
    console.log("done");
  }
}

const table = formatTable(rows, anchors);
console.log(`\n${table}`);
const cliReads = formatCliReads(rows);
if (cliReads) console.log(`\n${cliReads}`);
const targets = evaluateTargets(rows, anchors);
console.log(`\n${formatTargets(targets)}`);
writeFileSync(flags.out, `${JSON.stringify({ machine, python, sizes, runs, rows, anchors, targets }, null, 1)}\n`);
console.log(`\nwrote ${flags.out}`);

/**
 * One row in a fresh process (bench/row.mjs), so that its peak RSS is its own.
 * @param {string} task @param {string} variant @param {string} dataDir @param {number} n @param {number} warmups
 * @returns {Row}
 */
function runRow(task, variant, dataDir, n, warmups) {
  process.stdout.write(`n=${n} ${task} (${variant}) … `);
  const child = spawnSync(process.execPath, ["--max-old-space-size=8192", join(here, "row.mjs"), task, variant, dataDir, String(n), String(runs), String(warmups)], {
    encoding: "utf8", maxBuffer: 1 << 26,
  });
  if (child.status !== 0) {
    console.log(`failed:\n${child.stderr}`);
    return { task, variant, n, error: child.stderr.split("\n").slice(0, 5).join("\n") };
  }
  const row = summarize(JSON.parse(lastLine(child.stdout)));
  console.log(`${row.medianMs.toFixed(2)} ms (cpu ${row.cpuMedianMs.toFixed(2)} ms)`);
  return row;
}

/**
 * The CLI on a JSONL file of n pairs ({"score_a", "score_b", "label"} per line): the whole process, parsing
 * included, timed and its peak RSS read by /usr/bin/time. Skipped without /usr/bin/time or bin/rmcal.js.
 * @param {string} dataDir @param {number} n
 * @returns {Row}
 */
function runCli(dataDir, n) {
  const cli = join(here, "..", "bin", "rmcal.js");
  /** @type {{ task: string, variant: string, n: number, times: number[], cpuTimes: number[], peakRssMiB: number, wasmMiB: null }} */
  const row = { task: "cli assess JSONL", variant: "cli", n, times: [], cpuTimes: [], peakRssMiB: 0, wasmMiB: null };
  if (!existsSync("/usr/bin/time") || !existsSync(cli)) return { ...row, error: "needs /usr/bin/time and bin/rmcal.js" };
  const file = ensureJsonl(dataDir, n);
  process.stdout.write(`n=${n} CLI assess on ${file} … `);
  for (let i = 0; i < runs; i++) {
    const child = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, cli, "assess", file, "--json"], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (child.status !== 0) return { ...row, error: child.stderr.slice(0, 400) };
    const [elapsed, user, system, maxKiB] = lastLine(child.stderr).split(" ").map(Number);
    row.times.push(elapsed * 1e3);
    row.cpuTimes.push((user + system) * 1e3);
    row.peakRssMiB = Math.max(row.peakRssMiB, maxKiB / 1024);
  }
  const measured = summarize(row);
  console.log(`${measured.medianMs.toFixed(0)} ms, peak RSS ${measured.peakRssMiB.toFixed(0)} MiB`);
  return measured;
}

/**
 * The JSONL file of the n pairs ({"score_a", "score_b", "label"} per line), written once.
 * @param {string} dataDir @param {number} n
 */
function ensureJsonl(dataDir, n) {
  const file = join(dataDir, "pairs.jsonl");
  if (!existsSync(file)) {
    const read = (/** @type {string} */ name) => { const b = readFileSync(join(dataDir, `${name}.f64`)); return new Float64Array(b.buffer, b.byteOffset, n); };
    const margin = read("margin"), label = read("label");
    const lines = [];
    for (let i = 0; i < n; i++) lines.push(`{"score_a":${margin[i]},"score_b":0,"label":${label[i]}}`);
    writeFileSync(file, `${lines.join("\n")}\n`);
  }
  return file;
}

/**
 * `rmcal assess` over the same n pairs cut into 100 shard files (a folder), with --threads 2 (the row) and
 * --threads 1 (its reference, so "× ref" is the speedup), and over the one file, in the same run: each the whole
 * process, timed by /usr/bin/time. The three print the same bytes (test/app/cli/cli-threads.test.ts).
 * @param {string} dataDir @param {number} n
 * @returns {Row[]}
 */
function runCliShards(dataDir, n) {
  const cli = join(here, "..", "bin", "rmcal.js");
  if (!existsSync("/usr/bin/time") || !existsSync(cli)) return [{ task: "cli assess 100 shards", variant: "cli", n, error: "needs /usr/bin/time and bin/rmcal.js" }];
  const file = ensureJsonl(dataDir, n);
  const shards = join(dataDir, "shards100");
  if (!existsSync(join(shards, "part-099.jsonl"))) {
    mkdirSync(shards, { recursive: true });
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    for (let k = 0; k < 100; k++) {
      const part = lines.slice(Math.floor((k * lines.length) / 100), Math.floor(((k + 1) * lines.length) / 100));
      writeFileSync(join(shards, `part-${String(k).padStart(3, "0")}.jsonl`), `${part.join("\n")}\n`);
    }
  }
  /** @type {[string, string, string[]][]} */
  const runs3 = [
    ["cli assess 100 shards", "cli", [shards, "--threads", "2"]],
    ["cli assess 100 shards", "reference", [shards, "--threads", "1"]],
    ["cli assess 1 file", "cli", [file, "--threads", "1"]],
  ];
  return runs3.map(([task, variant, args]) => {
    process.stdout.write(`n=${n} ${task} (${variant}: ${args.slice(1).join(" ")}) … `);
    /** @type {{ task: string, variant: string, n: number, times: number[], cpuTimes: number[], peakRssMiB: number, wasmMiB: null }} */
    const row = { task, variant, n, times: [], cpuTimes: [], peakRssMiB: 0, wasmMiB: null };
    for (let i = 0; i < runs; i++) {
      const child = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", process.execPath, cli, "assess", ...args, "--json"], { encoding: "utf8", maxBuffer: 1 << 26 });
      if (child.status !== 0) return { task, variant, n, error: child.stderr.slice(0, 400) };
      const [elapsed, user, system, maxKiB] = lastLine(child.stderr).split(" ").map(Number);
      row.times.push(elapsed * 1e3);
      row.cpuTimes.push((user + system) * 1e3);
      row.peakRssMiB = Math.max(row.peakRssMiB, maxKiB / 1024);
    }
    const measured = summarize(row);
    console.log(`${measured.medianMs.toFixed(0)} ms (cpu ${measured.cpuMedianMs.toFixed(0)} ms), peak RSS ${measured.peakRssMiB.toFixed(0)} MiB`);
    return measured;
  });
}

/**
 * The Python anchors at n (bench/anchors.py), each summarized and named; `error` when anchors.py failed.
 * @param {string} dataDir @param {number} n @param {string[]} names
 * @returns {AnchorSet}
 */
function runAnchors(dataDir, n, names) {
  const child = spawnSync(PYTHON, [join(here, "anchors.py"), dataDir, String(n), String(runs), names.join(",")], {
    encoding: "utf8", env: pythonEnv(), maxBuffer: 1 << 26,
  });
  if (child.status !== 0) return { error: child.stderr.split("\n").slice(-5).join("\n") };
  const out = JSON.parse(lastLine(child.stdout));
  for (const [name, entry] of Object.entries(out)) if (entry.times) Object.assign(summarize(entry), { name });
  return out;
}

/** The last line of a process's output (where row.mjs and anchors.py print their JSON). @param {string} text */
function lastLine(text) {
  return text.trim().split("\n").at(-1) ?? "";
}

/**
 * Median, min and max of the wall times, and the median CPU time, added to the entry.
 * @template {{ times: number[], cpuTimes: number[] }} E
 * @param {E} entry
 * @returns {E & { medianMs: number, minMs: number, maxMs: number, cpuMedianMs: number }}
 */
function summarize(entry) {
  const sorted = [...entry.times].sort((a, b) => a - b);
  const cpu = [...entry.cpuTimes].sort((a, b) => a - b);
  return Object.assign(entry, {
    medianMs: sorted[sorted.length >> 1], minMs: sorted[0], maxMs: sorted[sorted.length - 1], cpuMedianMs: cpu[cpu.length >> 1],
  });
}

// Some machines set OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for other tools; the anchors run with numpy's defaults.
function pythonEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function probePython() {
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  const probe = spawnSync(PYTHON, ["-c", "import numpy, scipy, sklearn; print(numpy.__version__, scipy.__version__, sklearn.__version__)"], {
    encoding: "utf8", env: pythonEnv(),
  });
  if (probe.status !== 0) return { ok: false, reason: `numpy, scipy and scikit-learn do not all import in ${PYTHON}` };
  const [numpy, scipy, sklearn] = probe.stdout.trim().split(" ");
  return { ok: true, numpy, scipy, sklearn };
}

/**
 * Writes the pairs of size n as raw float64 files once; later runs (and Python) read the same bytes.
 * @param {number} n
 */
function ensureData(n) {
  const dir = join(tmpdir(), "rmcal-bench", `n${n}`);
  const names = /** @type {const} */ (["margin", "label", "prob"]);
  if (names.every((name) => existsSync(join(dir, `${name}.f64`)) && statSync(join(dir, `${name}.f64`)).size === n * 8)) return dir;
  process.stdout.write(`n=${n}: generating data in ${dir} … `);
  mkdirSync(dir, { recursive: true });
  const data = makePairs(n);
  for (const name of names) writeFileSync(join(dir, `${name}.f64`), new Uint8Array(data[name].buffer));
  console.log("done");
  return dir;
}

function describeMachine() {
  const info = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpus()[0]?.model ?? "unknown";
  return {
    cpu: model, nproc: availableParallelism(), memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node,
    v8: process.versions.v8, platform: `${process.platform}-${process.arch}`, loadAverage: loadavg().map((x) => x.toFixed(2)).join(" "),
    date: new Date().toISOString(),
  };
}
