// Entry for Cloudflare workerd (the "workerd" export condition). workerd refuses to compile WebAssembly bytes
// at run time, so the bundle keeps `import ... from "./rmcal.wasm"` as a module import: the runtime (or wrangler's
// bundler) compiles it at upload time and hands us a WebAssembly.Module. scripts/build.mjs copies the file to dist/.
import wasmModuleImport from "./rmcal.wasm";
import { initFrom, type InitOptions } from "../../core/instance";

export * from "../../lib/index";

// src/platform/wasm-module.d.ts types "*.wasm" as bytes (what the default entry's binary loader gives); under
// workerd the same import is a compiled module. TypeScript cannot type one specifier two ways, hence the cast.
const wasmModule = wasmModuleImport as unknown as WebAssembly.Module;

/**
 * Instantiates rmcal's WebAssembly core from the module workerd compiled at deploy time. Call once and await it
 * before anything else; later calls return at once, concurrent calls share one promise, a failed call can be retried.
 * @param options `{ module }`: a precompiled WebAssembly.Module to use instead of the bundled one
 * @example await init();
 */
export function init(options?: InitOptions): Promise<void> {
  return initFrom(options?.module ?? wasmModule);
}
