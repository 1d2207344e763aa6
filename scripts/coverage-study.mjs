// Coverage study: do rmcal's bootstrap intervals (docs/DESIGN.md §6.3–6.5) cover the true metric as often as they
// claim? `npm run build && npm run coverage-study` (not part of npm test). It draws many data sets from a model whose
// metrics are known, bootstraps each through the public API, and counts how often the 90% BCa interval holds the
// truth, for n = 200, 1,000 and 10,000 pairs, with independent pairs and with 10 pairs per prompt.
//
// Model (scripts/lib/coverage-model.mjs has the details): margins d ~ N(0, 2²); the model predicts σ(d); the truth is
// P(A ≻ B) = σ(d/1.5 + u) with a prompt effect u ~ N(0, 0.8²) and Bernoulli labels. Clustered data: the 10 pairs of a
// prompt share u. Independent data: every pair draws its own u, so both settings sample the same population of pairs
// (the same true metrics) and differ only in the dependence between pairs.
//
// True metrics (folded view, 15 uniform bins, assess's defaults): NLL, Brier, accuracy, ECE and RMSCE (the target of
// the debiased RMSCE) by composite Gauss–Legendre quadrature, accurate to rounding (the script prints the difference
// between two resolutions); smooth ECE by smoothEce on the quadrature's nodes as weighted soft-labelled pairs
// (smECE depends on the labels only through E[outcome | confidence], which the soft label q is), cross-checked by
// smoothEce on 2·10⁶ simulated pairs. Before any simulation the truth is checked against assess on 10⁶ simulated pairs
// (within 4 bootstrap standard errors) and against assess on the quadrature nodes.
//
// Simulations run in worker threads; simulation i of a cell has its own seed (simulationSeed), so results do not
// depend on the number of workers. Normal draws are Box–Muller in JavaScript (Math.log, Math.cos), so the study is
// seeded but not promised bit-identical across JavaScript engines; rmcal's own results are.
//
// --prompt-effect difficulty makes u the model's ease on the prompt instead (σ(d/1.5 + sign(d)·u)): the same true
// metrics, but a prompt's pairs are right or wrong together (scripts/lib/coverage-model.mjs says why that matters).
//
// Flags: --sims N (or one per size, 500,500,200), --sizes 200,1000,10000, --workers K, --resamples R (1000),
// --smece-resamples R (200), --smece-sims N (or one per size; default: every simulation), --out FILE
// (docs/coverage-study.json; --out none writes nothing), --quick (100 sims, n = 200 and 1,000, 200 resamples,
// 50 resamples and 50 sims for smooth ECE, checks on 2·10⁵ pairs, no file unless --out).
// Output: progress on stderr, the Markdown table on stdout, the JSON (with the run time) in --out.
import { availableParallelism, cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { init, assess, bootstrapCalibration, smoothEce } from "rmcal";
import { populationMetrics, simulatePairs, simulationSeed, BINS, PAIRS_PER_PROMPT } from "./lib/coverage-model.mjs";
import { coverageTable, METRIC_COLUMNS } from "./lib/coverage-table.mjs";

const started = performance.now();
const { values: flags } = parseArgs({
  options: {
    sims: { type: "string" }, sizes: { type: "string" }, workers: { type: "string" }, resamples: { type: "string" },
    "smece-resamples": { type: "string" }, "smece-sims": { type: "string" }, out: { type: "string" },
    quick: { type: "boolean", default: false }, "prompt-effect": { type: "string" },
  },
});
const quick = flags.quick ?? false;
/** @param {string | undefined} text @param {string} fallback @returns {number[]} */
const numbers = (text, fallback) => (text ?? fallback).split(",").map((s) => {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 0) throw new Error(`coverage-study: '${s}' is not a whole number ≥ 0`);
  return v;
});
const sizes = numbers(flags.sizes, quick ? "200,1000" : "200,1000,10000");
/** @param {number[]} list @param {string} name @returns {number[]} one value per size */
const perSize = (list, name) => {
  if (list.length === 1) return sizes.map(() => list[0]);
  if (list.length !== sizes.length) throw new Error(`coverage-study: --${name} needs one value or one per size`);
  return list;
};
const sims = perSize(numbers(flags.sims, quick ? "100" : "500"), "sims");
const smeceSims = perSize(flags["smece-sims"] ? numbers(flags["smece-sims"], "") : quick ? [50] : sims, "smece-sims");
const resamples = numbers(flags.resamples, quick ? "200" : "1000")[0];
const smeceResamples = numbers(flags["smece-resamples"], quick ? "50" : "200")[0];
const workerCount = numbers(flags.workers, String(availableParallelism()))[0] || 1;
const out = flags.out ?? (quick ? "none" : "docs/coverage-study.json");
const checkPairs = quick ? 200_000 : 1_000_000;
const smeceCheckPairs = quick ? 200_000 : 2_000_000;
const confidence = 0.9;
const effectFlag = flags["prompt-effect"] ?? "orientation";
if (effectFlag !== "orientation" && effectFlag !== "difficulty") throw new Error("coverage-study: --prompt-effect is orientation or difficulty");
const promptEffect = /** @type {"orientation" | "difficulty"} */ (effectFlag);
const METRICS = Object.keys(METRIC_COLUMNS);
for (const n of sizes) if (n % PAIRS_PER_PROMPT !== 0 || n < 2 * PAIRS_PER_PROMPT) throw new Error(`coverage-study: size ${n} must be a multiple of ${PAIRS_PER_PROMPT}, at least ${2 * PAIRS_PER_PROMPT}`);
const log = (/** @type {string} */ line) => process.stderr.write(`coverage-study: ${line}\n`);
const seconds = () => (performance.now() - started) / 1000;

