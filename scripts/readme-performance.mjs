// The README's Performance tables, rendered from the committed benchmark results (bench/results.json and the other
// files TABLES names), so that every number there comes from a file in the repository and no hand copies it.
//   node scripts/readme-performance.mjs           prints the section
//   node scripts/readme-performance.mjs --write   rewrites README.md between the readme-performance markers
// test/docs/readme-performance.test.ts fails when README.md differs from what this renders. To show a new bench row,
// add it to a table in TABLES (a row whose task, or whose comparison, is not in the results is left out; a table
// with no row left is left out whole); to show new results, rerun the bench and then this script with --write.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ISOTONIC_GRID } from "../bench/tasks.mjs";

/** One measured row of a results file (bench/report.mjs's MeasuredRow, the fields used here). @typedef {{ task: string, variant: string, n: number, medianMs: number, cpuMedianMs: number, result?: unknown, error?: string }} Row */
/** A Python anchor's medians and result. @typedef {{ medianMs: number, cpuMedianMs: number, result?: unknown }} Anchor */
/**
 * What bench/run.mjs writes (the fields used here).
 * @typedef {{ machine: { cpu: string, nproc: number, node: string, loadAverage: string },
 *   python: { ok: boolean, numpy?: string, scipy?: string, sklearn?: string }, runs: number, rows: Row[],
 *   anchors: Record<string, Record<string, Anchor | string | Record<string, string>>> }} Results
 */
/** The time of a row or an anchor, in one run, on the table's clock. @typedef {{ ms: number, result: unknown }} Timing */
/**
 * What a row is compared with, measured in the same run: a Python anchor of bench/anchors.py, or another row (a
 * task in a variant, e.g. the memory floor, one thread against two, the CLI against a shell tool).
 * A "cli-read" row is compared with its own `against` timings (wc -l and DuckDB on the same file, bench/cli-read.mjs).
 * @typedef {{ label: string, anchor: string } | { label: string, task: string, variant?: string }
 *   | { label: string, against: "wc -l" | "duckdb" | "duckdb 1 thread" }} Versus
 */
/**
 * One line of a table.
 * @typedef {object} RowSpec
 * @property {string} work the first column: what was timed (Markdown)
 * @property {string} task the bench task (bench/tasks.mjs) whose time the row shows
 * @property {string} [variant] its variant in the results (default "wasm")
 * @property {Versus} [versus] what it is compared with in the same run; the row is left out when that is missing
 * @property {(ours: unknown, theirs: unknown) => string | null} [agreement] how far the two results agree, in words
 * @property {false} [verdict] false: show the two times side by side, with no ratio (they do different work)
 */
/**
 * One table and the sentence above it.
 * @typedef {object} TableSpec
 * @property {string[]} results results files, relative to the repository; the first that holds any of the rows at
 *   `n` is used for the whole table, so that every ratio in it comes from one run
 * @property {number | "largest"} n the size shown: a number of pairs, or the largest the file measured
 * @property {"medianMs" | "cpuMedianMs"} clock wall-clock or CPU-time medians
 * @property {string} versusHeading the third column's heading
 * @property {(context: CaptionContext) => string} caption the sentence above the table, ending in a colon
 * @property {RowSpec[]} rows
 */
/** @typedef {{ size: string, file: string, machine: string, versions: string, runs: number, clock: string }} CaptionContext */

export const BEGIN = "<!-- readme-performance:begin -->";
export const END = "<!-- readme-performance:end -->";

/** |T − T_other| / T_other, as "same T to 4e-9" (one significant digit; "exactly" when equal). */
const sameValue = (/** @type {string} */ name) => (/** @type {unknown} */ ours, /** @type {unknown} */ theirs) => {
  if (typeof ours !== "number" || typeof theirs !== "number") return null;
  const relative = Math.abs(ours - theirs) / Math.abs(theirs);
  return relative === 0 ? `same ${name} exactly` : `same ${name} to ${relative.toPrecision(1)}`;
};

/**
 * The largest difference of two results on the grid of margins both were evaluated at (bench/tasks.mjs
 * ISOTONIC_GRID; one value per margin, or several, such as p0 and p1), in words.
 */
const sameOnGrid = (/** @type {string} */ what) => (/** @type {unknown} */ ours, /** @type {unknown} */ theirs) => {
  if (!Array.isArray(ours) || !Array.isArray(theirs) || ours.length !== theirs.length) return null;
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i], b = theirs[i];
    // A missing value (NaN is written as null) on one side only is a disagreement no number states.
    if ((a === null) !== (b === null)) return null;
    if (a !== null) worst = Math.max(worst, Math.abs(a - b));
  }
  const where = `at ${ISOTONIC_GRID.length} margins`;
  return worst === 0 ? `same ${what} (max Δ 0 ${where})` : `${what} within ${worst.toPrecision(1)} ${where}`;
};

