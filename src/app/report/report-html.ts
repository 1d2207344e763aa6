// The report as one self-contained HTML file: inline SVGs and CSS, no script, nothing loaded from the network.
import type { MethodResult, ReportModel, ReportSection } from "./report-model";
import type { VennAbersAssessment } from "../../lib/index";
import { clusterPhrase, diagnosticsHtml } from "./diagnostics-section";
import { orderSwapHtml } from "./order-swap-section";
import { tiesHtml } from "./ties-section";
import { bestOfNHtml } from "./best-of-n-section";
import { groupTemperaturesHtml } from "./group-temperatures";
import { covariateHtml } from "./covariate-section";
import type { Assessment } from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";
import { METRIC_NAMES, signed, verdictOf } from "./verdicts";

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1180px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.3rem .7rem;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}.metrics td:nth-child(2){white-space:nowrap}th{background:#f6f6f6}
.figures{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:.9rem;color:#555;max-width:560px}
.note{color:#8a4b00}.muted{color:#666;font-size:.9rem}svg{max-width:100%;height:auto}`;

/**
 * Renders a calibration report as a complete HTML document. Every text from data (titles, field names, group
 * values, sources) is escaped; the SVGs come from reliabilitySvg/histogramSvg, which escape their own text.
 * O(size of the report).
 * @param model the report's content (see calibrationStudy)
 * @returns the HTML text
 * @example writeFileSync("report.html", reportHtml({ title: "My RM", generator: "rmcal", sections }))
 */
export function reportHtml(model: ReportModel): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(model.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(model.title)}</h1>
<p>A reward model is <strong>calibrated</strong> when, among the pairs it scores at 80%, people preferred its pick
about 80% of the time. Each section fits calibrators on a training split and judges them on held-out pairs.
In a reliability diagram, points below the dashed diagonal mean the model is <em>overconfident</em>;
whiskers are 95% intervals of each bin's observed rate, and the bars beneath count the pairs per bin.
Confidence is σ(|d|/T) for the margin d = r<sub>A</sub> − r<sub>B</sub> (the folded view: each pair seen from the side the model favours).</p>
${model.sections.map(section).join("\n")}
${(model.bestOfN ?? []).map(bestOfNHtml).join("\n")}
<p class="muted">Made by ${e(model.generator)}. This file loads nothing from the network.</p>
</body>
</html>
`;
}

function section(s: ReportSection): string {
  return `<section>
<h2>${e(s.title)}</h2>
<p class="muted">${e(s.source)}</p>
<ul>
<li>Fields: <code>${e(s.fieldsUsed)}</code></li>
<li>${s.nTrain} training pairs, ${s.nTest} held-out pairs (holdout ${s.holdout}, seed ${s.seed})</li>
<li>Fitted temperature: ${e(s.temperatureSummary)}</li>
${s.clusters ? `<li>${clusterPhrase(s.clusters)}: bootstrap intervals resample whole clusters</li>` : ""}
${s.skipped ? `<li class="note">${e(s.skipped)}</li>` : ""}
</ul>
<h3>Held-out metrics</h3>
${metricsTable(s.methods)}
${s.deltaChart ? comparisonsHtml(s) : ""}
<div class="figures">
${s.diagrams.map((d) => `<figure>${d.svg}<figcaption>${e(d.caption)}</figcaption></figure>`).join("\n")}
<figure>${s.marginHistogram}<figcaption>Margins of the training pairs. Orange bins hold fewer than 10 pairs: there the
calibrators have little data, and their fit is extrapolation.</figcaption></figure>
</div>
${s.vennAbers ? vennAbersHtml(s.vennAbers, s.nTest) : ""}
${s.groupField !== null && s.groups.length > 0 ? groupTable(s) : ""}
${s.groupTemperatures ? groupTemperaturesHtml(s.groupTemperatures) : ""}
${s.diagnostics ? diagnosticsHtml(s.diagnostics, s.groupField, s.clusters, s.deploymentName) : ""}
${s.orders ? orderSwapHtml(s.orders.study, s.orders.fields) : ""}
${s.ties ? tiesHtml(s.ties) : ""}
${s.diagnostics?.covariate && s.covariateNames ? covariateHtml(s.diagnostics.covariate, s.covariateNames, s.title) : ""}
</section>`;
}

const f4 = (x: number): string => x.toFixed(4);

function metricsTable(methods: MethodResult[]): string {
  const rows = methods.map((m) => {
    const a = m.assessment;
    const cells = a === null
      ? `<td colspan="6" class="note">${e(m.note ?? "not fitted")}</td>`
      : `<td>${a.n}</td><td>${f4(a.accuracy)}</td><td>${f4(a.nll)}</td><td>${f4(a.brier)}</td><td>${f4(a.ece)}</td><td>${f4(a.mce)}</td>`;
    const note = a !== null && m.note ? `<br><span class="note">${e(m.note)}</span>` : "";
    return `<tr><td>${e(m.name)}${note}</td><td>${e(m.parameters)}</td>${cells}</tr>`;
  });
  return `<table class="metrics">
<thead><tr><th>method</th><th>parameters</th><th>n</th><th>accuracy</th><th>NLL</th><th>Brier</th><th>ECE</th><th>MCE</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

/**
 * "Did calibration help?": each fitted method against the raw scores on the same held-out pairs, one verdict per
 * metric (docs/DESIGN.md §6.6), and the chart of the Δ intervals.
 */
function comparisonsHtml(s: ReportSection): string {
  const compared = s.methods.filter((m) => m.comparison);
  const first = compared[0].comparison!;
  const units = first.unit === "clusters" ? `${first.units} clusters` : `${first.units} pairs`;
  const rows = compared.flatMap((m) => m.comparison!.metrics.map((r, k) => {
    const verdict = verdictOf(r);
    const cls = verdict === "not significant" ? "muted" : verdict === "worse" ? "note" : "";
    const method = r.method === "bca" ? "" : ` (${r.method})`;
    return `<tr>${k === 0 ? `<td rowspan="${m.comparison!.metrics.length}">${e(m.name)}</td>` : ""}<td>${e(METRIC_NAMES[r.metric])}</td>` +
      `<td>${f4(r.before)}</td><td>${f4(r.after)}</td><td>${signed(r.delta)}</td><td>[${signed(r.low)}, ${signed(r.high)}]${method}</td>` +
      `<td class="${cls}">${verdict}</td></tr>`;
  }));
  return `<h3>Did calibration help?</h3>
<p>Each calibrator against the raw scores on the same ${s.nTest} held-out pairs: Δ = after − before, with its
${first.confidence * 100}% BCa interval from ${first.resamples} paired resamples of ${units} (both sides are scored on
the same resampled pairs, so what they share cancels). "Not significant" means the interval holds 0: the change
cannot be told from noise at this level.</p>
<table class="comparisons">
<thead><tr><th>method</th><th>metric</th><th>before</th><th>after</th><th>Δ</th><th>interval</th><th>verdict</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
<figure>${s.deltaChart}<figcaption>The same changes drawn: a dot at Δ, a bar over its interval, the dashed line at 0.</figcaption></figure>`;
}

function groupTable(s: ReportSection): string {
  const metric = (a: Assessment | null, pick: (a: Assessment) => number) => (a === null ? "—" : f4(pick(a)));
  const rows = s.groups.map((g) =>
    `<tr><td>${e(g.group)}</td><td>${g.raw.n}</td><td>${f4(g.raw.accuracy)}</td><td>${f4(g.raw.ece)}</td>` +
    `<td>${metric(g.calibrated, (a) => a.ece)}</td><td>${f4(g.raw.nll)}</td><td>${metric(g.calibrated, (a) => a.nll)}</td></tr>`);
  return `<h3>Per ${e(s.groupField!)} (held-out pairs; calibrated with the temperature fitted on all training pairs)</h3>
<table class="groups">
<thead><tr><th>${e(s.groupField!)}</th><th>n</th><th>accuracy</th><th>ECE raw</th><th>ECE calibrated</th><th>NLL raw</th><th>NLL calibrated</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}

/** The Venn–Abers section (docs/DESIGN.md §5.13): how wide the intervals are, and how reliable the merged p is. */
function vennAbersHtml(v: { assessment: VennAbersAssessment; histogram: string; diagram: string }, nTest: number): string {
  const { width, merged } = v.assessment;
  return `<h3>Venn–Abers intervals</h3>
<p>Each held-out pair gets an interval [p<sub>0</sub>, p<sub>1</sub>]: the isotonic fit at its margin with the pair
added to the training pairs as lost and as won. One of the two ends is calibrated whatever the data's distribution
when pairs are exchangeable; the width says how much a single pair could still move the fit there. On the ${nTest}
held-out pairs the width is ${f4(width.mean)} on average (median ${f4(width.median)}, 90th percentile ${f4(width.p90)},
largest ${f4(width.max)}). The merged probability p = p<sub>1</sub>/(1 − p<sub>0</sub> + p<sub>1</sub>) has ECE
${f4(merged.ece)} and NLL ${f4(merged.nll)}.</p>
<div class="figures">
<figure>${v.diagram}<figcaption>Reliability of the merged Venn–Abers probability on the held-out pairs.</figcaption></figure>
<figure>${v.histogram}<figcaption>Widths of the held-out pairs' intervals: wide ones sit where the training pairs are few.</figcaption></figure>
</div>`;
}