await init();

// --- The truth, and its checks -------------------------------------------------------------------------------------
const coarse = populationMetrics(20);
const fine = populationMetrics(40);
const quadratureError = Math.max(...["nll", "brier", "accuracy", "ece", "rmsce"].map((k) => Math.abs(fine.truth[k] - coarse.truth[k])));
const nodes = { margin: fine.nodes.a, label: fine.nodes.q, weight: fine.nodes.weight };
/** @type {Record<string, number>} */
const truth = { ...fine.truth, smece: smoothEce(nodes, { view: "folded" }).smece };
delete truth.mass;
log(`truth by quadrature (two resolutions differ by ≤ ${quadratureError.toExponential(1)}): ${JSON.stringify(truth)}`);

// assess on the quadrature nodes (weights = quadrature weights, soft label = q) must reproduce every metric that is
// linear in the outcome: this checks the folded view and the bins as assess reads them, without sampling noise.
const onNodes = assess(nodes);
const nodeCheck = Object.fromEntries(["nll", "accuracy", "ece", "rmsce"].map((k) => [k, onNodes[/** @type {"nll"} */ (k)] - truth[k]]));
log(`assess on the quadrature nodes − truth: ${JSON.stringify(nodeCheck)}`);

// assess on simulated pairs must agree within Monte Carlo error; the standard error is the sd of 100 bootstrap values.
const sample = simulatePairs(checkPairs, false, 20261202);
const report = assess({ margin: sample.margin, label: sample.label });
/** @type {Record<string, { assess: number, truth: number, se: number, z: number }>} */
const monteCarlo = {};
for (const metric of ["nll", "brier", "accuracy", "ece", "rmsceDebiased"]) {
  const key = METRIC_COLUMNS[/** @type {"nll"} */ (metric)].truth;
  const boot = bootstrapCalibration({ margin: sample.margin, label: sample.label }, { metric: /** @type {"nll"} */ (metric), resamples: 100, method: "percentile", seed: 1 });
  const mean = boot.distribution.reduce((s, v) => s + v, 0) / boot.distribution.length;
  const se = Math.sqrt(boot.distribution.reduce((s, v) => s + (v - mean) ** 2, 0) / (boot.distribution.length - 1));
  const value = report[/** @type {"nll"} */ (metric)];
  monteCarlo[metric] = { assess: value, truth: truth[key], se, z: (value - truth[key]) / se };
}
const smeceSample = simulatePairs(smeceCheckPairs, false, 20261203);
const smeceOnSample = smoothEce({ margin: smeceSample.margin, label: smeceSample.label }, { view: "folded" }).smece;
const failed = Object.entries(monteCarlo).filter(([, c]) => Math.abs(c.z) > 4).map(([m]) => m);
log(`assess on ${checkPairs} simulated pairs vs truth (z = difference / standard error): ${Object.entries(monteCarlo).map(([m, c]) => `${m} z = ${c.z.toFixed(2)}`).join(", ")}`);
log(`smoothEce on ${smeceCheckPairs} simulated pairs ${smeceOnSample.toFixed(5)} vs ${truth.smece.toFixed(5)} on the quadrature nodes`);
if (failed.length > 0) {
  log(`WARNING: the truth disagrees with assess on simulated pairs for ${failed.join(", ")}`);
  process.exitCode = 1;
}

