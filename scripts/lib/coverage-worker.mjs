// A worker thread of the coverage study (scripts/coverage-study.mjs): it receives simulations one at a time (size,
// setting, index), draws the data from the simulation's own seed, bootstraps every metric through the public API and
// posts the intervals back. The main thread scores them against the truth, so a result depends only on its task.
import { parentPort } from "node:worker_threads";
import { init, bootstrapCalibration } from "rmcal";
import { simulatePairs, simulationSeed, BINS } from "./coverage-model.mjs";

/**
 * One simulation task.
 * @typedef {{ id: number, n: number, clustered: boolean, sim: number, resamples: number, smeceResamples: number,
 *   withSmece: boolean, confidence: number, metrics: string[], promptEffect: "orientation" | "difficulty" }} CoverageTask
 * @typedef {{ scheme: "pairs" | "clusters", metric: string, estimate: number, low: number, high: number,
 *   method: string }} CoverageInterval
 */

await init();
const port = parentPort;
if (!port) throw new Error("scripts/lib/coverage-worker.mjs runs as a worker thread of scripts/coverage-study.mjs");

port.on("message", (/** @type {CoverageTask} */ task) => {
  const { margin, label, cluster } = simulatePairs(task.n, task.clustered, simulationSeed(task.n, task.clustered, task.sim), task.promptEffect);
  /** @type {CoverageInterval[]} */
  const intervals = [];
  // Clustered data get the cluster bootstrap (the right one) and the pair bootstrap (cluster column omitted).
  const schemes = cluster ? /** @type {const} */ (["clusters", "pairs"]) : /** @type {const} */ (["pairs"]);
  for (const scheme of schemes) {
    const pairs = scheme === "clusters" && cluster ? { margin, label, cluster } : { margin, label };
    for (const metric of task.metrics) {
      if (metric === "smece" && !task.withSmece) continue;
      const r = bootstrapCalibration(pairs, {
        metric: /** @type {import("rmcal").BootstrapMetric} */ (metric), bins: BINS, confidence: task.confidence,
        resamples: metric === "smece" ? task.smeceResamples : task.resamples, seed: task.sim,
      });
      intervals.push({ scheme, metric, estimate: r.estimate, low: r.low, high: r.high, method: r.method });
    }
  }
  port.postMessage({ id: task.id, intervals });
});
