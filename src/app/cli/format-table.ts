import type { Assessment, ComparedMetric, MetricComparison } from "../../lib/index";
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

/** How each compared metric is named in verdicts. */
export const METRIC_NAMES: Record<ComparedMetric, string> = {
  nll: "NLL", brier: "Brier", ece: "ECE", rmsce: "RMSCE", mce: "MCE", rmsceDebiased: "debiased RMSCE",
  smece: "smooth ECE", accuracy: "accuracy",
};

/** A signed change with a true minus sign: "−0.0470", "+0.0020". */
export function signed(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  return `${x < 0 ? "−" : "+"}${Math.abs(x).toFixed(4)}`;
}

/**
 * One metric's verdict (docs/DESIGN.md §6.6): "ECE 0.0810 → 0.0340, Δ −0.0470 [−0.0610, −0.0310], better", or
 * "…, not significant" when the interval holds 0. A method other than BCa (its fallback) is named.
 */
export function verdictLine(m: MetricComparison): string {
  const verdict = !m.significant ? "not significant" : m.improved ? "better" : "worse";
  const method = m.method === "bca" ? "" : ` (${m.method} interval)`;
  return `${METRIC_NAMES[m.metric].padEnd(14)} ${f4(m.before)} → ${f4(m.after)}, Δ ${signed(m.delta)} [${signed(m.low)}, ${signed(m.high)}], ${verdict}${method}`;
}
