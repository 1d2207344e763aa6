// Benchmark: smoothEce's WebAssembly path (grid + reflected Gaussian truncated at 8σ, O(M) per bandwidth
// evaluation) against a direct convolution (the full reflected kernel on the same grid, O(M²) per evaluation,
// as the reference implementation relplot convolves), and, when /usr/bin/python3 has numpy, the same direct
// convolution with numpy.convolve. All three run the same 41-step bandwidth bisection.
// Run: npm run build && node bench/smooth-ece.mjs
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { init, smoothEce } from "rmcal";
import { mulberry32 } from "../scripts/lib/mulberry32.mjs";

await init();

/** @param {number} n @param {number} seed */
function data(n, seed) {
  const random = mulberry32(seed);
  const margin = new Float64Array(n), label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = (random() - 0.5) * 8;
    label[i] = random() < 1 / (1 + Math.exp(-margin[i] / 1.3)) ? 1 : 0;
  }
  return { margin, label };
}

/**
 * Direct convolution on the same grid, every grid point against every other (reflected), in plain JS.
 * @param {{ margin: Float64Array, label: Float64Array }} pairs
 */
function directSmoothEce({ margin, label }) {
  const v = Array.from(margin, (d) => 1 / (1 + Math.exp(-Math.abs(d))));
  const k = Array.from(margin, (d, i) => (d > 0 ? label[i] : d < 0 ? 1 - label[i] : 0.5));
  const lower = 0.5, range = 0.5;
  const at = (/** @type {number} */ sigma) => {
    const m = Math.max(100, Math.ceil((16 * range) / sigma)) + 1;
    const h = range / (m - 1);
    const mass = new Float64Array(m);
    v.forEach((x, i) => {
      const u = (x - lower) / h;
      const j = Math.min(Math.max(Math.floor(u), 0), m - 2);
      mass[j] += (1 - (u - j)) * (x - k[i]) / v.length;
      mass[j + 1] += (u - j) * (x - k[i]) / v.length;
    });
    mass[0] *= 2;
    mass[m - 1] *= 2;
    const norm = 1 / (Math.sqrt(2 * Math.PI) * sigma);
    let integral = 0;
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let j = 0; j < m; j++) {
        // The point itself and its two mirror images (about the lower and the upper end).
        const a = (i - j) * h / sigma, b = (i + j) * h / sigma, c = (2 * (m - 1) - i - j) * h / sigma;
        r += mass[j] * (Math.exp(-0.5 * a * a) + (j > 0 ? Math.exp(-0.5 * b * b) : 0) + (j < m - 1 ? Math.exp(-0.5 * c * c) : 0));
      }
      integral += Math.abs(r * norm) * (i === 0 || i === m - 1 ? 0.5 : 1);
    }
    return integral * h;
  };
  let lo = 1e-3 * range, hi = range;
  if (!(hi >= at(hi))) return { smece: at(hi), bandwidth: hi };
  for (let s = 0; s < 40; s++) {
    const mid = 0.5 * (lo + hi);
    if (mid >= at(mid)) hi = mid;
    else lo = mid;
  }
  return { smece: at(hi), bandwidth: hi };
}

// The same direct convolution in numpy (numpy.convolve convolves directly, O(M²)), on the same data.
const PYTHON = `
import sys, json, time, numpy as np
data = json.load(open(sys.argv[1])); d = np.array(data["margin"]); y = np.array(data["label"]); n = len(d)
v = 1 / (1 + np.exp(-np.abs(d))); k = np.where(d > 0, y, np.where(d < 0, 1 - y, 0.5))
def at(s):
    m = max(100, int(np.ceil(8 / s))) + 1; h = 0.5 / (m - 1)
    u = (v - 0.5) / h; j = np.clip(np.floor(u).astype(int), 0, m - 2); f = u - j
    mass = np.zeros(m); np.add.at(mass, j, (1 - f) * (v - k) / n); np.add.at(mass, j + 1, f * (v - k) / n)
    mass[0] *= 2; mass[-1] *= 2
    ext = np.concatenate([np.flip(mass)[:-1], mass, np.flip(mass)[1:]])
    ker = np.exp(-0.5 * ((np.arange(-(m - 1), m) * h) / s) ** 2) / (np.sqrt(2 * np.pi) * s)
    r = np.convolve(ext, ker, "valid")
    return h * (np.abs(r).sum() - 0.5 * (abs(r[0]) + abs(r[-1])))
t = time.perf_counter(); lo, hi = 5e-4, 0.5
for _ in range(40):
    mid = 0.5 * (lo + hi)
    if mid >= at(mid): hi = mid
    else: lo = mid
print(at(hi), hi, time.perf_counter() - t)
`;

/**
 * @template T
 * @param {() => T} fn
 * @returns {{ result: T, ms: number }}
 */
function time(fn, minMs = 300) {
  let result = fn(); // warm-up; the loop below replaces it (it runs at least three times)
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    result = fn();
    runs++;
  }
  return { result, ms: (performance.now() - start) / runs };
}

const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : null;
console.log("n        wasm ms  smece      bandwidth   | direct-conv JS ms  smece      | numpy direct ms  smece");
for (const n of [1_000, 10_000, 100_000]) {
  const pairs = data(n, 1);
  const wasm = time(() => smoothEce(pairs));
  const direct = n <= 10_000 ? time(() => directSmoothEce(pairs), 0) : null;
  let py = "";
  if (python && n <= 10_000) {
    try {
      const file = join(tmpdir(), `rmcal-smece-${n}.json`);
      writeFileSync(file, JSON.stringify({ margin: Array.from(pairs.margin), label: Array.from(pairs.label) }));
      const [smece, , seconds] = execFileSync(python, ["-c", PYTHON, file], { encoding: "utf8" }).trim().split(" ").map(Number);
      rmSync(file);
      py = `${(seconds * 1000).toFixed(1).padStart(10)}       ${smece.toFixed(6)}`;
    } catch {
      py = "(numpy unavailable)";
    }
  }
  console.log(
    `${String(n).padEnd(8)} ${wasm.ms.toFixed(2).padStart(8)}  ${wasm.result.smece.toFixed(6)}  ${wasm.result.bandwidth.toFixed(6)}  | ` +
      (direct ? `${direct.ms.toFixed(1).padStart(12)}       ${direct.result.smece.toFixed(6)}` : "   (skipped: O(M²) per step)   ") + ` | ${py}`,
  );
}
