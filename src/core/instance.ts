// The one place that owns the WebAssembly instance. Everything else calls kernels through `kernels()`
// and moves data with the Scope of ./memory.ts.
import { RmcalError, RmcalTypeError } from "./errors";
import type { KernelExports } from "./exports";

/** What an entry point hands to `init`: the module's bytes, or a module the host has already compiled. */
export type WasmSource = BufferSource | WebAssembly.Module;

export interface InitOptions {
  /** A precompiled module, for hosts that provide one (Cloudflare workerd, a bundler's .wasm import). */
  module?: WebAssembly.Module;
}

let instance: KernelExports | null = null;
let pending: Promise<void> | null = null;

/**
 * Compiles and instantiates the kernels once. Idempotent; concurrent calls share one promise; a failed
 * attempt is forgotten, so a later call retries.
 */
export function initFrom(source: WasmSource): Promise<void> {
  if (instance) return Promise.resolve();
  if (!pending) {
    pending = instantiate(source).then(
      (exports) => {
        instance = exports;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
  }
  return pending;
}

async function instantiate(source: WasmSource): Promise<KernelExports> {
  const imports = { env: { abort: abortFromWasm } };
  const created =
    source instanceof WebAssembly.Module
      ? await WebAssembly.instantiate(source, imports)
      : (await WebAssembly.instantiate(source, imports)).instance;
  return checkedExports(created.exports);
}

/**
 * A module that instantiates but is not rmcal's (a host handed the wrong .wasm) must fail init, not the first
 * call: otherwise init would resolve and every later call would die with "alloc is not a function".
 */
function checkedExports(exports: WebAssembly.Exports): KernelExports {
  if (!(exports.memory instanceof WebAssembly.Memory)) {
    throw new RmcalTypeError("invalid-option", "init: the WebAssembly module is not rmcal's core (it exports no memory)", { argument: "options.module" });
  }
  for (const name of ["alloc", "free", "accumulatePairs"]) {
    if (typeof exports[name] !== "function") {
      throw new RmcalTypeError("invalid-option", `init: the WebAssembly module is not rmcal's core (it does not export ${name})`, { argument: "options.module" });
    }
  }
  return exports as unknown as KernelExports;
}

// The kernels never validate, so reaching abort means a bug in rmcal, not in the caller's data.
function abortFromWasm(_message: number, _file: number, line: number, column: number): never {
  throw new RmcalError("internal", `rmcal internal error: a WebAssembly kernel aborted at ${line}:${column}; please report it`);
}

/** The instantiated kernels; throws the documented message when `init` has not completed. */
export function kernels(): KernelExports {
  if (!instance) throw new RmcalError("not-initialized", "rmcal is not initialized: call await init() first");
  return instance;
}

/** Whether `init` has completed. */
export function isInitialized(): boolean {
  return instance !== null;
}
