// The benchmark's table and the performance targets, computed from the rows of run.mjs (medians of one invocation).
import { TASKS, ISOTONIC_GRID } from "./tasks.mjs";

/**
 * The times of one measured thing, and the statistics run.mjs's summarize() adds to them (milliseconds).
 * @typedef {object} Timed
 * @property {number[]} times wall-clock time of each run
 * @property {number[]} cpuTimes user + system CPU time of each run
 * @property {number} medianMs
 * @property {number} minMs
 * @property {number} maxMs
 * @property {number} cpuMedianMs
 */
/**
 * A row that ran: one task at one n in one variant ("wasm", "reference", "floor", "cli" or "cli-read"; a
 * "cli-read" row also has `bytes`, the file's size, and `against`, its anchors "wc -l" and "duckdb" timed alike).
 * @typedef {Timed & { task: string, variant: string, n: number, peakRssMiB: number, wasmMiB: number | null,
 *   result?: import("./tasks.mjs").Summary, error?: undefined }} MeasuredRow
 */
/** A "cli-read" row. @typedef {MeasuredRow & { bytes: number, against: { "wc -l": Timed, duckdb: Timed, "duckdb 1 thread": Timed } }} CliReadRow */
/** A row that failed, with the start of its error output. @typedef {{ task: string, variant: string, n: number, error: string }} FailedRow */
/** @typedef {MeasuredRow | FailedRow} Row */
/** A Python anchor's times and result (bench/anchors.py). @typedef {Timed & { name: string, result?: number | (number | null)[] }} Anchor */
/** The anchors at one n by name, or `error` (a string) when anchors.py failed. @typedef {Record<string, Anchor | string>} AnchorSet */
/** One of the targets, measured. @typedef {{ target: string, n: number, measured: number, goal: number, met: boolean }} Target */

/** @type {(a: Anchor | string | undefined) => a is Anchor} */
const isAnchor = (a) => typeof a === "object" && !!a.medianMs;

/** @type {Record<string, string>} */
const ANCHOR_LABELS = {
  numpy_sum: "numpy sum", numpy_ece: "numpy ECE", numpy_ece_sklearn_edges: "numpy ECE (sklearn edges)", sklearn_curve: "sklearn curve",
  scipy_temperature: "scipy T", scipy_temperature_tight: "scipy T (xatol 1e-8)", scipy_davidson: "scipy Davidson", scipy_kwise_temperature: "scipy K-wise T", sklearn_isotonic: "sklearn iso", sklearn_isotonic_presorted: "sklearn PAV on argsort",
  sklearn_isotonic_twice: "sklearn iso ×2", python_venn_abers_fit: "Python VA fit", python_venn_abers_predict: "Python VA predict",
};

/**
 * The row of `task` at n in `variant` that ran, if any.
 * @param {Row[]} rows @param {string} task @param {string} variant @param {number} n
 * @returns {MeasuredRow | undefined}
 */
function find(rows, task, variant, n) {
  return rows.find(/** @type {(r: Row) => r is MeasuredRow} */ ((r) => r.task === task && r.variant === variant && r.n === n && !r.error));
}

/**
 * Median time of the floor over the same bytes as `task`'s inputs.
 * @param {Row[]} rows @param {string} task @param {number} n
 */
function floorFor(rows, task, n) {
  return find(rows, `floor-${TASKS[task]?.columns ?? 1}`, "floor", n);
}

const ms = (/** @type {number} */ x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (/** @type {number} */ x) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));

/**
 * The table: one line per (row, n) for the WebAssembly path, then the floor and the Python anchors.
 * @param {Row[]} rows @param {Record<number, AnchorSet>} anchors
 */
