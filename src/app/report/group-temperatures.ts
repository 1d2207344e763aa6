// Per-group temperatures in a report and in `rmcal fit --group`: the global, unpooled and partially pooled fits,
// compared under cross-fitting, with each group's fits and shrinkage (docs/DESIGN.md §5.14). Text and HTML.
import {
  assess, crossFitGroupedTemperature, type Assessment, type AssessOptions, type CrossFitGroups, type Pairs, type Pooling,
} from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";

/** The three cross-fitted predictions and the raw scores, assessed on every pair, with the fits on all pairs. */
export interface GroupTemperatureStudy {
  groupField: string;
  n: number;
  folds: number;
  seed: number;
  unit: "pairs" | "clusters";
  crossFit: CrossFitGroups;
  rows: { name: string; assessment: Assessment }[];
}

/**
 * Cross-fits the grouped temperatures (crossFitGroupedTemperature) and assesses raw, global, per-group and pooled
 * predictions on all pairs with the same bins. O(K·(G + 1)·fit + assess).
 * @example groupTemperaturesText(groupTemperatureStudy(pairs, keys, { groupField: "subset", folds: 5, seed: 0 }))
 */
export function groupTemperatureStudy(
  pairs: Pairs, keys: string[],
  options: { groupField: string; folds: number; seed: number; pooling?: Pooling; assess?: AssessOptions },
): GroupTemperatureStudy {
  const result = crossFitGroupedTemperature(pairs, { group: keys, folds: options.folds, seed: options.seed, pooling: options.pooling ?? "partial" });
  const assessOptions = { ...options.assess, temperature: 1 };
  return {
    groupField: options.groupField, n: keys.length, folds: result.folds, seed: result.seed, unit: result.unit, crossFit: result,
    rows: [
      { name: "raw σ(d)", assessment: assess(pairs, assessOptions) },
      { name: "global T", assessment: assess(result.global, assessOptions) },
      { name: "per-group T", assessment: assess(result.unpooled, assessOptions) },
      { name: "pooled T", assessment: assess(result.pooled, assessOptions) },
    ],
  };
}

const f4 = (x: number): string => x.toFixed(4);
const p4 = (x: number): string => (Number.isFinite(x) ? x.toPrecision(4) : "∞");

function scope(s: GroupTemperatureStudy): string {
  return `cross-fitted on all ${s.n} pairs (${s.folds} folds, seed ${s.seed}${s.unit === "clusters" ? ", folds keep clusters whole" : ""}): ` +
    "each pair predicted by the fits of the other folds";
}

/** The study as plain text, as `rmcal fit --group` prints it. */
export function groupTemperaturesText(s: GroupTemperatureStudy): string {
  const fit = s.crossFit.calibrator;
  const lines = [
    `per-${s.groupField} temperatures (${fit.groupFits.length} groups): global T = ${p4(fit.global.temperature)}, ` +
      `between-group variance of 1/T τ² = ${p4(fit.betweenGroupVariance)}`,
  ];
  const header = [s.groupField, "n", "own T", "se(1/T)", "kept", "pooled T"];
  const rows = fit.groupFits.map((g) => [
    g.group, String(g.n), p4(g.unpooledTemperature) + (g.atBound ? ` (${g.atBound} bound)` : ""), p4(g.standardError), g.keep.toFixed(3), p4(g.pooledTemperature),
  ]);
  lines.push(...table(header, rows));
  lines.push(scope(s) + ":");
  lines.push(...table(["prediction", "NLL", "ECE", "accuracy"], s.rows.map((r) => [r.name, f4(r.assessment.nll), f4(r.assessment.ece), f4(r.assessment.accuracy)])));
  return lines.join("\n") + "\n";
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (r: string[]) => "  " + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [format(header), ...rows.map(format)];
}

/** The study as an HTML fragment (every data text escaped). */
export function groupTemperaturesHtml(s: GroupTemperatureStudy): string {
  const fit = s.crossFit.calibrator;
  const groups = fit.groupFits.map((g) =>
    `<tr><td>${e(g.group)}</td><td>${g.n}</td><td>${p4(g.unpooledTemperature)}${g.atBound ? ` (${g.atBound} bound)` : ""}</td>` +
    `<td>${p4(g.standardError)}</td><td>${g.keep.toFixed(3)}</td><td>${p4(g.pooledTemperature)}</td></tr>`);
  const rows = s.rows.map((r) => `<tr><td>${e(r.name)}</td><td>${f4(r.assessment.nll)}</td><td>${f4(r.assessment.ece)}</td><td>${f4(r.assessment.accuracy)}</td></tr>`);
  return `<h3>Per-${e(s.groupField)} temperatures, partially pooled</h3>
<p>Each ${e(s.groupField)} gets its own temperature, shrunk toward the global T = ${p4(fit.global.temperature)} by
empirical Bayes: the between-group variance of 1/T is estimated from the groups' spread (τ² = ${p4(fit.betweenGroupVariance)}),
and a group keeps the share τ²/(τ² + se²) of its own 1/T, so small or noisy groups move to the global value.</p>
<table class="group-temperatures">
<thead><tr><th>${e(s.groupField)}</th><th>n</th><th>own T</th><th>se(1/T)</th><th>kept</th><th>pooled T</th></tr></thead>
<tbody>
${groups.join("\n")}
</tbody>
</table>
<p>Which to use, ${e(scope(s))}:</p>
<table class="group-comparison">
<thead><tr><th>prediction</th><th>NLL</th><th>ECE</th><th>accuracy</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}