/** The tables of the Performance section, in order. The one place to add a row. @type {TableSpec[]} */
export const TABLES = [
  {
    results: ["bench/results.json"], n: "largest", clock: "medianMs", versusHeading: "compared with, same run",
    caption: (c) => `${c.size} pairs, ${c.machine}, ${c.versions}, one run of \`npm run bench\` (${c.clock} of ${c.runs}; \`${c.file}\`):`,
    rows: [
      { work: "`expectedCalibrationError`, 15 bins", task: "ece", versus: { label: "numpy `bincount` ECE", anchor: "numpy_ece" } },
      { work: "`expectedCalibrationError` against the memory floor", task: "ece", versus: { label: "SIMD sum of the two float64 columns", task: "floor-2", variant: "floor" } },
      { work: "`calibrationCurve`, 15 bins", task: "curve", versus: { label: "`sklearn.calibration.calibration_curve`", anchor: "sklearn_curve" } },
      { work: "`assess` from margins (σ, NLL, Brier, ECE, bins)", task: "assess", versus: { label: "numpy ECE alone", anchor: "numpy_ece" } },
      { work: "`fitTemperature` (NLL)", task: "temperature", versus: { label: "`scipy.optimize.minimize_scalar`", anchor: "scipy_temperature" }, agreement: sameValue("T") },
      { work: "`fitIsotonicRegression`", task: "isotonic-regression", versus: { label: "`sklearn.isotonic.IsotonicRegression.fit`", anchor: "sklearn_isotonic" }, agreement: sameOnGrid("predictions") },
      { work: "`fitIsotonic` (pairs, antisymmetric: 2·n points)", task: "isotonic" },
      { work: "`smoothEce`", task: "smooth-ece" },
      { work: "memory floor: SIMD sum of the two float64 columns", task: "floor-2", variant: "floor", versus: { label: "numpy `sum` of one column", anchor: "numpy_sum" }, verdict: false },
    ],
  },
  {
    // Venn–Abers as oriented (symmetric: false), as the Python lines compute it (bench/tasks.mjs).
    results: ["bench/results.json"], n: 1e6, clock: "cpuMedianMs", versusHeading: "Python, same run",
    caption: (c) => `Venn–Abers at ${c.size} pairs (as oriented, \`symmetric: false\`, so that the Python lines compute the same ` +
      `thing), ${c.machine}, ${c.clock} of ${c.runs} (\`${c.file}\`):`,
    rows: [
      { work: "`fitVennAbers` (p0 and p1 in every gap)", task: "venn-abers", versus: { label: "the same hull sweep in CPython over numpy-sorted data", anchor: "python_venn_abers_fit" }, agreement: sameOnGrid("tables") },
      { work: "`fitVennAbers`", task: "venn-abers", versus: { label: "two `IsotonicRegression` fits and predictions (not Venn–Abers: its least cost on scikit-learn)", anchor: "sklearn_isotonic_twice" } },
      { work: "`predictInterval` of every margin", task: "venn-abers-predict", versus: { label: "`numpy.searchsorted` twice on the Python line's (unpruned) tables", anchor: "python_venn_abers_predict" } },
    ],
  },
  {
    // K-wise temperature (DESIGN §5.12): n prompts × K = 4, the public call with validation and the profile interval.
    results: ["bench/results.json"], n: 1e6, clock: "cpuMedianMs", versusHeading: "Python, same run",
    caption: (c) => `K-wise temperature at ${c.size} prompts × K = 4 (the public call: validation of the scores and the ` +
      `likelihood interval), ${c.machine}, ${c.clock} of ${c.runs} (\`${c.file}\`):`,
    rows: [
      { work: "`fitTemperature({ scores, offsets, best })` (flat: one score column)", task: "temperature-kwise", versus: { label: "scipy's bounded Brent on the `logsumexp` NLL", anchor: "scipy_kwise_temperature" }, agreement: sameValue("T") },
      { work: "`fitTemperature({ scores, best })` (an array per prompt)", task: "temperature-kwise-nested", versus: { label: "scipy's bounded Brent on the `logsumexp` NLL", anchor: "scipy_kwise_temperature" }, agreement: sameValue("T") },
    ],
  },
  {
    // Two threads against one in the same run (DESIGN §6.10): the same bits either way (the tests check it).
    results: ["bench/results-threads.json", "bench/results.json"], n: "largest", clock: "medianMs", versusHeading: "one thread, same run",
    caption: (c) => `Two threads against one at ${c.size} pairs, ${c.machine}, ${c.clock} of ${c.runs} (\`${c.file}\`); ` +
      "every pair of lines gives the same bits:",
    rows: [
      { work: "`bootstrapCalibrationParallel`, `threads: 2`", task: "bootstrap-threads", versus: { label: "`threads: 1`", task: "bootstrap-threads", variant: "reference" } },
      { work: "`smoothEceParallel` (the band), `threads: 2`", task: "smooth-ece-band-threads", versus: { label: "`threads: 1`", task: "smooth-ece-band-threads", variant: "reference" } },
      { work: "`assessParallel`, `threads: 2`", task: "assess-threads", versus: { label: "`threads: 1`", task: "assess-threads", variant: "reference" } },
      { work: "`fitTemperatureParallel`, `threads: 2`", task: "fit-temperature-threads", versus: { label: "`threads: 1`", task: "fit-temperature-threads", variant: "reference" } },
      { work: "`rmcal assess` of 100 shards, `--threads 2`", task: "cli assess 100 shards", variant: "cli", versus: { label: "`--threads 1`", task: "cli assess 100 shards", variant: "reference" } },
      { work: "`rmcal assess` of 100 shards, `--threads 2`", task: "cli assess 100 shards", variant: "cli", versus: { label: "the same pairs in one file, `--threads 1`", task: "cli assess 1 file", variant: "cli" } },
    ],
  },
  {
    // The CLI's reading (DESIGN §12.5): the whole `rmcal assess --json` process against tools that only read.
    results: ["bench/results-threads.json", "bench/results.json"], n: "largest", clock: "medianMs", versusHeading: "the same file, same run",
    caption: (c) => `Reading ${c.size} pairs with \`rmcal assess\` (the whole process), ${c.machine}, ${c.clock} of ${c.runs} ` +
      `(\`${c.file}\`; DuckDB from \`@duckdb/node-api\`, counting the same fields):`,
    rows: [
      { work: "`rmcal assess pairs.jsonl`", task: "cli read JSONL", variant: "cli-read", versus: { label: "`wc -l`", against: "wc -l" } },
      { work: "`rmcal assess pairs.jsonl`", task: "cli read JSONL", variant: "cli-read", versus: { label: "DuckDB `read_json`", against: "duckdb" } },
      { work: "`rmcal assess pairs.jsonl`", task: "cli read JSONL", variant: "cli-read", versus: { label: "DuckDB `read_json`, one thread", against: "duckdb 1 thread" } },
      { work: "`rmcal assess pairs.csv`", task: "cli read CSV", variant: "cli-read", versus: { label: "`wc -l`", against: "wc -l" } },
      { work: "`rmcal assess pairs.csv`", task: "cli read CSV", variant: "cli-read", versus: { label: "DuckDB `read_csv`", against: "duckdb" } },
      { work: "`rmcal assess pairs.csv`", task: "cli read CSV", variant: "cli-read", versus: { label: "DuckDB `read_csv`, one thread", against: "duckdb 1 thread" } },
    ],
  },
];