export function formatTable(rows, anchors) {
  const header = ["row", "n", "median ms", "cpu ms", "min–max ms", "pairs/s", "ns/pair", "× ref", "÷ floor", "Python anchors (× faster)", "peak RSS MiB", "WASM MiB"];
  const lines = [];
  const sizes = [...new Set(rows.map((r) => r.n))];
  const taskNames = [...new Set(rows.filter((r) => r.variant === "wasm" || r.variant === "cli").map((r) => r.task))];
  for (const task of taskNames) {
    for (const n of sizes) {
      const row = find(rows, task, "wasm", n) ?? find(rows, task, "cli", n);
      if (!row) continue;
      const reference = find(rows, task, "reference", n);
      const floor = floorFor(rows, task, n);
      const anchorText = (TASKS[task]?.anchors ?? [])
        .map((name) => anchors[n]?.[name])
        .filter(isAnchor)
        .map((a) => `${ANCHOR_LABELS[a.name]} ${ms(a.medianMs)} ms (${ratio(a.medianMs / row.medianMs)}×)`)
        .join("; ");
      lines.push([
        task, n.toExponential(0), ms(row.medianMs), ms(row.cpuMedianMs), `${ms(row.minMs)}–${ms(row.maxMs)}`,
        `${((n / row.medianMs) * 1e3).toExponential(2)}`, ((row.medianMs * 1e6) / n).toFixed(1),
        reference ? ratio(reference.medianMs / row.medianMs) : "—",
        floor ? ratio(row.medianMs / floor.medianMs) : "—",
        anchorText || "—", row.peakRssMiB.toFixed(0), row.wasmMiB?.toFixed(1) ?? "—",
      ]);
    }
  }
  for (const n of sizes) {
    for (const columns of [1, 2]) {
      const floor = find(rows, `floor-${columns}`, "floor", n);
      if (floor) lines.push([`floor (${columns} col SIMD sum)`, n.toExponential(0), ms(floor.medianMs), ms(floor.cpuMedianMs), `${ms(floor.minMs)}–${ms(floor.maxMs)}`, ((n / floor.medianMs) * 1e3).toExponential(2), ((floor.medianMs * 1e6) / n).toFixed(2), "—", "1", "—", floor.peakRssMiB.toFixed(0), floor.wasmMiB?.toFixed(1) ?? "—"]);
    }
    for (const [name, a] of Object.entries(anchors[n] ?? {})) {
      if (isAnchor(a)) lines.push([`python ${ANCHOR_LABELS[name]}`, n.toExponential(0), ms(a.medianMs), ms(a.cpuMedianMs), `${ms(a.minMs)}–${ms(a.maxMs)}`, ((n / a.medianMs) * 1e3).toExponential(2), ((a.medianMs * 1e6) / n).toFixed(1), "—", "—", "—", "—", "—"]);
    }
  }
  return markdown(header, lines);
}

/**
 * The CLI's reading (rows "cli read JSONL" and "cli read CSV", bench/cli-read.mjs): rmcal assess against wc -l and
 * DuckDB (on all cores, and on one) on the same file, as ratios of the medians of one run, by wall clock and by CPU time. Empty without them.
 * @param {Row[]} rows
 */
export function formatCliReads(rows) {
  const reads = /** @type {CliReadRow[]} */ (rows.filter((r) => r.variant === "cli-read" && !r.error));
  if (reads.length === 0) return "";
  const header = ["row", "n", "file MiB", "rmcal ms", "cpu ms", "peak RSS MiB", "wc -l ms", "÷ wc -l (cpu)", "DuckDB ms", "÷ DuckDB (cpu)", "DuckDB 1 thread ms", "÷ it (cpu)"];
  const lines = reads.map((r) => {
    const versus = (/** @type {Timed} */ a) => `${ratio(r.medianMs / a.medianMs)} (${a.cpuMedianMs > 0 ? ratio(r.cpuMedianMs / a.cpuMedianMs) : "—"})`;
    return [
      r.task, r.n.toExponential(0), (r.bytes / 2 ** 20).toFixed(0), ms(r.medianMs), ms(r.cpuMedianMs), r.peakRssMiB.toFixed(0),
      ms(r.against["wc -l"].medianMs), versus(r.against["wc -l"]), ms(r.against.duckdb.medianMs), versus(r.against.duckdb),
      ms(r.against["duckdb 1 thread"].medianMs), versus(r.against["duckdb 1 thread"]),
    ];
  });
  return markdown(header, lines);
}

