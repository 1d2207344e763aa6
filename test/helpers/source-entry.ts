// The "rmcal" that vitest.mutation.config.ts aliases for mutation testing: the library's TypeScript source
// instead of the dist bundle, so the mutants Stryker writes into src/ are what the tests run. Mirrors
// src/platform/entries/default.ts, but reads the compiled core from build/ (npm run build:wasm) with node:fs.
import { readFileSync } from "node:fs";
import { initFrom, type InitOptions } from "../../src/core/instance";

export * from "../../src/lib/index";

const wasmUrl = new URL("../../build/rmcal.wasm", import.meta.url);

/** Same contract as the package's init: idempotent, concurrent calls share one promise, failures can be retried. */
export function init(options?: InitOptions): Promise<void> {
  return initFrom(options?.module ?? readFileSync(wasmUrl));
}