/** "10⁷" for a power of ten, else the number with thousands separators. */
function sizeText(/** @type {number} */ n) {
  const exponent = Math.log10(n);
  if (!Number.isInteger(exponent)) return n.toLocaleString("en-US");
  const superscript = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  return `10${[...String(exponent)].map((d) => superscript[Number(d)]).join("")}`;
}

/** 5.4 ms, 48 ms, 1.20 s: two or three significant digits, as a reader compares them. */
function timeText(/** @type {number} */ ms) {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

const ratioText = (/** @type {number} */ r) => (r >= 100 ? r.toFixed(0) : r.toFixed(1));

/** The timing of a task in a variant at n, or of an anchor; undefined when it did not run (or failed). */
function timing(/** @type {Results} */ results, /** @type {number} */ n, /** @type {TableSpec["clock"]} */ clock, /** @type {{ anchor: string } | { task: string, variant?: string }} */ what) {
  if ("anchor" in what) {
    const a = results.anchors?.[String(n)]?.[what.anchor];
    return a && typeof a === "object" && typeof a.medianMs === "number" ? { ms: /** @type {Anchor} */ (a)[clock], result: /** @type {Anchor} */ (a).result } : undefined;
  }
  const row = results.rows.find((r) => r.task === what.task && r.variant === (what.variant ?? "wasm") && r.n === n && !r.error);
  return row ? { ms: row[clock], result: row.result } : undefined;
}

/** A "cli-read" row's own timing of a shell tool on the same file (its `against`), or undefined. */
function againstTiming(/** @type {Results} */ results, /** @type {number} */ n, /** @type {TableSpec["clock"]} */ clock, /** @type {RowSpec} */ spec) {
  const tool = spec.versus && "against" in spec.versus ? spec.versus.against : undefined;
  const row = results.rows.find((r) => r.task === spec.task && r.variant === (spec.variant ?? "wasm") && r.n === n && !r.error);
  const a = tool === undefined ? undefined : /** @type {Row & { against?: Record<string, Anchor> }} */ (row)?.against?.[tool];
  return a ? { ms: a[clock], result: undefined } : undefined;
}

/** The machine as the captions name it: CPU, cores, the load when the run started. */
function machineText(/** @type {Results["machine"]} */ m) {
  return `${m.cpu} (${m.nproc} cores, shared; load average ${m.loadAverage.split(" ")[0]} at the start)`;
}

function versionsText(/** @type {Results} */ results) {
  const p = results.python;
  return [`Node ${results.machine.node}`, ...(p.ok ? [`numpy ${p.numpy}`, `scipy ${p.scipy}`, `scikit-learn ${p.sklearn}`] : [])].join(", ");
}

/**
 * One table in Markdown, or null when none of its rows is in the results.
 * @param {TableSpec} table
 * @param {Record<string, Results | undefined>} files the results files by path; a missing file is undefined
 */
export function renderTable(table, files) {
  for (const file of table.results) {
    const results = files[file];
    if (!results) continue;
    const n = table.n === "largest" ? Math.max(...results.rows.map((r) => r.n)) : table.n;
    const lines = table.rows.flatMap((spec) => {
      const ours = timing(results, n, table.clock, { task: spec.task, variant: spec.variant });
      if (!ours) return [];
      if (!spec.versus) return [`| ${spec.work} | ${timeText(ours.ms)} | | |`];
      const theirs = "against" in spec.versus ? againstTiming(results, n, table.clock, spec) : timing(results, n, table.clock, spec.versus);
      if (!theirs) return [];
      const r = theirs.ms / ours.ms;
      const agreement = spec.agreement?.(ours.result, theirs.result);
      const verdict = [spec.verdict === false ? null : r >= 1 ? `${ratioText(r)}× faster` : `takes ${ratioText(1 / r)}× as long`, agreement].filter(Boolean).join(", ");
      return [`| ${spec.work} | ${timeText(ours.ms)} | ${spec.versus.label} ${timeText(theirs.ms)} | ${verdict} |`];
    });
    if (lines.length === 0) continue;
    const caption = table.caption({
      size: sizeText(n), file, machine: machineText(results.machine), versions: versionsText(results), runs: results.runs,
      clock: table.clock === "medianMs" ? "wall-clock medians" : "CPU-time medians",
    });
    return [caption, "", `| work | rmcal | ${table.versusHeading} | rmcal is |`, "|---|---|---|---|", ...lines].join("\n");
  }
  return null;
}

/**
 * The whole generated part of the Performance section: every table that has rows, with a blank line between.
 * @param {Record<string, Results | undefined>} files
 */
export function renderPerformance(files) {
  return TABLES.map((t) => renderTable(t, files)).filter((t) => t !== null).join("\n\n");
}

/** Every results file TABLES names, read from the repository at `root` (undefined when it is not there). */
export function readResults(/** @type {string} */ root) {
  /** @type {Record<string, Results | undefined>} */
  const files = {};
  for (const file of new Set(TABLES.flatMap((t) => t.results))) {
    const path = join(root, file);
    files[file] = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
  }
  return files;
}

/** The text between the markers of `readme`; throws when they are missing or out of order. */
export function currentSection(/** @type {string} */ readme) {
  const begin = readme.indexOf(BEGIN), end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md needs the markers ${BEGIN} and ${END}, in that order`);
  return readme.slice(begin + BEGIN.length, end).replace(/^\n/, "").replace(/\n$/, "");
}

/** `readme` with the text between the markers replaced by `section`. */
export function withSection(/** @type {string} */ readme, /** @type {string} */ section) {
  currentSection(readme);
  return readme.slice(0, readme.indexOf(BEGIN) + BEGIN.length) + `\n${section}\n` + readme.slice(readme.indexOf(END));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const section = renderPerformance(readResults(root));
  if (process.argv.includes("--write")) {
    const readmePath = join(root, "README.md");
    writeFileSync(readmePath, withSection(readFileSync(readmePath, "utf8"), section));
    console.log("wrote the Performance tables of README.md");
  } else {
    console.log(section);
  }
}
