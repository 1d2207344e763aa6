// The report's data diagnostics: coverage, label quality, slices with bootstrap intervals and, given deployment
// data, its shift (rmcal diagnose), computed on all pairs of a section, and rendered as HTML.
import { tablePairs, type PairTable } from "../../platform/io/index";
import { diagnose, type Diagnosis, type AssessOptions, type Deployment } from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";
import { shiftHtml } from "./deployment-shift";

/** Resamples for the slices' ECE intervals in a report: enough for stable 90% percentile bounds. */
const REPORT_RESAMPLES = 1000;

/**
 * diagnose on every pair of the table, sliced by its group field when it has one, and compared with the deployment
 * data when given (margins, or per-response scores, docs/DESIGN.md §7.2). O(n log n + groups·R·n_g).
 * @example reportDiagnostics(table, { bins: 15 }, 0, deploymentMargins).shift.psi
 */
export function reportDiagnostics(table: PairTable, assess: AssessOptions, seed: number, deployment?: Deployment): Diagnosis {
  // tablePairs carries the table's cluster column, so the slices' bootstraps resample whole clusters.
  const group = table.groupCodes === null ? undefined : Array.from(table.groupCodes, (code) => table.groupNames[code]);
  // A table read with two covariate fields (--covariate-a, --covariate-b) gets the covariate-bias check.
  const covariate = table.covariates.length === 2 ? { covariate: { a: table.covariates[0], b: table.covariates[1] } } : {};
  return diagnose(tablePairs(table), { ...assess, group, ...covariate, ...(deployment === undefined ? {} : { deployment }), resamples: REPORT_RESAMPLES, confidence: 0.9, seed });
}

const f4 = (x: number): string => x.toFixed(4);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const num = (x: number): string => String(Number(x.toPrecision(4)));

/** "120 clusters by <code>prompt_id</code>", escaped: how the report names a section's clusters. */
export function clusterPhrase(clusters: { field: string; count: number }): string {
  return `${clusters.count} cluster${clusters.count === 1 ? "" : "s"} by <code>${e(clusters.field)}</code>`;
}

/** The diagnostics as an HTML fragment (every data text escaped); `deploymentName` names the shift's deployment file. */
export function diagnosticsHtml(d: Diagnosis, groupField: string | null, clusters: { field: string; count: number } | null = null, deploymentName = "deployment"): string {
  const c = d.coverage, l = d.labels;
  const sparse = c.sparse.length === 0
    ? `every margin bin holds at least ${c.minPerBin} pairs`
    : `${c.sparse.length} sparse region${c.sparse.length > 1 ? "s" : ""} with fewer than ${c.minPerBin} pairs per bin ` +
      `(${pct(c.sparseShare)} of pairs): ${c.sparse.map((r) => `[${num(r.lower)}, ${num(r.upper)}] ${r.count} pairs`).join("; ")}`;
  const items = [
    `Coverage (all ${d.n} pairs, ${c.histogram.counts.length} equal-width margin bins): ${e(sparse)}. A calibrator fitted on ` +
      `these pairs extrapolates outside margins [${num(c.range[0])}, ${num(c.range[1])}].`,
    `Labels: agreement ceiling ${f4(l.agreementCeiling)} (the best accuracy any scorer could reach), ${pct(l.nearHalfShare)} ` +
      `of labels within ${l.nearHalf} of 0.5, ${pct(l.softShare)} soft labels, ${pct(l.labelTieShare)} tied labels, ` +
      `${pct(l.marginTieShare)} tied margins (scored ½).`,
    ...(d.shift ? [shiftHtml(d.shift, deploymentName)] : []),
  ];
  let html = `<h3>Data diagnostics</h3>\n<ul>\n${items.map((i) => `<li>${i}</li>`).join("\n")}\n</ul>`;
  if (d.slices && d.slices.length > 0) {
    const rows = d.slices.map((s) =>
      `<tr><td>${e(s.group)}</td><td>${s.n}</td><td>${f4(s.assessment.accuracy)}</td><td>${f4(s.ece)}</td>` +
      `${clusters ? `<td>${s.units}</td>` : ""}<td>[${f4(s.eceLow)}, ${f4(s.eceHigh)}]${s.eceMethod === "bca" ? "" : ` (${s.eceMethod})`}</td>` +
      `<td>${f4(s.assessment.nll)}</td></tr>`);
    html += `
<p>Slices by ${e(groupField ?? "group")}, all pairs, raw scores, largest ECE first; intervals are 90% BCa bootstrap
intervals (${REPORT_RESAMPLES} resamples of ${clusters ? `whole clusters: ${clusterPhrase(clusters)}, each slice drawing its own` : "pairs"};
percentile where BCa is undefined).</p>
<table class="slices">
<thead><tr><th>${e(groupField ?? "group")}</th><th>n</th><th>accuracy</th><th>ECE</th>${clusters ? "<th>clusters</th>" : ""}<th>90% interval</th><th>NLL</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
  }
  return html;
}
