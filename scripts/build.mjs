// Bundles the TypeScript facade with esbuild. Run after `asc --target release` (npm run build does both).
import { build } from "esbuild";

const common = { bundle: true, format: "esm", target: "es2022", sourcemap: true, logLevel: "warning" };

await Promise.all([
  // The core: one ESM file with the WebAssembly bytes inlined; no node: imports, so it runs everywhere.
  build({
    ...common,
    entryPoints: { rmcal: "src/entries/default.ts" },
    outdir: "dist",
    platform: "neutral",
    loader: { ".wasm": "binary" },
  }),
]);
