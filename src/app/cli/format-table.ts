import type { Assessment } from "../../lib/index";
// The compact text form of an assessment: one metrics line and one row per non-empty bin.

const f4 = (x: number | null): string => (x === null ? "—" : x.toFixed(4));

/** Metrics on one line: n, accuracy, NLL, Brier, ECE, MCE. */
export function metricsLine(a: Assessment): string {
  return `n ${a.n}  accuracy ${f4(a.accuracy)}  NLL ${f4(a.nll)}  Brier ${f4(a.brier)}  ECE ${f4(a.ece)}  MCE ${f4(a.mce)}`;
}

/**
 * The assessment as a small text table: metrics, then the reliability bins (empty bins left out).
 * @example console.log(assessmentTable(assess(pairs)))
 */
export function assessmentTable(a: Assessment): string {
  const lines = [metricsLine(a), `view ${a.view}, ${a.bins.length} ${a.binning} bins, temperature ${a.temperature}`];
  const header = ["bin", "count", "mean p", "observed", "gap", "95% interval"];
  const rows = a.bins.filter((b) => b.count > 0).map((b) => [
    `${b.lower.toFixed(3)}–${b.upper.toFixed(3)}`, String(b.count), f4(b.meanPredicted), f4(b.observed), f4(b.gap),
    b.low === null || b.high === null ? "—" : `[${b.low.toFixed(3)}, ${b.high.toFixed(3)}]`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (r: string[]) => "  " + r.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [...lines, format(header), ...rows.map(format)].join("\n");
}

