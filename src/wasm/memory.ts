// Moving data across the WebAssembly boundary. Inputs are copied in; outputs are copied out with slice(),
// so callers never hold a view that a memory.grow could detach. Every allocation made in a scope is freed
// when the scope ends, even when the body throws, so repeated calls keep memory flat.
import { kernels } from "./instance";

/** wasm32 addresses at most 4 GiB; leave room for the module's own data and stack. */
export const MAX_WASM_BYTES = 4 * 1024 ** 3 - 64 * 1024 ** 2;

const F64 = 8;

export class Scope {
  private readonly pointers: number[] = [];
  private bytes = 0;

  /** Copies a float64 column into WASM memory; `null` gives the null pointer 0 (the kernels' "all ones"). */
  f64In(values: Float64Array | null): number {
    if (values === null) return 0;
    const ptr = this.alloc(values.length * F64);
    // Fresh view after the allocation: growing memory detaches every earlier ArrayBuffer view.
    new Float64Array(kernels().memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** Reserves room for `length` float64 values (uninitialized; kernels write them). */
  f64Out(length: number): number {
    return this.alloc(length * F64);
  }

  /**
   * A view of `length` float64 values in WASM memory, without a copy. Valid only until the next allocation
   * (which may grow memory and detach it) and never beyond the scope: read what you need and let it go.
   */
  f64View(ptr: number, length: number): Float64Array {
    return new Float64Array(kernels().memory.buffer, ptr, length);
  }

  /** Copies `length` float64 values out of WASM memory. */
  f64Read(ptr: number, length: number): Float64Array {
    return new Float64Array(kernels().memory.buffer, ptr, length).slice();
  }

  private alloc(bytes: number): number {
    const size = Math.max(bytes, F64);
    if (this.bytes + size > MAX_WASM_BYTES) {
      throw new RangeError(
        `input too large: this call needs ${formatBytes(this.bytes + size)} of WebAssembly memory, ` +
          `more than the ${formatBytes(MAX_WASM_BYTES)} a wasm32 module can address; split the data into shards`,
      );
    }
    const ptr = kernels().alloc(size);
    this.pointers.push(ptr);
    this.bytes += size;
    return ptr;
  }

  freeAll(): void {
    const { free } = kernels();
    for (const ptr of this.pointers) free(ptr);
    this.pointers.length = 0;
    this.bytes = 0;
  }
}

/** Runs `body` with a fresh Scope and frees everything it allocated afterwards. */
export function withScope<T>(body: (scope: Scope) => T): T {
  const scope = new Scope();
  try {
    return body(scope);
  } finally {
    scope.freeAll();
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
