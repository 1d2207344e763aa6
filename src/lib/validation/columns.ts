// Input checks shared by every public function, and the one home of the column rules. Kernels never validate
// (but for the [0, 1] check folded into the binning pass, which on failure reruns these), so everything that
// reaches WebAssembly has passed through here. Messages name the argument, the first offending index and value.
import { requireWasmCapacity } from "../../core/memory";
import { RmcalRangeError, RmcalTypeError, type RmcalErrorCode } from "../../core/errors";

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

// ---- The column rules (docs/DESIGN.md §2.5, §2.6): one predicate per rule, one set of limits. Two paths apply
// them: the copying path (plain arrays and other typed arrays → a fresh Float64Array, checking types and finiteness
// on the way) and the no-copy path (a Float64Array is checked in place and returned as it is: the facade only reads
// it, then copies it once into WebAssembly memory; copying it first into a fresh JavaScript array cost more than the
// whole computation for large n). After the copy both run the very same in-place loops below (require*), so a value
// passes or fails alike, with the same error. A loop that meets a refused value builds the error with ruleError,
// which reports the column's first non-finite entry if any (the copy finds those first), so a column with a NaN at 5
// and a 2 at 3 fails on the NaN either way.

/**
 * Non-zero weights must lie within these bounds, so that Σw² (the effective sample size of a bin) neither
 * overflows nor underflows, which would turn interval bounds into NaN. Every metric depends only on ratios of
 * weights, so rescaling them changes nothing.
 */
const MIN_WEIGHT = 1e-100;
const MAX_WEIGHT = 1e100;
/** The bounds as messages write them (String(1e100) would be "1e+100"). */
const WEIGHT_BOUNDS = "[1e-100, 1e100]";

/** Rule: a finite number. x − x is 0 for every finite x and NaN for ±Infinity and NaN. */
function isFiniteValue(x: number): boolean {
  return x - x === 0;
}

/** Rule for labels and probabilities: in [0, 1]. False for NaN (every comparison with NaN is false) and ±Infinity. */
export function isUnitValue(x: number): boolean {
  return x >= 0 && x <= 1;
}

/** Rule for weights: 0 (or -0), or in [MIN_WEIGHT, MAX_WEIGHT]. False for NaN, ±Infinity and negatives. */
export function isWeightValue(x: number): boolean {
  return x === 0 || (x >= MIN_WEIGHT && x <= MAX_WEIGHT);
}

/** Rule for a weight column's total: positive and finite (an empty column has no total to check). */
export function isTotalWeight(sum: number): boolean {
  return sum > 0 && sum < Infinity;
}

/**
 * Why a weight the predicate refused is refused, as the end of a sentence about `name` ("… must be ≥ 0").
 * The readers of platform/io use it too, so a file's weights meet the library's words and bounds.
 */
export function weightProblem(x: number, name: string): string {
  return x < 0
    ? `${name} must be ≥ 0`
    : `non-zero ${name} must lie in ${WEIGHT_BOUNDS} (rescale them: only their ratios matter)`;
}

function notFinite(name: string, i: number, x: number): RangeError {
  return new RmcalRangeError("invalid-argument", `${name}[${i}] is ${describe(x)}; ${name} must be finite`, { argument: name, index: i });
}

/**
 * The error for a column that `rule` refused somewhere: its first non-finite entry (the copying path finds those
 * first), else the first entry `rule` refuses, with `problem` saying why.
 */
function ruleError(values: Float64Array, name: string, rule: (x: number) => boolean, problem: (x: number) => string): RangeError {
  let i = firstIndex(values, isFiniteValue);
  if (i >= 0) return notFinite(name, i, values[i]);
  i = firstIndex(values, rule);
  return new RmcalRangeError("invalid-argument", `${name}[${i}] is ${values[i]}; ${problem(values[i])}`, { argument: name, index: i });
}

function totalWeightError(sum: number, name: string): RangeError {
  const message = sum > 0
    ? `${name} sum to ${sum}; the total weight must be finite`
    : `${name} sum to 0; at least one weight must be positive`;
  return new RmcalRangeError("invalid-argument", message, { argument: name });
}

