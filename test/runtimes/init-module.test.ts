// init({ module }): hosts that compile WebAssembly themselves (a bundler's .wasm import, workerd) hand rmcal a
// WebAssembly.Module. Here Node compiles the package's `rmcal/rmcal.wasm` export, as such a host would. vitest isolates test
// files, so rmcal starts uninitialized in this file.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { init, assess, isInitialized } from "rmcal";

it("init({ module }) instantiates from the given WebAssembly.Module, can be retried after a failure, and is required first", async () => {
  const pairs = { chosen: [2.1, 0.3, 1.5], rejected: [0.4, 0.9, 1.5] };
  expect(isInitialized()).toBe(false);
  expect(() => assess(pairs)).toThrow("rmcal is not initialized: call await init() first");
  // A module that imports a function rmcal does not provide: instantiating it must fail, which shows that init
  // really uses the module it is given; a failed init must also leave room for a retry.
  const foreign = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 15, 1, 3, 101, 110, 118, 7, 109, 105, 115, 115, 105, 110, 103, 0, 0]);
  await expect(init({ module: await WebAssembly.compile(foreign) })).rejects.toThrow(WebAssembly.LinkError);
  expect(isInitialized()).toBe(false);
  const module = await WebAssembly.compile(await readFile(createRequire(import.meta.url).resolve("rmcal/rmcal.wasm")));
  await init({ module });
  expect(isInitialized()).toBe(true);
  expect(assess(pairs).accuracy).toBe(0.5); // one pair right, one wrong, one tie (½)
});
