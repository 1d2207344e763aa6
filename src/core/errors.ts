// The one family of errors rmcal throws on purpose (docs/DESIGN.md §8). Every member carries a machine-readable `code`
// and, where they are known, the argument, index, file, line and field the error is about, so callers (and the
// CLI) branch on `code`, never on message text: messages are for people and may be reworded. The classes keep
// the built-in bases (RmcalTypeError is a TypeError, RmcalRangeError a RangeError), so `instanceof TypeError`
// and `instanceof RangeError` checks written before the family still hold. It lives in core, the lowest layer,
// because core itself throws (memory limits, init).

/** What went wrong, for programs. */
export type RmcalErrorCode =
  /** A data argument breaks a rule: not a column, not a number, not finite, outside its range, a margin overflows. */
  | "invalid-argument"
  /** An option (a field of an options object, or a setting such as a label map) is missing, of the wrong type or out of range. */
  | "invalid-option"
  /** Columns that must have one length do not. */
  | "length-mismatch"
  /** No rows, or fewer than the computation needs. */
  | "empty-input"
  /** The input exceeds a size limit: WebAssembly memory, or the thresholds a calibrator JSON may hold. */
  | "capacity"
  /** A function that needs the WebAssembly core ran before `await init()`. */
  | "not-initialized"
  /** The host cannot run the build it was given: it refuses to compile WebAssembly bytes at run time (workerd). */
  | "unsupported-host"
  /** A bug in rmcal (a kernel aborted, an invariant broke): please report it. */
  | "internal"
  /** An input file cannot be opened or read. */
  | "input-file"
  /** An input file, or a row of it, is not valid in its format (JSONL, CSV, TSV, calibrator JSON), or its format is unknown. */
  | "input-format"
  /** A field of an input row is missing or invalid. */
  | "input-field"
  /** An output path may not be written (it exists, or it is an input). */
  | "output-path"
  /** A command line that cannot be run (unknown command or flag, missing or bad argument). */
  | "usage"
  /** A long computation was stopped through its options.signal (the error's name is "AbortError"). */
  | "aborted";

/** Where an error is, as far as the thrower knows. */
export interface RmcalErrorDetails {
  /** The argument or option, as the message names it: "pairs.weight", "options.bins", "yTrue". */
  readonly argument?: string;
  /** The first offending position in that argument (a row of pairs, an entry of a column). */
  readonly index?: number;
  /** The input or output file. */
  readonly file?: string;
  /** The 1-based line of the file (null: the file as a whole). */
  readonly line?: number | null;
  /** The field of a row (null: the row as a whole). */
  readonly field?: string | null;
}

/** What every member of the family carries. */
export interface RmcalErrorFields extends RmcalErrorDetails {
  readonly code: RmcalErrorCode;
}

/**
 * Marks members of the family. A registered symbol, not `instanceof`: "rmcal" and "rmcal/node" are separate
 * bundles, each with its own copy of these classes, and isRmcalError must recognize the errors of both.
 */
const FAMILY = Symbol.for("rmcal.error");

/**
 * Sets the family mark, the code and the details that are known. Non-enumerable, like `message` and `stack`: an
 * error compared field by field with a plain `new RangeError(message)` (as test frameworks do) still matches.
 */
function joinFamily(error: Error, code: RmcalErrorCode, details: RmcalErrorDetails): void {
  Object.defineProperty(error, FAMILY, { value: true });
  for (const [key, value] of Object.entries({ code, ...details })) {
    if (value !== undefined) Object.defineProperty(error, key, { value, writable: true, configurable: true });
  }
}

// Each class is declared twice, as an interface (its fields) and as a class (its constructor), so the fields are
// typed without a class body that would shadow what joinFamily assigns.

/** An rmcal error that is neither a TypeError nor a RangeError (not initialized, internal, input files, CLI usage). */
export interface RmcalError extends RmcalErrorFields {}
export class RmcalError extends Error {
  constructor(code: RmcalErrorCode, message: string, details: RmcalErrorDetails = {}) {
    super(message);
    joinFamily(this, code, details);
  }
}

/** An argument or option of the wrong type (not a column, not an object, a field missing). */
export interface RmcalTypeError extends RmcalErrorFields {}
export class RmcalTypeError extends TypeError {
  constructor(code: RmcalErrorCode, message: string, details: RmcalErrorDetails = {}) {
    super(message);
    joinFamily(this, code, details);
  }
}

/** A value outside what is allowed (non-finite, out of range, lengths that differ, too large, empty). */
export interface RmcalRangeError extends RmcalErrorFields {}
export class RmcalRangeError extends RangeError {
  constructor(code: RmcalErrorCode, message: string, details: RmcalErrorDetails = {}) {
    super(message);
    joinFamily(this, code, details);
  }
}

/**
 * Whether `error` is one rmcal threw on purpose: then it has a `code` (and the details that apply). Works across
 * rmcal's entry points ("rmcal", "rmcal/node"). O(1).
 * @example try { assess(pairs) } catch (e) { if (isRmcalError(e) && e.code === "length-mismatch") … }
 */
export function isRmcalError(error: unknown): error is Error & RmcalErrorFields {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[FAMILY] === true;
}
