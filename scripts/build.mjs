// Bundles the TypeScript facade with esbuild. Run after `asc --target release` (npm run build does both).
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

// dist/ is rebuilt whole, so no declaration or bundle of a moved or deleted module outlives it.
await rm("dist", { recursive: true, force: true });

/** @type {import("esbuild").BuildOptions} */
const common = { bundle: true, format: "esm", target: "es2022", sourcemap: true, logLevel: "warning" };

await Promise.all([
  // The core: one ESM file with the WebAssembly bytes inlined; no node: imports, so it runs everywhere.
  build({
    ...common,
    entryPoints: { rmcal: "src/platform/entries/default.ts" },
    outdir: "dist",
    platform: "neutral",
    loader: { ".wasm": "binary" },
  }),
  // workerd: the .wasm stays an import ("./rmcal.wasm", resolved next to the bundle), compiled by the host.
  build({
    ...common,
    entryPoints: { "rmcal.workerd": "src/platform/entries/workerd.ts" },
    outdir: "dist",
    platform: "neutral",
    external: ["./rmcal.wasm"],
  }),
  mkdir("dist", { recursive: true }).then(() => copyFile("build/rmcal.wasm", "dist/rmcal.wasm")),
  // rmcal/browser: the default entry plus the parallel functions on Web Workers, and the script of those workers
  // (docs/DESIGN.md §6.10), which carries no WebAssembly bytes: the page posts it the module it compiled.
  build({
    ...common,
    entryPoints: { browser: "src/platform/entries/browser.ts", "browser-pool-worker": "src/platform/browser/pool-worker.ts" },
    outdir: "dist",
    platform: "neutral",
    loader: { ".wasm": "binary" },
  }),
  // The web page (npm run web): main thread and Web Worker bundles, the script of the Web Workers its worker
  // starts for the resamples (docs/DESIGN.md §6.10), and the static files, in dist/web/.
  build({
    ...common,
    entryPoints: { main: "src/app/web/main.ts", worker: "src/app/web/worker.ts", "browser-pool-worker": "src/platform/browser/pool-worker.ts" },
    outdir: "dist/web",
    platform: "browser",
    loader: { ".wasm": "binary" },
    define: { __RMCAL_VERSION__: JSON.stringify(version) },
  }),
  mkdir("dist/web", { recursive: true }).then(() =>
    Promise.all(["index.html", "style.css"].map((f) => copyFile(`src/app/web/${f}`, `dist/web/${f}`))),
  ),
  // The CLI (bin/rmcal.js imports it): core, readers, papaparse and the report in one Node file.
  build({
    ...common,
    entryPoints: { cli: "src/app/cli/main.ts" },
    outdir: "dist",
    platform: "node",
    loader: { ".wasm": "binary" },
    define: { __RMCAL_VERSION__: JSON.stringify(version) },
    // prom-client (rmcal serve's /metrics) is CommonJS and require()s Node's built-ins; an ESM bundle has no
    // require of its own, so it gets Node's.
    banner: { js: 'import { createRequire as __rmcalCreateRequire } from "node:module"; const require = __rmcalCreateRequire(import.meta.url);' },
  }),
  // rmcal/node: streaming file readers, atomic output and the parallel functions for Node (papaparse bundled in),
  // and the script of the worker threads the parallel functions and the CLI start (docs/DESIGN.md §6.10). Both
  // inline the WebAssembly bytes: each worker, and the parallel functions themselves, instantiate their own core.
  build({
    ...common,
    entryPoints: { node: "src/platform/node/index.ts", "pool-worker": "src/platform/node/pool-worker.ts" },
    outdir: "dist",
    platform: "node",
    loader: { ".wasm": "binary" },
  }),
]);
