// The benchmark's rows: each hot path with its WebAssembly call (the public API of the built package), its
// plain-JavaScript reference, how many float64 input columns it streams (for the memory floor), and which
// Python anchors it is compared with. A row whose API is missing from the build is skipped with a message.
import { makeChoices, CHOICE_K } from "./data.mjs";
import {
  referenceAssess, referenceEce, referenceCalibrationCurve, referenceFitTemperature, referenceIsotonicRegression,
} from "./reference.mjs";

const BINS = 15;

/** @typedef {typeof import("rmcal")} Rmcal */
/** The package's raw WebAssembly exports, captured by row.mjs. @typedef {import("../src/core/exports").KernelExports} Kernels */
/** The columns run.mjs writes and row.mjs reads back. @typedef {{ margin: Float64Array, label: Float64Array, prob: Float64Array }} BenchData */
/** What a kernel row's setup placed in WebAssembly memory: addresses and lengths. @typedef {Record<string, number>} KernelState */
/** A row's result: a number, or a few numbers, that the report prints next to Python's. @typedef {number | number[]} Summary */

/**
 * One benchmark row.
 * @typedef {object} Task
 * @property {string} api the rmcal export it needs
 * @property {number} columns how many float64 input columns it streams (for the memory floor)
 * @property {string[]} anchors the Python anchors it is compared with
 * @property {number[]} [sizes] the sizes n it runs at, when not the default ones
 * @property {(kernels: Kernels, data: BenchData) => KernelState} [setup] copies the data into WebAssembly memory once
 * @property {(rmcal: Rmcal, data: BenchData, state: KernelState, kernels: Kernels) => Summary | Promise<Summary>} wasm
 * @property {(data: BenchData) => Summary | Promise<Summary>} [reference] the plain-JavaScript reference (for the
 *   threads rows, the same call on one thread)
 */

/**
 * name → { api: the rmcal export it needs, columns, anchors, wasm(rmcal, data), reference(data)?, sizes? }.
 * `summary` turns a result into a few numbers that the report prints next to Python's for a correctness check.
 * @type {Record<string, Task>}
 */
