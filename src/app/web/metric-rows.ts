import type { Assessment } from "../../lib/index";
// The metrics table's rows: which numbers of an assessment the page shows, and how they are formatted.

interface MetricCell {
  /** As shown: 4 significant decimals, or "—" when there is no value. */
  text: string;
  /** The exact number, or null. */
  value: number | null;
}

export interface MetricRow {
  key: string;
  label: string;
  cells: MetricCell[];
}

const METRICS: [keyof Assessment, string][] = [
  ["n", "pairs (non-zero weight)"],
  ["accuracy", "accuracy"],
  ["ece", "ECE"],
  ["rmsce", "RMS calibration error"],
  ["rmsceDebiased", "RMSCE, debiased"],
  ["mce", "MCE (largest gap)"],
  ["nll", "NLL"],
  ["brier", "Brier score"],
];

/**
 * The metrics table of the page: one row per metric, one cell per assessment (a null assessment gives "—" cells).
 * O(metrics × assessments).
 * @param assessments the columns of the table, e.g. [all pairs, held out raw, held out calibrated]
 * @returns rows with the shown text and the exact value of every cell
 * @example metricRows([assess(pairs), null])[2].cells[0].value // => the ECE of pairs
 */
export function metricRows(assessments: (Assessment | null)[]): MetricRow[] {
  return METRICS.map(([key, label]) => ({
    key,
    label,
    cells: assessments.map((a) => {
      const value = a === null ? null : (a[key] as number);
      return { value, text: value === null ? "—" : key === "n" ? value.toLocaleString("en-US") : formatMetric(value) };
    }),
  }));
}

/**
 * A metric as the page shows it: four decimals for values of order 1, four significant digits for small or large ones.
 * @param x the value
 * @returns its text
 * @example formatMetric(0.074213) // => "0.0742"
 */
function formatMetric(x: number): string {
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  return magnitude >= 0.001 && magnitude < 1000 ? x.toFixed(4) : x.toPrecision(4);
}
