// Moving data across the WebAssembly boundary. Inputs are copied in; outputs are copied out with slice(),
// so callers never hold a view that a memory.grow could detach. Every allocation made in a scope is freed
// when the scope ends, even when the body throws, so repeated calls keep memory flat.
import { RmcalRangeError } from "./errors";
import { kernels } from "./instance";

/** wasm32 addresses at most 4 GiB; leave room for the module's own data and stack. */
const MAX_WASM_BYTES = 4 * 1024 ** 3 - 64 * 1024 ** 2;

/**
 * The largest single allocation: AssemblyScript's TLSF allocator caps a block at 1 GiB less its header
 * (BLOCK_MAXSIZE in std/assembly/rt/common.ts) and aborts beyond it, so one float64 column holds at most
 * 134,217,726 values. Checked here, before anything is copied, so the user sees this message, not an abort.
 */
const MAX_WASM_BLOCK_BYTES = 2 ** 30 - 16;

const F64 = 8;

/** The most rows a call can copy when it needs `columns` float64 columns of them in WebAssembly memory. */
function maxWasmRows(columns: number): number {
  return Math.floor(Math.min(MAX_WASM_BLOCK_BYTES / F64, MAX_WASM_BYTES / (F64 * columns)));
}

/**
 * Fails up front, before any copy, when `rows` rows of `columns` float64 columns cannot fit in wasm32 memory.
 * O(1).
 * @param name the argument, for the message
 * @throws {RangeError} saying how much memory was needed and how many rows fit
 * @example requireWasmCapacity(2e8, 3, "pairs") // throws: pairs has 200000000 rows: … needs 4.47 GiB …
 */
export function requireWasmCapacity(rows: number, columns: number, name: string): void {
  const column = rows * F64;
  const total = column * columns;
  if (column <= MAX_WASM_BLOCK_BYTES && total <= MAX_WASM_BYTES) return;
  const limit = column > MAX_WASM_BLOCK_BYTES
    ? `one float64 column of them needs ${formatBytes(column)} of WebAssembly memory, more than the ` +
      `${formatBytes(MAX_WASM_BLOCK_BYTES)} a single wasm32 allocation can hold`
    : `its ${columns} float64 columns need ${formatBytes(total)} of WebAssembly memory, more than the ` +
      `${formatBytes(MAX_WASM_BYTES)} a wasm32 module can address`;
  throw new RmcalRangeError(
    "capacity",
    `${name} has ${rows} rows: ${limit}; split the data into shards of at most ` +
      `${maxWasmRows(columns)} rows`,
    { argument: name },
  );
}

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

  /** Copies an int32 column (indices, unit codes) into WASM memory; `null` gives the null pointer 0. */
  i32In(values: Int32Array | null): number {
    if (values === null) return 0;
    const ptr = this.alloc(values.length * 4);
    new Int32Array(kernels().memory.buffer, ptr, values.length).set(values);
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
      throw new RmcalRangeError(
        "capacity",
        `input too large: this call needs ${formatBytes(this.bytes + size)} of WebAssembly memory, ` +
          `more than the ${formatBytes(MAX_WASM_BYTES)} a wasm32 module can address; split the data into shards`,
      );
    }
    if (size > MAX_WASM_BLOCK_BYTES) {
      throw new RmcalRangeError(
        "capacity",
        `input too large: one block of ${formatBytes(size)} exceeds the ${formatBytes(MAX_WASM_BLOCK_BYTES)} ` +
          `a wasm32 allocation can hold; split the data into shards`,
      );
    }
    const ptr = growingAlloc(size, this.bytes);
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

/**
 * kernels().alloc, with the one trap it can raise turned into a message: when the engine refuses to grow
 * memory (a host limit below 4 GiB, or the machine is out of memory), the allocator executes `unreachable`
 * before changing any state, so the instance stays usable after this error.
 */
function growingAlloc(size: number, alreadyHeld: number): number {
  try {
    // wasm32 addresses are unsigned, but the JS API reads an i32 result as signed: an address past 2 GiB would
    // come back negative (docs/DESIGN.md §9.2).
    return kernels().alloc(size) >>> 0;
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    const current = kernels().memory.buffer.byteLength;
    throw new RmcalRangeError(
      "capacity",
      `input too large: the WebAssembly engine refused to grow memory beyond ${formatBytes(current)} ` +
        `(this call needed ${formatBytes(alreadyHeld + size)}); split the data into shards`,
    );
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
  return bytes >= 1000 * 1024 ** 2 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
