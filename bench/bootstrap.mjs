// Benchmark: bootstrapCalibration's one-pass WebAssembly resampling (uniform bins: each resample draws n pair
// indices and adds their precomputed bin contributions) against the generic path (draw indices, gather the
// resampled pairs, run assess on them), which quantile bins need. Same seed, same resamples.
// Run: npm run build && node bench/bootstrap.mjs
import { init, bootstrapCalibration } from "rmcal";
import { mulberry32 } from "../scripts/lib/mulberry32.mjs";

await init();

/** @param {number} n @param {number} seed */
function data(n, seed) {
  const random = mulberry32(seed);
  const margin = new Float64Array(n), label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = (random() - 0.5) * 8;
    label[i] = random() < 1 / (1 + Math.exp(-margin[i] / 2)) ? 1 : 0;
  }
  return { margin, label };
}

/**
 * @template T
 * @param {() => T} fn
 * @returns {{ result: T, ms: number }}
 */
function time(fn) {
  fn();
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

console.log("pairs     resamples  one-pass WASM ms  (ns per drawn pair)  | gather + assess ms  (quantile bins)");
for (const [n, resamples] of [[1_000, 1_000], [10_000, 1_000], [100_000, 1_000], [1_000_000, 100]]) {
  const pairs = data(n, 1);
  const fast = time(() => bootstrapCalibration(pairs, { resamples, seed: 1 }));
  const generic = n <= 100_000 ? time(() => bootstrapCalibration(pairs, { resamples: Math.min(resamples, 200), seed: 1, binning: "quantile" })) : null;
  const genericMs = generic ? (generic.ms * resamples) / Math.min(resamples, 200) : null;
  console.log(
    `${String(n).padEnd(9)} ${String(resamples).padStart(9)}  ${fast.ms.toFixed(1).padStart(16)}  ${((fast.ms * 1e6) / (n * resamples)).toFixed(2).padStart(19)}  | ` +
      (genericMs === null ? "(skipped)" : `${genericMs.toFixed(1).padStart(18)}  (scaled from ${Math.min(resamples, 200)} resamples)`),
  );
}

// BCa with clusters (10 pairs each) against BCa on the same pairs drawn one by one: both take the one-pass kernel and
// the exact jackknife (docs/DESIGN.md §6.4), so the ratio is the cost of drawing clusters. Medians of 3 runs.
/** @param {() => unknown} fn @returns {number} the median of 3 timed runs, in ms, after one warm-up */
function median3(fn) {
  fn();
  const runs = [0, 1, 2].map(() => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  });
  return runs.sort((a, b) => a - b)[1];
}
console.log("\npairs     resamples  BCa, pairs ms  BCa, clusters of 10 ms  clusters / pairs");
for (const [n, resamples] of [[100_000, 1_000], [1_000_000, 100]]) {
  const pairs = data(n, 1);
  const cluster = Int32Array.from(pairs.margin, (_, i) => Math.floor(i / 10));
  const plain = median3(() => bootstrapCalibration(pairs, { resamples, seed: 1 }));
  const clustered = median3(() => bootstrapCalibration({ ...pairs, cluster }, { resamples, seed: 1 }));
  console.log(`${String(n).padEnd(9)} ${String(resamples).padStart(9)}  ${plain.toFixed(1).padStart(13)}  ${clustered.toFixed(1).padStart(22)}  ${(clustered / plain).toFixed(2).padStart(15)}`);
}
