// Entry for Node, browsers, Deno and Bun: the WebAssembly bytes are inlined into the bundle by esbuild.
/**
 * The library: `init` and every function of the public API (docs/DESIGN.md §4.2).
 * @module rmcal
 */
import wasmBytes from "../../../build/rmcal.wasm";
import { initFrom, type InitOptions } from "../../core/instance";

export * from "../../lib/index";

/**
 * Compiles and instantiates rmcal's WebAssembly core. Call once and await it before anything else;
 * later calls return at once, concurrent calls share one promise, and a failed call can be retried.
 * @param options `{ module }`: a precompiled WebAssembly.Module, for hosts that provide one
 * @example await init();
 */
export function init(options?: InitOptions): Promise<void> {
  return initFrom(options?.module ?? wasmBytes);
}