// --- The simulations -----------------------------------------------------------------------------------------------
/** @type {import("./lib/coverage-worker.mjs").CoverageTask[]} */
const tasks = [];
// Largest first, so the slowest simulations do not all land at the end.
[...sizes.keys()].sort((i, j) => sizes[j] - sizes[i]).forEach((i) => {
  for (const clustered of [true, false]) {
    for (let sim = 0; sim < sims[i]; sim++) {
      tasks.push({ id: tasks.length, n: sizes[i], clustered, sim, resamples, smeceResamples, withSmece: sim < smeceSims[i], confidence, metrics: METRICS, promptEffect });
    }
  }
});
/** @type {import("./lib/coverage-worker.mjs").CoverageInterval[][]} */
const results = new Array(tasks.length);
log(`${tasks.length} simulations on ${workerCount} worker(s)`);
let next = 0;
let done = 0;
let lastReport = 0;
await new Promise((resolve, reject) => {
  let running = 0;
  for (let w = 0; w < Math.min(workerCount, tasks.length); w++) {
    const worker = new Worker(new URL("./lib/coverage-worker.mjs", import.meta.url));
    running++;
    const feed = () => {
      if (next < tasks.length) worker.postMessage(tasks[next++]);
      else void worker.terminate().then(() => { if (--running === 0) resolve(undefined); });
    };
    worker.on("message", (/** @type {{ id: number, intervals: import("./lib/coverage-worker.mjs").CoverageInterval[] }} */ m) => {
      results[m.id] = m.intervals;
      done++;
      if (seconds() - lastReport > 10 || done === tasks.length) {
        lastReport = seconds();
        log(`${done}/${tasks.length} simulations, ${lastReport.toFixed(0)} s`);
      }
      feed();
    });
    worker.on("error", reject);
    feed();
  }
});

// --- Scoring -------------------------------------------------------------------------------------------------------
/** @type {import("./lib/coverage-table.mjs").CoverageCell[]} */
const cells = [];
sizes.forEach((n) => {
  for (const clustered of [false, true]) {
    for (const bootstrap of clustered ? /** @type {const} */ (["clusters", "pairs"]) : /** @type {const} */ (["pairs"])) {
      for (const metric of METRICS) {
        const target = truth[METRIC_COLUMNS[/** @type {"nll"} */ (metric)].truth];
        const intervals = tasks.flatMap((t, id) => (t.n === n && t.clustered === clustered ? results[id] : []))
          .filter((r) => r.scheme === bootstrap && r.metric === metric);
        if (intervals.length === 0) continue;
        const below = intervals.filter((r) => target < r.low).length;
        const above = intervals.filter((r) => target > r.high).length;
        const coverage = (intervals.length - below - above) / intervals.length;
        cells.push({
          n, data: clustered ? "clustered" : "independent", bootstrap, units: bootstrap === "clusters" ? n / PAIRS_PER_PROMPT : n,
          metric, sims: intervals.length, covered: intervals.length - below - above, below, above, coverage,
          se: Math.sqrt((coverage * (1 - coverage)) / intervals.length),
          meanWidth: intervals.reduce((s, r) => s + (r.high - r.low), 0) / intervals.length,
          percentileFallbacks: intervals.filter((r) => r.method !== "bca").length,
        });
      }
    }
  }
});

const runSeconds = Math.round(seconds());
const study = {
  description: "Coverage of rmcal's bootstrap intervals on data simulated from a known model (scripts/coverage-study.mjs).",
  command: `npm run coverage-study${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  date: new Date().toISOString(),
  runSeconds,
  workers: workerCount,
  machine: `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} logical cores, Node ${process.versions.node}`,
  model: {
    margin: "d ~ N(0, 2²); the model predicts σ(d)",
    truth: "P(A ≻ B) = σ(d/1.5 + u), u ~ N(0, 0.8²); Bernoulli labels",
    clustered: `${PAIRS_PER_PROMPT} pairs per prompt share u`,
    promptEffect: promptEffect === "difficulty"
      ? "difficulty: P(A ≻ B) = σ(d/1.5 + sign(d)·u), u is the model's ease on the prompt"
      : "orientation: P(A ≻ B) = σ(d/1.5 + u)",
    independent: "each pair draws its own u: the same population of pairs, without dependence",
  },
  settings: {
    promptEffect, confidence, method: "bca", bins: BINS, view: "folded", resamples, smeceResamples, metrics: METRICS,
    sizes, sims, smeceSims,
  },
  truth,
  truthChecks: {
    quadratureResolutionDifference: quadratureError,
    assessOnQuadratureNodesMinusTruth: nodeCheck,
    monteCarlo: { pairs: checkPairs, metrics: monteCarlo },
    smeceOnSimulatedPairs: { pairs: smeceCheckPairs, smece: smeceOnSample },
  },
  cells,
};
const table = coverageTable(study);
process.stdout.write(`${table}\n`);
if (out !== "none") {
  writeFileSync(out, `${JSON.stringify(study, null, 2)}\n`);
  log(`wrote ${out}`);
}
