// A second, raw instance of build/rmcal.wasm, for tests that call kernels the package does not expose (sorts,
// log1p, the calibration-error kernel) directly on memory they lay out themselves.
import { readFileSync } from "node:fs";

/** Instantiates the release module with its exports typed as `K`; a kernel abort throws "abort". */
export async function rawKernels<K>(): Promise<K> {
  const bytes = readFileSync(new URL("../../build/rmcal.wasm", import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort: () => { throw new Error("abort"); } } });
  return instance.exports as unknown as K;
}