/** @param {string[]} header @param {string[][]} lines */
function markdown(header, lines) {
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => String(l[i]).length)));
  const fmt = (/** @type {string[]} */ l) => `| ${l.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [fmt(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(fmt)].join("\n");
}

/**
 * The performance targets at the largest n measured: each with the measured value from wall-clock medians (what the
 * targets are stated in), the same from CPU-time medians (stable on a shared machine), the goal, and whether the
 * wall-clock value meets it.
 */
/**
 * @param {Row[]} rows @param {Record<number, AnchorSet>} anchors
 * @returns {(Target & { measuredCpu: number | null })[]}
 */
export function evaluateTargets(rows, anchors) {
  const wall = targetValues(rows, anchors, "medianMs");
  const cpu = new Map(targetValues(rows, anchors, "cpuMedianMs").map((t) => [t.target, t.measured]));
  return wall.map((t) => ({ ...t, measuredCpu: cpu.get(t.target) ?? null }));
}

/**
 * @param {Row[]} rows @param {Record<number, AnchorSet>} anchors @param {"medianMs" | "cpuMedianMs"} clock
 * @returns {Target[]}
 */
function targetValues(rows, anchors, clock) {
  const n = Math.max(...rows.map((r) => r.n));
  /** @type {Target[]} */
  const out = [];
  const wasm = (/** @type {string} */ task) => find(rows, task, "wasm", n);
  const anchor = (/** @type {string} */ name) => {
    const a = anchors[n]?.[name];
    return isAnchor(a) ? a : undefined;
  };
  /** A time in ms, or NaN when the entry is missing (then the target is skipped). @param {Timed | undefined} entry */
  const time = (entry) => entry?.[clock] ?? NaN;
  /** @param {string} target @param {number} measured @param {number} goal @param {boolean} atLeast */
  const add = (target, measured, goal, atLeast) => {
    if (measured === undefined || !Number.isFinite(measured)) return;
    out.push({ target, n, measured: Number(measured.toPrecision(3)), goal, met: atLeast ? measured >= goal : measured <= goal });
  };
  // Ratios against Python are quoted against its fastest idiomatic line (bench/anchors.py): numpy_ece bins by
  // multiply-and-floor; numpy_ece_sklearn_edges keeps scikit-learn's edge rule with searchsorted, and is shown too.
  for (const task of ["ece", "curve"]) {
    const row = wasm(task);
    if (!row) continue;
    add(`${task}: × faster than numpy ECE line (multiply-and-floor, bincount)`, time(anchor("numpy_ece")) / time(row), 3, true);
    add(`${task}: × faster than numpy ECE line with sklearn's edges (searchsorted)`, time(anchor("numpy_ece_sklearn_edges")) / time(row), 3, true);
    add(`${task}: ÷ SIMD floor over the same bytes`, time(row) / time(floorFor(rows, task, n)), 3, false);
  }
  for (const task of ["ece-kernel", "assess", "assess-kernel"]) {
    const row = wasm(task);
    if (row) add(`${task}: ÷ SIMD floor over the same bytes`, time(row) / time(floorFor(rows, task, n)), 3, false);
  }
  if (wasm("curve")) add("curve: × faster than sklearn calibration_curve", time(anchor("sklearn_curve")) / time(wasm("curve")), 10, true);
  if (wasm("assess")) add("assess (margins): ÷ numpy ECE line", time(wasm("assess")) / time(anchor("numpy_ece")), 2, false);
  const temperature = wasm("temperature");
  if (temperature) {
    add("fitTemperature: × faster than scipy (minimize_scalar bounded on log T, default xatol)", time(anchor("scipy_temperature")) / time(temperature), 20, true);
    add("fitTemperature: × faster than scipy with xatol 1e-8", time(anchor("scipy_temperature_tight")) / time(temperature), 20, true);
    for (const name of ["scipy_temperature", "scipy_temperature_tight"]) {
      const t = anchor(name)?.result;
      if (typeof t === "number") add(`fitTemperature: |T − T_${name}| / T`, Math.abs(Number(temperature.result) - t) / t, 1e-6, false);
    }
  }
  const kwise = wasm("temperature-kwise");
  if (kwise) {
    add("fitTemperature K-wise (K = 4): × faster than scipy", time(anchor("scipy_kwise_temperature")) / time(kwise), 10, true);
    const t = anchor("scipy_kwise_temperature")?.result;
    if (typeof t === "number") add("fitTemperature K-wise: |T − T_scipy| / T", Math.abs(Number(kwise.result) - t) / t, 1e-6, false);
  }
  const isotonic = wasm("isotonic-regression");
  if (isotonic) {
    add("fitIsotonicRegression: × faster than sklearn fit", time(anchor("sklearn_isotonic")) / time(isotonic), 8, true);
    add("fitIsotonicRegression: × faster than argsort + sklearn isotonic_regression (tie-free data)", time(anchor("sklearn_isotonic_presorted")) / time(isotonic), 8, true);
    const theirs = anchor("sklearn_isotonic")?.result;
    if (Array.isArray(theirs) && Array.isArray(isotonic.result)) {
      add("fitIsotonicRegression: max |Δ prediction| vs sklearn on a 101-point grid", maxDifference(isotonic.result, theirs), 1e-12, false);
    }
  }
  const vennAbers = wasm("venn-abers");
  if (vennAbers) {
    add("fitVennAbers: × faster than the same sweep in Python", time(anchor("python_venn_abers_fit")) / time(vennAbers), 10, true);
    add("fitVennAbers: × faster than two sklearn isotonic fits + predictions", time(anchor("sklearn_isotonic_twice")) / time(vennAbers), 1, true);
    const theirs = anchor("python_venn_abers_fit")?.result;
    if (Array.isArray(theirs) && Array.isArray(vennAbers.result)) {
      add("fitVennAbers: max |Δ p0, p1| vs the Python sweep on a 101-point grid", maxDifference(vennAbers.result, theirs), 1e-12, false);
    }
  }
  const vennAbersPredict = wasm("venn-abers-predict");
  if (vennAbersPredict) {
    add("VennAbers predict: × faster than numpy searchsorted", time(anchor("python_venn_abers_predict")) / time(vennAbersPredict), 1, true);
  }
  for (const row of /** @type {CliReadRow[]} */ (rows.filter((r) => r.variant === "cli-read" && r.n === n && !r.error))) {
    add(`${row.task}: ÷ wc -l on the same file`, time(row) / time(row.against["wc -l"]), 2, false);
    add(`${row.task}: ÷ DuckDB reading the same fields`, time(row) / time(row.against.duckdb), 2, false);
  }
  // (A failed row has no times: it is left out, as its NaN ratio would be.)
  for (const row of rows.filter(/** @type {(r: Row) => r is MeasuredRow} */ ((r) => r.variant === "wasm" && r.n === n && !r.error))) {
    const reference = find(rows, row.task, "reference", n);
    // A threads row's reference is the same call on one thread (tasks.mjs): its ratio is the second thread's
    // speedup, reported in the table, not a target against a JavaScript reference.
    if (reference && !row.task.endsWith("-threads")) add(`${row.task}: × faster than the JS reference`, time(reference) / time(row), 2, true);
  }
  return out;
}

/**
 * The largest |a − b| on the isotonic grid; Infinity when one side has a missing value (NaN, null) the other lacks.
 * @param {(number | null)[]} a @param {(number | null)[]} b
 */
function maxDifference(a, b) {
  let worst = 0;
  for (let i = 0; i < ISOTONIC_GRID.length; i++) {
    const x = a[i], y = b[i];
    if ((x === null || Number.isNaN(x)) !== (y === null)) return Infinity;
    if (x !== null && y !== null) worst = Math.max(worst, Math.abs(x - y));
  }
  return worst;
}

/** @param {(Target & { measuredCpu: number | null })[]} targets */
export function formatTargets(targets) {
  if (targets.length === 0) return "Targets: nothing to compare (need the rows and their anchors at one size).";
  return ["Targets at the largest n:", ...targets.map((t) => `  ${t.met ? "met   " : "MISSED"} ${t.target}: ${t.measured} (CPU time: ${t.measuredCpu}; goal ${t.goal.toString()})`)].join("\n");
}
