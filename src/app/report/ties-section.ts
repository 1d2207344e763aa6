// The report's and diagnose's section on tied outcomes (docs/DESIGN.md §5.10): the Davidson tie model fitted on the
// pairs whose labels are three outcomes (1, 0, or 0.5 for a tie), and its tie-rate reliability.
import { tableColumns, type PairTable } from "../../platform/io/index";
import { assessTies, fitDavidson, type FittedDavidson, type TieAssessment } from "../../lib/index";

export interface TieReport {
  fit: FittedDavidson;
  assessment: TieAssessment;
}

/**
 * The Davidson fit and its assessment when every label is 1, 0 or 0.5 and some pair is a tie; null otherwise (soft
 * labels are annotator shares, not outcomes). O(n log n).
 * @example tableTies(table)?.fit.nu
 */
export function tableTies(table: PairTable): TieReport | null {
  const c = tableColumns(table);
  const label = c.label;
  if (label === null || !label.every((y) => y === 0 || y === 0.5 || y === 1) || !label.some((y) => y === 0.5)) return null;
  const pairs = { margin: c.margin, label, ...(c.weight ? { weight: c.weight } : {}) };
  const fit = fitDavidson(pairs);
  return { fit, assessment: assessTies(pairs, fit) };
}

const f4 = (x: number): string => x.toFixed(4);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function summary(t: TieReport): string {
  const f = t.fit, a = t.assessment;
  const interval = f.nuInterval ? ` [${f4(f.nuInterval.low)}, ${f4(f.nuInterval.high)}] (${Math.round(f.nuInterval.confidence * 100)}% Wald on ln ν)` : " (no interval)";
  return `Davidson ν ${f4(f.nu)}${interval}, T ${f4(f.temperature)}; ${pct(a.tieShare)} tied outcomes (predicted ${pct(a.predictedTieShare)}); ` +
    `three-outcome NLL ${f4(a.nll)}; tie-rate calibration error ${f4(a.tieCalibrationError)}${f.message ? `; ${f.message}` : ""}`;
}

/** The fit and the tie-rate bins as plain-text lines (rmcal diagnose). */
export function tieLines(t: TieReport): string[] {
  return [`ties: ${summary(t)}`, "  predicted P(tie)   observed tie rate [95% Wilson]      pairs",
    ...t.assessment.bins.map((b) => `  ${f4(b.predicted).padStart(16)}   ${f4(b.observed)} [${f4(b.low)}, ${f4(b.high)}]   ${String(b.count).padStart(8)}`)];
}

/** The fit and the tie-rate bins as an HTML fragment. */
export function tiesHtml(t: TieReport): string {
  const rows = t.assessment.bins.map((b) => `<tr><td>${f4(b.predicted)}</td><td>${f4(b.observed)}</td><td>[${f4(b.low)}, ${f4(b.high)}]</td><td>${b.count}</td></tr>`);
  return `<h3>Ties as an outcome</h3>
<p>${summary(t)}. A label of 0.5 is read here as a tied outcome, P(tie) = ν·√(p(1 − p))/(1 + ν·√(p(1 − p))) with p = σ(d/T)
(Davidson 1970), fitted on all pairs; the tables above count it as half a win. A tied margin (d = 0) is not a tied outcome.</p>
<table class="ties">
<thead><tr><th>predicted P(tie)</th><th>observed tie rate</th><th>95% Wilson interval</th><th>pairs</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}
