// Validation without a copy. A Float64Array input is checked in place and returned as it is: the facade only
// reads it, then copies it once into WebAssembly memory. Copying it first into a fresh JavaScript array cost more
// than the whole computation for large n (a fresh 80 MB array is 20,000 page faults), so the hot paths use these.
// Errors are the very errors of ./columns.ts: on any invalid value we rerun the copying check, which throws.
import { finiteColumn, unitIntervalColumn, weightColumn } from "./columns";

/**
 * A finite float64 column: the input itself when it is a valid Float64Array, otherwise a checked copy.
 * The result may be the caller's array: read it, never write to it, never keep it beyond the call. O(n).
 * @throws {TypeError|RangeError} exactly as finiteColumn
 */
export function finiteView(values: unknown, name: string): Float64Array {
  if (!(values instanceof Float64Array)) return finiteColumn(values, name);
  // x − x is 0 for every finite x and NaN for ±Infinity and NaN.
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return finiteColumn(values, name);
  return values;
}

/**
 * A float64 column with every entry in [0, 1], without a copy when the input is a valid Float64Array. O(n).
 * @throws {TypeError|RangeError} exactly as unitIntervalColumn
 */
export function unitIntervalView(values: unknown, name: string): Float64Array {
  if (!(values instanceof Float64Array)) return unitIntervalColumn(values, name);
  // One comparison pair also rejects NaN (every comparison with NaN is false) and ±Infinity.
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 1)) return unitIntervalColumn(values, name);
  }
  return values;
}

/**
 * A weight column (finite, ≥ 0, positive finite sum), without a copy when the input is a valid Float64Array. O(n).
 * @throws {TypeError|RangeError} exactly as weightColumn
 */
export function weightView(values: unknown, name: string): Float64Array {
  if (!(values instanceof Float64Array)) return weightColumn(values, name);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < Infinity)) return weightColumn(values, name);
    sum += v;
  }
  if (values.length > 0 && !(sum > 0 && sum < Infinity)) return weightColumn(values, name);
  return values;
}
