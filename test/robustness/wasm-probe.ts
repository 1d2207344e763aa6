// Lets a test observe the WebAssembly memory of the BUILT package, which keeps its instance private: the
// instance that `init()` creates is recorded by wrapping WebAssembly.instantiate before init runs.
// Each vitest file runs in its own module graph, so the probe sees exactly that file's rmcal instance.

let memory: WebAssembly.Memory | null = null;

/** Call before `await init()`; afterwards `wasmMemoryBytes()` reports the instance's linear memory size. */
export function installWasmProbe(): void {
  const original = WebAssembly.instantiate;
  const wrapped = async (...args: Parameters<typeof WebAssembly.instantiate>) => {
    const result = (await (original as (...a: unknown[]) => Promise<unknown>)(...args)) as
      WebAssembly.Instance | WebAssembly.WebAssemblyInstantiatedSource;
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    const exported = instance.exports.memory;
    if (exported instanceof WebAssembly.Memory) memory = exported;
    return result;
  };
  WebAssembly.instantiate = wrapped as typeof WebAssembly.instantiate;
}

export function wasmMemoryBytes(): number {
  if (!memory) throw new Error("installWasmProbe() must run before init()");
  return memory.buffer.byteLength;
}