export const TASKS = {
  assess: {
    api: "assess", columns: 2, anchors: ["numpy_ece"],
    wasm: (rm, d) => assessSummary(rm.assess({ margin: d.margin, label: d.label }, { bins: BINS })),
    reference: (d) => referenceAssess(d.margin, d.label, BINS, "uniform").ece,
  },
  "assess-quantile": {
    api: "assess", columns: 2, anchors: ["numpy_ece"],
    wasm: (rm, d) => assessSummary(rm.assess({ margin: d.margin, label: d.label }, { bins: BINS, binning: "quantile" })),
    reference: (d) => referenceAssess(d.margin, d.label, BINS, "quantile").ece,
  },
  ece: {
    api: "expectedCalibrationError", columns: 2, anchors: ["numpy_ece", "numpy_ece_sklearn_edges"],
    wasm: (rm, d) => rm.expectedCalibrationError(d.label, d.prob, { nBins: BINS }),
    reference: (d) => referenceEce(d.label, d.prob, BINS),
  },
  curve: {
    api: "calibrationCurve", columns: 2, anchors: ["sklearn_curve", "numpy_ece", "numpy_ece_sklearn_edges"],
    wasm: (rm, d) => sumOf(rm.calibrationCurve(d.label, d.prob, { nBins: BINS }).probTrue),
    reference: (d) => sumOf(referenceCalibrationCurve(d.label, d.prob, BINS).probTrue),
  },
  // The kernels alone, on data already in WebAssembly memory: what the boundary (checks and copies) adds is the
  // difference from the rows above. Their memory comes from the package's own instance (see row.mjs).
  "ece-kernel": {
    api: "expectedCalibrationError", columns: 2, anchors: ["numpy_ece"],
    setup: (k, d) => ({ label: copyIn(k, d.label), prob: copyIn(k, d.prob), bins: k.alloc(BINS * 5 * 8), n: d.prob.length }),
    wasm: (rm, d, s, k) => {
      k.accumulateProbabilities(s.label, s.prob, 0, s.n, BINS, 0, 1 / BINS, 0, 0, s.bins);
      return new Float64Array(k.memory.buffer, s.bins, BINS * 5)[2];
    },
    reference: (d) => referenceEce(d.label, d.prob, BINS),
  },
  "assess-kernel": {
    api: "assess", columns: 2, anchors: ["numpy_ece"],
    setup: (k, d) => ({ margin: copyIn(k, d.margin), label: copyIn(k, d.label), bins: k.alloc(BINS * 5 * 8), totals: k.alloc(64), n: d.margin.length }),
    wasm: (rm, d, s, k) => {
      k.accumulatePairs(s.margin, s.label, 0, s.n, 1, true, BINS, 0.5, 0.5 / BINS, 0, 0, s.bins, s.totals);
      return new Float64Array(k.memory.buffer, s.totals, 5)[1];
    },
    reference: (d) => referenceAssess(d.margin, d.label, BINS, "uniform").ece,
  },
  temperature: {
    api: "fitTemperature", columns: 2, anchors: ["scipy_temperature", "scipy_temperature_tight"],
    wasm: (rm, d) => rm.fitTemperature({ margin: d.margin, label: d.label }).temperature,
    reference: (d) => referenceFitTemperature(d.margin, d.label).temperature,
  },
  // K-wise temperature (DESIGN §5.12) at n prompts × K = 4: the public call, validation included, on the flat form
  // { scores, offsets, best } (one Float64Array of the n·K scores, as the scipy line holds one n × K array). The
  // choices are built once per process (a warm-up builds them), not inside the timed calls.
  "temperature-kwise": {
    api: "fitTemperature", columns: 2, anchors: ["scipy_kwise_temperature"], sizes: [1e6],
    wasm: (rm, d) => rm.fitTemperature(flatChoicesFor(d)).temperature,
  },
  // The same fit from one score array per prompt ({ scores: Float64Array[], best }): the cost of reading n arrays.
  "temperature-kwise-nested": {
    api: "fitTemperature", columns: 2, anchors: ["scipy_kwise_temperature"], sizes: [1e6],
    wasm: (rm, d) => rm.fitTemperature(choicesFor(d)).temperature,
  },
  "isotonic-regression": {
    api: "fitIsotonicRegression", columns: 2, anchors: ["sklearn_isotonic", "sklearn_isotonic_presorted"],
    wasm: (rm, d) => isotonicSummary(rm.fitIsotonicRegression(d.margin, d.label)),
    reference: (d) => isotonicSummary(referenceIsotonicRegression(d.margin, d.label)),
  },
  isotonic: {
    api: "fitIsotonic", columns: 2, anchors: ["sklearn_isotonic"],
    wasm: (rm, d) => rm.fitIsotonic({ margin: d.margin, label: d.label }).x.length,
  },
  // Venn–Abers as oriented (symmetric: false), as the Python lines compute it: fit, then predict every margin.
  "venn-abers": {
    api: "fitVennAbers", columns: 2, anchors: ["python_venn_abers_fit", "sklearn_isotonic_twice"], sizes: [1e5, 1e6],
    wasm: (rm, d) => {
      const { p0, p1 } = rm.fitVennAbers({ margin: d.margin, label: d.label }, { symmetric: false }).predictInterval(Float64Array.from(ISOTONIC_GRID));
      return [...p0, ...p1];
    },
  },
  "venn-abers-predict": {
    api: "fitVennAbers", columns: 1, anchors: ["python_venn_abers_predict"], sizes: [1e5, 1e6],
    wasm: (rm, d) => {
      fitted ??= rm.fitVennAbers({ margin: d.margin, label: d.label }, { symmetric: false });
      const p = fitted.predict(d.margin);
      return sumOf(p) / p.length;
    },
  },
  "smooth-ece": {
    api: "smoothEce", columns: 2, anchors: [],
    wasm: (rm, d) => rm.smoothEce({ margin: d.margin, label: d.label }).smece,
  },
  bootstrap: {
    api: "bootstrapCalibration", columns: 2, anchors: [], sizes: [1e5],
    wasm: (rm, d) => {
      const interval = rm.bootstrapCalibration({ margin: d.margin, label: d.label }, { resamples: 1000, seed: 1 });
      return [interval.low, interval.high];
    },
  },
  // The Davidson tie model (DESIGN §5.10) on three-outcome labels: every fifth pair a tie, the rest as drawn.
  davidson: {
    api: "fitDavidson", columns: 2, anchors: ["scipy_davidson"], sizes: [1e5, 1e6],
    wasm: (rm, d) => {
      const f = rm.fitDavidson({ margin: d.margin, label: threeOutcomes(d.label) });
      return [f.nu, f.temperature];
    },
  },
  // Pairs judged in both orders (DESIGN §7.5): consecutive rows as the two orders of one pair.
  "order-swap": {
    api: "orderSwap", columns: 2, anchors: [], sizes: [1e5, 1e6],
    wasm: (rm, d) => {
      const pairId = Int32Array.from(d.margin, (_, i) => i >> 1), order = Int32Array.from(d.margin, (_, i) => i & 1);
      return rm.orderSwap({ margin: d.margin, label: d.label }, { pairId, order }).swapConsistency;
    },
  },
  // Parallel by default (DESIGN §6.10): each row runs the rmcal/node function with threads: 2, and its reference is
  // the same call with threads: 1 in the same run, so "× ref" is the speedup of a second thread. The results are the
  // same bits (the tests check it); CPU time counts every thread of the process.
  "bootstrap-threads": {
    api: "bootstrapCalibration", columns: 2, anchors: [],
    wasm: (rm, d) => threadsRow((node) => node.bootstrapCalibrationParallel(d, { resamples: bootstrapResamples(d), seed: 1, threads: 2 }).then((b) => [b.low, b.high])),
    reference: (d) => threadsRow((node) => node.bootstrapCalibrationParallel(d, { resamples: bootstrapResamples(d), seed: 1, threads: 1 }).then((b) => [b.low, b.high])),
  },
  "smooth-ece-band-threads": {
    api: "smoothEce", columns: 2, anchors: [],
    wasm: (rm, d) => threadsRow((node) => node.smoothEceParallel(d, { resamples: bandResamples(d), seed: 1, threads: 2 }).then((s) => s.smece)),
    reference: (d) => threadsRow((node) => node.smoothEceParallel(d, { resamples: bandResamples(d), seed: 1, threads: 1 }).then((s) => s.smece)),
  },
  "assess-threads": {
    api: "assess", columns: 2, anchors: [],
    wasm: (rm, d) => threadsRow((node) => node.assessParallel(d, { bins: BINS, threads: 2 }).then((a) => a.ece)),
    reference: (d) => threadsRow((node) => node.assessParallel(d, { bins: BINS, threads: 1 }).then((a) => a.ece)),
  },
  // Each full pass of the NLL fit in chunks of 2^20 pairs on the threads (DESIGN §6.10): fitTemperature's bits.
  "fit-temperature-threads": {
    api: "fitTemperature", columns: 2, anchors: [],
    wasm: (rm, d) => threadsRow((node) => node.fitTemperatureParallel({ margin: d.margin, label: d.label }, { threads: 2 }).then((t) => t.temperature)),
    reference: (d) => threadsRow((node) => node.fitTemperatureParallel({ margin: d.margin, label: d.label }, { threads: 1 }).then((t) => t.temperature)),
  },
  // BCa with clusters of 10 pairs: clustered draws in the one-pass kernel and the exact jackknife (DESIGN §6.4).
  "bootstrap-clusters": {
    api: "bootstrapCalibration", columns: 3, anchors: [], sizes: [1e5, 1e6],
    wasm: (rm, d) => {
      const cluster = Int32Array.from(d.margin, (_, i) => Math.floor(i / 10));
      const interval = rm.bootstrapCalibration({ margin: d.margin, label: d.label, cluster }, { resamples: 200, seed: 1 });
      return [interval.low, interval.high];
    },
  },
};

