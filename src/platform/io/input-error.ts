// Errors in input files: they name the file, the line and the field, so the user can open the file at the spot.
import { RmcalError, RmcalRangeError } from "../../core/errors";

/** The codes of input-file problems (docs/DESIGN.md §8). */
export type InputErrorCode = "input-file" | "input-format" | "input-field" | "empty-input";

/**
 * A problem with an input file, one of its rows or one field of a row. Its code says which: by default
 * "input-field" when a field is named, else "input-format".
 */
export class InputError extends RmcalError {
  override name = "InputError";
  declare readonly code: InputErrorCode;
  constructor(
    override readonly file: string,
    override readonly line: number | null,
    override readonly field: string | null,
    readonly problem: string,
    code: InputErrorCode = field === null ? "input-format" : "input-field",
  ) {
    super(code, `${file}${line === null ? "" : `, line ${line}`}${field === null ? "" : `, field "${field}"`}: ${problem}`);
  }
}

/**
 * A problem with a whole source, found by a reader (delimitedRows: an empty file), which knows no file name: its
 * message says "the file …". readPairs turns it into an InputError naming the file, from `problem` and `code`,
 * never from the message. A RangeError, as the readers threw before the family.
 */
export class SourceError extends RmcalRangeError {
  declare readonly code: InputErrorCode;
  constructor(code: InputErrorCode, readonly problem: string) {
    super(code, `the file ${problem}`);
  }
}

/** Rows left out with --skip-invalid: how many, and where the first few were. Nothing is skipped silently. */
export interface SkippedRows {
  count: number;
  /** The first few skipped rows (at most SKIPPED_EXAMPLES), each with its line and reason. */
  first: { line: number; reason: string }[];
}

const SKIPPED_EXAMPLES = 5;

export function noteSkipped(skipped: SkippedRows, error: InputError): void {
  skipped.count++;
  if (skipped.first.length < SKIPPED_EXAMPLES) {
    skipped.first.push({ line: error.line ?? 0, reason: error.field === null ? error.problem : `field "${error.field}": ${error.problem}` });
  }
}

/** "skipped 3 invalid rows (lines 4, 9, 17)" or null when none were skipped. */
export function describeSkipped(skipped: SkippedRows): string | null {
  if (skipped.count === 0) return null;
  const lines = skipped.first.map((s) => s.line).join(", ");
  const more = skipped.count > skipped.first.length ? ", …" : "";
  return `skipped ${skipped.count} invalid row${skipped.count === 1 ? "" : "s"} (line${skipped.count === 1 ? "" : "s"} ${lines}${more}); first: ${skipped.first[0].reason}`;
}
