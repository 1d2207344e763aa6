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
    /** What `line` counts: a text file's lines, or a Parquet file's rows (1-based), which have no line. */
    readonly position: "line" | "row" = "line",
  ) {
    super(code, `${file}${line === null ? "" : `, ${position} ${line}`}${field === null ? "" : `, field "${field}"`}: ${problem}`);
  }
}

/**
 * A problem with a whole source, found by a reader (delimitedRows: an empty file), which knows no file name: its
 * message says "the file …". readPairs turns it into an InputError naming the file, from `problem` and `code`,
 * never from the message. A RangeError, as the readers threw before the family.
 */
export class SourceError extends RmcalRangeError {
  declare readonly code: InputErrorCode;
  constructor(code: InputErrorCode, readonly problem: string, readonly at: number | null = null) {
    super(code, `the file${at === null ? "" : `, line ${at},`} ${problem}`, { line: at });
  }
}

/**
 * The longest line (CSV/TSV: row) the readers accept, in UTF-16 code units: 64 Mi, i.e. 64 MiB of ASCII. A longer
 * one stops reading with an error naming the line, even with --skip-invalid, so a file without newlines (or a
 * gzip bomb of zeros) fails after 64 MiB instead of filling memory (docs/DESIGN.md §2.6).
 */
export const MAX_LINE_LENGTH = 2 ** 26;

/** The error for a line (row) that passes MAX_LINE_LENGTH. */
export function lineTooLong(line: number): SourceError {
  return new SourceError("input-format", `is longer than 64 MiB (2^26 characters) without ending; rmcal reads lines of at most 64 MiB (is it a binary file, or one with no line breaks?)`, line);
}

/**
 * An error raised while a reader pulled chunks from its source, given the line the reader had reached: an
 * InputError from the source (a truncated gzip stream) learns the line, and rmcal's other errors pass unchanged.
 */
export function atLine(error: unknown, line: number): unknown {
  if (error instanceof InputError && error.line === null) return new InputError(error.file, line, error.field, error.problem, error.code);
  return error;
}

/**
 * A reader's error with the file named: a SourceError ("the file is empty") becomes an InputError with the file
 * and the line it names; every other error passes unchanged.
 */
export function inFile(error: unknown, fileName: string): unknown {
  return error instanceof SourceError ? new InputError(fileName, error.at, null, error.problem, error.code) : error;
}

/** Rows left out with --skip-invalid: how many, and where the first few were. Nothing is skipped silently. */
export interface SkippedRows {
  count: number;
  /** The first few skipped rows (at most SKIPPED_EXAMPLES), each with its file, line and reason. */
  first: { line: number; reason: string; file?: string }[];
}

const SKIPPED_EXAMPLES = 5;

export function noteSkipped(skipped: SkippedRows, error: InputError): void {
  skipped.count++;
  if (skipped.first.length < SKIPPED_EXAMPLES) {
    skipped.first.push({ line: error.line ?? 0, reason: error.field === null ? error.problem : `field "${error.field}": ${error.problem}`, file: error.file });
  }
}

/**
 * The skipped rows of files read apart, as one read of them in this order would note them: the counts add, and
 * the first few are the first few of the files in order (docs/DESIGN.md §6.10).
 */
export function joinSkipped(parts: readonly SkippedRows[]): SkippedRows {
  return {
    count: parts.reduce((sum, part) => sum + part.count, 0),
    first: parts.flatMap((part) => part.first).slice(0, SKIPPED_EXAMPLES),
  };
}

/** "skipped 3 invalid rows (lines 4, 9, 17)" or null when none were skipped. */
export function describeSkipped(skipped: SkippedRows): string | null {
  if (skipped.count === 0) return null;
  // Rows of a dataset of several files are named FILE:LINE, since a line number alone would not say where.
  const files = new Set(skipped.first.map((s) => s.file));
  const lines = skipped.first.map((s) => (files.size > 1 ? `${s.file}:${s.line}` : s.line)).join(", ");
  const more = skipped.count > skipped.first.length ? ", …" : "";
  return `skipped ${skipped.count} invalid row${skipped.count === 1 ? "" : "s"} (line${skipped.count === 1 ? "" : "s"} ${lines}${more}); first: ${skipped.first[0].reason}`;
}