/** rmcal/node, loaded on first use (its parallel functions start worker threads). */
/** @type {typeof import("rmcal/node") | undefined} */
let nodeEntry;
/**
 * A parallel row's call on the margins and labels; a promise, which row.mjs awaits.
 * @template T @param {(node: typeof import("rmcal/node")) => Promise<T>} call
 */
async function threadsRow(call) {
  nodeEntry ??= await import("rmcal/node");
  return call(nodeEntry);
}
/**
 * 1000 resamples up to 10^5 pairs, then 10^8 pair draws in all but at least 64 resamples (4 chunks of 16: fewer
 * would leave the threads little to share beside the estimate and the jackknife). @param {BenchData} d
 */
const bootstrapResamples = (d) => (d.margin.length <= 1e5 ? 1000 : Math.max(64, Math.round(1e8 / d.margin.length)));
/**
 * The smooth-ECE band: 200 resamples up to 10^5 pairs, then 2·10^7 pair draws in all, at least 4 (two each for
 * two threads; a resample at 10^7 pairs takes seconds). @param {BenchData} d
 */
const bandResamples = (d) => (d.margin.length <= 1e5 ? 200 : Math.max(4, Math.round(2e7 / d.margin.length)));

/**
 * Labels as three outcomes, as bench/anchors.py's scipy_davidson makes them: every fifth a tie, the rest 1 or 0.
 * @param {Float64Array} label
 */
