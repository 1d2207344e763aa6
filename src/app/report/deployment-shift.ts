// The shift of deployment data away from the calibration pairs (docs/DESIGN.md §7.2): how a deployment file is read,
// and the shift as `rmcal diagnose` prints it and as the report (and so the web page) shows it. One home for both,
// so the CLI, the report and the page read the same fields and word the same numbers.
import type { FieldFlags } from "../../platform/io/index";
import type { Diagnosis } from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";

type Shift = NonNullable<Diagnosis["shift"]>;

/**
 * The fields of a deployment pair file, given the calibration file's: the same fields, but deployment pairs usually
 * have no labels and only their margins matter, so scores of A and B are read as chosen/rejected (whose label is
 * implied) and the label map is dropped.
 * @returns the fields to read, and whether the calibration file's label map still applies
 */
export function deploymentPairFields(fields: FieldFlags | undefined): { fields: FieldFlags | undefined; labels: boolean } {
  const { scoreA, scoreB, weight } = fields ?? {};
  if (scoreA === undefined || scoreB === undefined) return { fields, labels: true };
  return { fields: { chosen: scoreA, rejected: scoreB, ...(weight === undefined ? {} : { weight }) }, labels: false };
}

/**
 * The fields that read one score per row from `field` (deployment responses): the rows are read as pairs whose
 * chosen and rejected are both `field`, so every value is checked as a score is (a number, finite, named by file,
 * line and field when not), and the table's first score column is the responses' scores.
 */
export function responseScoreFields(field: string): FieldFlags {
  return { chosen: field, rejected: field };
}

/** Why per-response deployment scores cannot be compared with a calibration file that gives margins, or null. */
export function responseScoresProblem(calibration: { scoreA: Float64Array | null; fieldsUsed: string }, fileName: string): string | null {
  return calibration.scoreA !== null ? null
    : `per-response deployment scores are compared with the calibration pairs' own scores, but ${fileName} gives margins ` +
      `(${calibration.fieldsUsed}); it needs chosen/rejected or score-a/score-b fields`;
}

const f4 = (x: number): string => x.toFixed(4);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** "deployment.jsonl (300 responses, scores)": what was compared. */
const what = (s: Shift, name: string): string => `${name} (${s.deploymentN} ${s.of === "score" ? "responses" : "pairs"}, ${s.of}s)`;
const figures = (s: Shift): string => `PSI ${f4(s.psi)}, KS ${f4(s.ks)}, outside the calibration range ${pct(s.outsideShare)} ` +
  `(below ${pct(s.belowShare)}, above ${pct(s.aboveShare)})`;

/** The shift as one line of `rmcal diagnose`'s text. */
export function shiftLine(s: Shift, name: string): string {
  return `shift to ${what(s, name)}: ${figures(s)}`;
}

/** The shift as an item of the report's diagnostics list (HTML, the file name escaped). */
export function shiftHtml(s: Shift, name: string): string {
  return `<span class="shift">Shift to ${e(what(s, name))}: ${figures(s)}. PSI above 0.25 or a large share outside the ` +
    `range means a calibrator fitted on these pairs is extrapolating or miscalibrated there.</span>`;
}