/** The first index whose value `rule` refuses, or −1. Runs only on the way to an error, so a callback is fine. */
function firstIndex(values: Float64Array, rule: (x: number) => boolean): number {
  for (let i = 0; i < values.length; i++) if (!rule(values[i])) return i;
  return -1;
}

/** Checks a Float64Array in place against the finite rule. O(n). */
function requireFinite(values: Float64Array, name: string): Float64Array {
  for (let i = 0; i < values.length; i++) if (!isFiniteValue(values[i])) throw notFinite(name, i, values[i]);
  return values;
}

/** Checks a Float64Array in place against the [0, 1] rule (which implies finite). O(n). */
function requireUnitInterval(values: Float64Array, name: string): Float64Array {
  for (let i = 0; i < values.length; i++) if (!isUnitValue(values[i])) throw ruleError(values, name, isUnitValue, () => `${name} must lie in [0, 1]`);
  return values;
}

/** Checks a Float64Array in place against the weight rule (which implies finite) and the total-weight rule. O(n). */
function requireWeights(values: Float64Array, name: string): Float64Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isWeightValue(v)) throw ruleError(values, name, isWeightValue, (x) => weightProblem(x, name));
    sum += v;
  }
  if (values.length > 0 && !isTotalWeight(sum)) throw totalWeightError(sum, name);
  return values;
}

/** Copies a column to a Float64Array, requiring every entry to be a finite number. */
export function finiteColumn(values: unknown, name: string): Float64Array {
  if (!isColumn(values)) {
    throw new RmcalTypeError("invalid-argument", `${name} must be an array or a typed array of numbers, got ${describe(values)}`, { argument: name });
  }
  // Before allocating the copy: a column that cannot reach WebAssembly should not cost gigabytes first.
  requireWasmCapacity(values.length, 1, name);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" && typeof v !== "bigint") {
      throw new RmcalTypeError("invalid-argument", `${name}[${i}] is ${describe(v)}; ${name} must hold numbers`, { argument: name, index: i });
    }
    const x = Number(v);
    if (!isFiniteValue(x)) throw notFinite(name, i, x);
    out[i] = x;
  }
  return out;
}

/** A finite column whose entries all lie in [0, 1] (labels, probabilities), copied. */
export function unitIntervalColumn(values: unknown, name: string): Float64Array {
  return requireUnitInterval(finiteColumn(values, name), name);
}

/** A weight column, copied: finite, ≥ 0, non-zero entries in [MIN_WEIGHT, MAX_WEIGHT], with a positive finite sum. */
export function weightColumn(values: unknown, name: string): Float64Array {
  return requireWeights(finiteColumn(values, name), name);
}

/**
 * A finite float64 column: the input itself when it is a Float64Array (checked in place), otherwise a checked copy.
 * The result may be the caller's array: read it, never write to it, never keep it beyond the call. O(n).
 * @throws {TypeError|RangeError} exactly as finiteColumn
 */
export function finiteView(values: unknown, name: string): Float64Array {
  return values instanceof Float64Array ? requireFinite(values, name) : finiteColumn(values, name);
}

/**
 * A float64 column with every entry in [0, 1], without a copy when the input is a Float64Array. O(n).
 * @throws {TypeError|RangeError} exactly as unitIntervalColumn
 */
export function unitIntervalView(values: unknown, name: string): Float64Array {
  return values instanceof Float64Array ? requireUnitInterval(values, name) : unitIntervalColumn(values, name);
}

/**
 * A weight column, without a copy when the input is a Float64Array. O(n).
 * @throws {TypeError|RangeError} exactly as weightColumn
 */
export function weightView(values: unknown, name: string): Float64Array {
  return values instanceof Float64Array ? requireWeights(values, name) : weightColumn(values, name);
}

/**
 * Rule for margins: d = a − b of two finite scores overflows float64 to ±∞ when |a − b| > MAX_VALUE (it is never
 * NaN). Such a margin is refused rather than clipped: a pair's direction survives, its size does not.
 */
export function marginOverflows(d: number): boolean {
  return !isFiniteValue(d);
}

/**
 * The margins a[i] − b[i] of two finite score columns of one length, the one subtraction every path makes (so
 * a table's margins and toPairColumns' agree bit for bit). O(n).
 * @param overflow the caller's error for the first pair whose margin overflows (called only then)
 */
