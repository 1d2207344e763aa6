// The one place that owns the WebAssembly instance. Everything else calls kernels through `kernels()`
// and moves data with the Scope of ./memory.ts.
import { RmcalError, RmcalTypeError } from "./errors";
import type { KernelExports } from "./exports";

/**
 * A compiled `WebAssembly.Module`. Declared as `object`, not `WebAssembly.Module`: the emitted declarations must
 * type-check without the DOM lib, and `@types/node` 20 declares no `WebAssembly` namespace (docs/DESIGN.md §4.4).
 * Any `WebAssembly.Module` is an `object`; init checks at run time that it really is one.
 */
export type CompiledWasmModule = object;

/** What an entry point hands to `init`: the module's bytes, or a module the host has already compiled. */
export type WasmSource = Uint8Array<ArrayBuffer> | CompiledWasmModule;

export interface InitOptions {
  /** A precompiled `WebAssembly.Module`, for hosts that provide one (Cloudflare workerd, a bundler's .wasm import). */
  module?: CompiledWasmModule;
}

let instance: KernelExports | null = null;
let pending: Promise<void> | null = null;
/** The module the instance was made from, kept so that Web Workers can instantiate it without compiling (§6.10). */
let compiled: WebAssembly.Module | null = null;

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
  if (source instanceof WebAssembly.Module) {
    const exports = checkedExports((await WebAssembly.instantiate(source, imports)).exports);
    compiled = source;
    return exports;
  }
  if (!ArrayBuffer.isView(source)) {
    throw new RmcalTypeError("invalid-option", "init: options.module must be a WebAssembly.Module", { argument: "options.module" });
  }
  const bytes = source as Uint8Array<ArrayBuffer>;
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (error) {
    throw refusedCompile(error);
  }
  const exports = checkedExports((await WebAssembly.instantiate(module, imports)).exports);
  compiled = module;
  return exports;
}

/**
 * The bytes are rmcal's own, inlined by the build, so a compile error here means the host refuses to compile
 * WebAssembly at run time: Cloudflare workerd always does, and so does a page whose Content-Security-Policy lacks
 * 'wasm-unsafe-eval'. The usual cause is a bundle made without the "workerd" export condition, which picks the
 * build that imports a precompiled module instead (docs/DESIGN.md §4.1).
 */
function refusedCompile(error: unknown): unknown {
  if (!(error instanceof WebAssembly.CompileError)) return error;
  return new RmcalError(
    "unsupported-host",
    `init: this host cannot compile WebAssembly at run time (${error.message}). On Cloudflare workerd, bundle ` +
      `rmcal with the "workerd" export condition (wrangler sets it; esbuild: --conditions=workerd), or import ` +
      `"rmcal/rmcal.wasm" as a WebAssembly.Module and pass it: await init({ module })`,
  );
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

/**
 * The compiled module of the instance, which a browser posts to each Web Worker of a pool: a worker then
 * instantiates it without fetching or compiling anything (docs/DESIGN.md §6.10). Throws as kernels() does before init.
 */
export function compiledModule(): CompiledWasmModule {
  kernels(); // before init, the documented not-initialized error
  return compiled!;
}