function threeOutcomes(label) {
  return Float64Array.from(label, (y, i) => (i % 5 === 0 ? 0.5 : y >= 0.5 ? 1 : 0));
}

/** @type {WeakMap<BenchData, { scores: Float64Array[], best: Int32Array }>} */
const choiceCache = new WeakMap();
/** @param {BenchData} d */
function choicesFor(d) {
  let c = choiceCache.get(d);
  if (!c) choiceCache.set(d, (c = makeChoices(d, d.margin.length)));
  return c;
}

/** @type {WeakMap<BenchData, { scores: Float64Array, offsets: Int32Array, best: Int32Array }>} */
const flatChoiceCache = new WeakMap();
/** makeChoices' choices in the flat form: the scores back to back, prompt i owning scores[K·i … K·i + K). @param {BenchData} d */
function flatChoicesFor(d) {
  let c = flatChoiceCache.get(d);
  if (!c) {
    const n = d.margin.length, scores = new Float64Array(n * CHOICE_K), offsets = new Int32Array(n + 1);
    const nested = makeChoices(d, n);
    nested.scores.forEach((row, i) => {
      scores.set(row, i * CHOICE_K);
      offsets[i + 1] = (i + 1) * CHOICE_K;
    });
    flatChoiceCache.set(d, (c = { scores, offsets, best: nested.best }));
  }
  return c;
}

/** venn-abers-predict's calibrator, fitted in the first (warm-up) call: the timed calls only predict. @type {import("rmcal").VennAbersCalibrator | undefined} */
let fitted;

/** The grid of the isotonic check: predictions at 101 fixed margins, compared with scikit-learn's. */
export const ISOTONIC_GRID = Array.from({ length: 101 }, (_, i) => -8 + (16 * i) / 100);

/** @param {Kernels} kernels @param {Float64Array} values @returns {number} the address of the copy */
function copyIn(kernels, values) {
  const ptr = kernels.alloc(values.length * 8);
  new Float64Array(kernels.memory.buffer, ptr, values.length).set(values);
  return ptr;
}

/** @param {{ predict(x: Float64Array): ArrayLike<number> }} model */
function isotonicSummary(model) {
  const predictions = model.predict(Float64Array.from(ISOTONIC_GRID));
  return Array.from(predictions);
}

/** @param {{ ece: number }} report */
function assessSummary(report) {
  return report.ece;
}

/** @param {Iterable<number>} values */
function sumOf(values) {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
