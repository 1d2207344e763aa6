// Errors in input files: they name the file, the line and the field, so the user can open the file at the spot.

/** A problem with one row of an input file. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(`${file}${line === null ? "" : `, line ${line}`}${field === null ? "" : `, field "${field}"`}: ${problem}`);
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