export function marginColumn(a: Float64Array, b: Float64Array, overflow: (i: number) => Error): Float64Array {
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    d[i] = a[i] - b[i];
    if (marginOverflows(d[i])) throw overflow(i);
  }
  return d;
}

export function requireSameLength(columns: Record<string, { length: number }>): number {
  const entries = Object.entries(columns);
  const [firstName, first] = entries[0];
  for (const [name, column] of entries.slice(1)) {
    if (column.length !== first.length) {
      throw new RmcalRangeError("length-mismatch", `${name} has length ${column.length} but ${firstName} has length ${first.length}; they must match`, { argument: name });
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
  if (n === 0) throw new RmcalRangeError("empty-input", `${name} is empty; at least one row is needed`, { argument: name });
}

/**
 * The code for a bad scalar: "invalid-option" for the options object and its fields (named "options…", docs/DESIGN.md
 * §8.2), "invalid-argument" for a positional argument (wilsonInterval's n). Columns are data, even inside options:
 * their errors are always "invalid-argument".
 */
function codeOf(name: string): RmcalErrorCode {
  return name === "options" || name.startsWith("options.") ? "invalid-option" : "invalid-argument";
}

/** An integer in [min, max]. */
export function integerOption(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RmcalRangeError(codeOf(name), `${name} is ${describe(value)}; it must be an integer from ${min} to ${max}`, { argument: name });
  }
  return value;
}

/** A finite number satisfying `test`, described by `requirement` in the error. */
export function numberOption(value: unknown, name: string, test: (x: number) => boolean, requirement: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !test(value)) {
    throw new RmcalRangeError(codeOf(name), `${name} is ${describe(value)}; it must be ${requirement}`, { argument: name });
  }
  return value;
}

/** A boolean option: the fallback when absent, true or false when given, refused otherwise. */
export function booleanOption(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new RmcalRangeError("invalid-option", `${name} is ${String(value)}; it must be true or false`, { argument: name });
  return value;
}

/** One of the allowed string values. */
export function choiceOption<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RmcalRangeError(codeOf(name), `${name} is ${describe(value)}; it must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`, { argument: name });
  }
  return value as T;
}

/** The keys of T that the list K leaves out (never when it lists them all). */
type Unlisted<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/**
 * The keys an options type has, as the list optionsObject checks against (docs/DESIGN.md §8.2). TypeScript keeps
 * the list and the interface in step: a listed key the interface lacks is a type error, and so is a key of the
 * interface left out of the list (the call then asks for a second argument naming it).
 * @example const ASSESS_OPTION_KEYS = optionKeys<AssessOptions>()(["bins", "binning", "view", "temperature", "interval"]);
 */
export function optionKeys<T extends object>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K, ..._complete: [Unlisted<T, K>] extends [never] ? [] : [missing: Unlisted<T, K>]
  ): K => keys;
}

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbours), ignoring case, so that a
 * typo ("bin", "nbins", "sede") finds its option. Only runs on the way to an error. O(|a|·|b|).
 */
function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known key closest to `key`, or undefined when none is close: at most 2 edits, and fewer edits than `key` has
 * characters (so "x" suggests nothing rather than any short key). Ties go to the first in `known`.
 */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(3, key.length);
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The options argument: undefined or a plain object whose own keys are all in `known`. A misspelt option would
 * otherwise be ignored silently and its default used, so the first unknown key is refused, naming the closest
 * known one (docs/DESIGN.md §8.2). Keys with the value undefined count too: a typo is a typo.
 */
export function optionsObject<T extends object>(options: T | undefined, known: readonly (keyof T & string)[], name = "options"): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new RmcalTypeError(codeOf(name), `${name} must be an object, got ${describe(options)}`, { argument: name });
  }
  for (const key of Object.keys(options)) {
    if ((known as readonly string[]).includes(key)) continue;
    const closest = closestKey(key, known);
    const hint = closest === undefined
      ? known.length === 0 ? "it takes none" : `the known keys are ${known.map((k) => `'${k}'`).join(", ")}`
      : `did you mean '${closest}'?`;
    throw new RmcalTypeError(codeOf(name), `${name} has an unknown key '${key}'; ${hint}`, { argument: `${name}.${key}` });
  }
  return options;
}

export { describe as describeValue };
