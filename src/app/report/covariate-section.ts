// The covariate-bias check (docs/DESIGN.md §7.6) as `rmcal diagnose` prints it and as the report shows it, with the
// reliability diagram of the covariate difference's terciles.
import { reliabilitySvg, type CovariateBias, type DifferenceBin } from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";

/** How the covariate is named: its two fields, e.g. { a: "len_a", b: "len_b" }. */
export interface CovariateNames {
  a: string;
  b: string;
}

const f4 = (x: number): string => x.toFixed(4);
const r4 = (x: number | null): string => (x === null ? "undefined (a constant column)" : x.toFixed(4));
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const num = (x: number): string => String(Number(x.toPrecision(4)));
const range = (b: DifferenceBin, first: boolean): string => `${first ? "[" : "("}${num(b.lower)}, ${num(b.upper)}]`;

function summary(c: CovariateBias, names: CovariateNames): string[] {
  return [
    `covariate ${names.a} − ${names.b} (${c.n} pairs): correlation with the margin, Pearson r ${r4(c.pearson)}, Spearman ρ ${r4(c.spearman)}`,
    `accuracy ${f4(c.accuracy)}; "the larger ${names.a}/${names.b} wins" ${f4(c.baselineAccuracy)} (${pct(c.tiedShare)} of pairs tied, scored ½); ` +
      `the model sides with the larger one on ${pct(c.agreement)} of pairs`,
  ];
}

function rows(bins: DifferenceBin[]): string[][] {
  return bins.map((b, k) => [range(b, k === 0), String(b.n), f4(b.assessment.accuracy), f4(b.meanPredicted), f4(b.assessment.ece), f4(b.assessment.nll)]);
}

const HEADER = ["difference", "n", "accuracy", "mean p", "ECE", "NLL"];

/** The check as plain text lines (rmcal diagnose). */
export function covariateText(c: CovariateBias, names: CovariateNames): string[] {
  const [first, second] = summary(c, names);
  const lines = [first, `  ${second}`];
  for (const [title, bins] of [[`calibration by ${names.a} − ${names.b} (${c.differenceBins.length} equal-count bins):`, c.differenceBins], ["by tercile of the difference:", c.terciles]] as const) {
    lines.push(`  ${title}`);
    const table = rows(bins);
    const widths = HEADER.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
    for (const r of [HEADER, ...table]) lines.push("    " + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
  }
  return lines;
}

/** The check as an HTML fragment with the terciles' reliability diagram (every data text escaped). */
export function covariateHtml(c: CovariateBias, names: CovariateNames, title: string): string {
  const table = (bins: DifferenceBin[]) => `<table class="covariate">
<thead><tr>${HEADER.map((h) => `<th>${h}</th>`).join("")}</tr></thead>
<tbody>
${rows(bins).map((r) => `<tr>${r.map((cell) => `<td>${e(cell)}</td>`).join("")}</tr>`).join("\n")}
</tbody>
</table>`;
  const svg = reliabilitySvg(c.terciles.map((b, k) => ({ name: `${names.a} − ${names.b} in ${range(b, k === 0)}`, report: b.assessment })), {
    title: `${title}: by tercile of ${names.a} − ${names.b}`, greyWiderThan: 0.5,
  });
  return `<h3>Covariate: ${e(names.a)} − ${e(names.b)}</h3>
<ul>${summary(c, names).map((line) => `<li>${e(line)}</li>`).join("\n")}</ul>
<p>A reward model that follows the covariate rather than the labels shows a correlation with the margin, agrees with
"the larger one wins" beyond what the labels support, and is calibrated differently where the difference is large.</p>
${table(c.differenceBins)}
<figure>${svg}<figcaption>Reliability by tercile of the covariate difference (raw scores, all pairs).</figcaption></figure>`;
}
