// Input checks shared by every public function. Kernels never validate, so everything that reaches
// WebAssembly has passed through here. Messages name the argument, the first offending index and value.
import { requireWasmCapacity } from "../../core/memory";

/** A column of numbers: a plain array or any typed array. */
export type NumericColumn = ArrayLike<number>;

function describe(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : String(value);
}

function isColumn(value: unknown): value is NumericColumn {
  return (
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) && !(value instanceof DataView) && typeof (value as { length?: unknown }).length === "number")
  );
}

/** Copies a column to a Float64Array, requiring every entry to be a finite number. */
export function finiteColumn(values: unknown, name: string): Float64Array {
  if (!isColumn(values)) {
    throw new TypeError(`${name} must be an array or a typed array of numbers, got ${describe(values)}`);
  }
  // Before allocating the copy: a column that cannot reach WebAssembly should not cost gigabytes first.
  requireWasmCapacity(values.length, 1, name);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" && typeof v !== "bigint") {
      throw new TypeError(`${name}[${i}] is ${describe(v)}; ${name} must hold numbers`);
    }
    const x = Number(v);
    if (!Number.isFinite(x)) throw new RangeError(`${name}[${i}] is ${describe(x)}; ${name} must be finite`);
    out[i] = x;
  }
  return out;
}

/** A finite column whose entries all lie in [0, 1] (labels, probabilities). */
export function unitIntervalColumn(values: unknown, name: string): Float64Array {
  const out = finiteColumn(values, name);
  for (let i = 0; i < out.length; i++) {
    if (out[i] < 0 || out[i] > 1) throw new RangeError(`${name}[${i}] is ${out[i]}; ${name} must lie in [0, 1]`);
  }
  return out;
}

/**
 * Non-zero weights must lie within these bounds, so that Σw² (the effective sample size of a bin) neither
 * overflows nor underflows, which would turn interval bounds into NaN. Every metric depends only on ratios of
 * weights, so rescaling them changes nothing.
 */
const MIN_WEIGHT = 1e-100;
const MAX_WEIGHT = 1e100;

/** A weight column: finite, ≥ 0, non-zero entries in [MIN_WEIGHT, MAX_WEIGHT], with a positive sum. */
export function weightColumn(values: unknown, name: string): Float64Array {
  const out = finiteColumn(values, name);
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] < 0) throw new RangeError(`${name}[${i}] is ${out[i]}; ${name} must be ≥ 0`);
    if (out[i] !== 0 && (out[i] < MIN_WEIGHT || out[i] > MAX_WEIGHT)) {
      throw new RangeError(`${name}[${i}] is ${out[i]}; non-zero ${name} must lie in [1e-100, 1e100] (rescale them: only their ratios matter)`);
    }
    sum += out[i];
  }
  if (out.length > 0 && !(sum > 0)) throw new RangeError(`${name} sum to 0; at least one weight must be positive`);
  if (!Number.isFinite(sum)) throw new RangeError(`${name} sum to ${sum}; the total weight must be finite`);
  return out;
}

export function requireSameLength(columns: Record<string, { length: number }>): number {
  const entries = Object.entries(columns);
  const [firstName, first] = entries[0];
  for (const [name, column] of entries.slice(1)) {
    if (column.length !== first.length) {
      throw new RangeError(`${name} has length ${column.length} but ${firstName} has length ${first.length}; they must match`);
    }
  }
  return first.length;
}

/** The length of a column-like value (0 when it is not one; finiteColumn reports that). */
export function columnLength(values: unknown): number {
  return isColumn(values) ? values.length : 0;
}

export { requireWasmCapacity };

export function requireNonEmpty(n: number, name: string): void {
  if (n === 0) throw new RangeError(`${name} is empty; at least one row is needed`);
}

/** An integer in [min, max]. */
export function integerOption(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} is ${describe(value)}; it must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A finite number satisfying `test`, described by `requirement` in the error. */
export function numberOption(value: unknown, name: string, test: (x: number) => boolean, requirement: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !test(value)) {
    throw new RangeError(`${name} is ${describe(value)}; it must be ${requirement}`);
  }
  return value;
}

/** One of the allowed string values. */
export function choiceOption<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name} is ${describe(value)}; it must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
  return value as T;
}

/** The options argument: undefined or a plain object. */
export function optionsObject<T extends object>(options: T | undefined, name = "options"): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${name} must be an object, got ${describe(options)}`);
  }
  return options;
}

export { describe as describeValue };
