// How a before/after comparison is said in words (docs/DESIGN.md §6.6): the one home of the verdict wording, used
// by rmcal fit's text, the report's table and its Δ chart.
import type { ComparedMetric, MetricComparison } from "../../lib/index";

const f4 = (x: number): string => x.toFixed(4);

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
  const verdict = verdictOf(m);
  const method = m.method === "bca" ? "" : ` (${m.method} interval)`;
  return `${METRIC_NAMES[m.metric].padEnd(14)} ${f4(m.before)} → ${f4(m.after)}, Δ ${signed(m.delta)} [${signed(m.low)}, ${signed(m.high)}], ${verdict}${method}`;
}

/** "better", "worse" or "not significant": whether the Δ interval excludes 0, and on which side. */
export function verdictOf(m: MetricComparison): "better" | "worse" | "not significant" {
  return !m.significant ? "not significant" : m.improved ? "better" : "worse";
}
