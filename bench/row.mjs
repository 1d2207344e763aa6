// One benchmark row in a fresh process, so its peak RSS is its own: loads the data written by run.mjs, warms up,
// times `runs` calls and prints one JSON line. Usage (run.mjs calls it):
//   node bench/row.mjs <task> <variant: wasm|reference|floor> <dataDir> <n> <runs> <warmups>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TASKS } from "./tasks.mjs";

const [task, variant, dataDir, nText, runsText, warmupsText] = process.argv.slice(2);
const n = Number(nText), runs = Number(runsText), warmups = Number(warmupsText);

// Capture the package's own WebAssembly instance (rmcal keeps it private) to read its memory size and to run
// the streaming floor on the very module the package uses.
/** @type {{ kernels: import("./tasks.mjs").Kernels | null }} */
const capture = { kernels: null };
const instantiate = WebAssembly.instantiate;
// Called with bytes it resolves to { module, instance }, with a compiled module to the instance alone.
WebAssembly.instantiate = /** @type {typeof WebAssembly.instantiate} */ (/** @type {unknown} */ (
  async (/** @type {[BufferSource | WebAssembly.Module, WebAssembly.Imports?]} */ ...args) => {
    const result = /** @type {WebAssembly.WebAssemblyInstantiatedSource | WebAssembly.Instance} */ (
      await Reflect.apply(instantiate, WebAssembly, args));
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    capture.kernels = /** @type {import("./tasks.mjs").Kernels} */ (/** @type {unknown} */ (instance.exports));
    return result;
  }
));
const rmcal = await import("rmcal");
await rmcal.init();
// rmcal instantiates through WebAssembly.instantiate (src/core/instance.ts); if that ever changes, say so here
// rather than measure without the instance.
const captured = capture.kernels;
if (captured === null) throw new Error("rmcal's WebAssembly instance was not captured: WebAssembly.instantiate was not called");

/** @param {string} name */
function column(name) {
  const bytes = readFileSync(join(dataDir, `${name}.f64`));
  return new Float64Array(bytes.buffer, bytes.byteOffset, n);
}
const data = { margin: column("margin"), label: column("label"), prob: column("prob") };
const baseRss = process.memoryUsage().rss;

let body;
if (variant === "floor") {
  // The floor for `columns` input columns: one SIMD pass over columns·n float64 already in WebAssembly memory.
  const columns = Number(task.split("-")[1]);
  const length = columns * n;
  const ptr = captured.alloc(length * 8);
  const view = new Float64Array(captured.memory.buffer, ptr, length);
  view.set(data.margin, 0);
  if (columns > 1) view.set(data.prob, n);
  body = () => captured.streamSum(ptr, length);
} else {
  const spec = TASKS[task];
  const state = variant === "wasm" && spec.setup ? spec.setup(captured, data) : {};
  const { reference } = spec;
  if (variant !== "wasm" && !reference) throw new Error(`${task} has no reference variant`);
  body = variant === "wasm" ? () => spec.wasm(rmcal, data, state, captured) : () => /** @type {NonNullable<typeof reference>} */ (reference)(data);
}

let result;
// A parallel row's body returns a promise (its work runs on worker threads); the others return the result.
for (let i = 0; i < warmups; i++) result = await body();
// Wall time is what the performance targets (report.mjs) are stated in; CPU time (user + system of this process) is
// also kept, because on a shared machine it is what stays stable when other processes take the cores.
const times = [], cpuTimes = [];
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  result = await body();
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1e3);
}

console.log(JSON.stringify({
  task, variant, n, times, cpuTimes,
  result,
  baseRssMiB: baseRss / 2 ** 20,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  wasmMiB: captured.memory.buffer.byteLength / 2 ** 20,
}));
