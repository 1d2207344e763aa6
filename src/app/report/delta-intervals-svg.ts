// The report's picture of "did calibration help?": for each metric, each method's change Δ = after − before on the
// held-out pairs with its bootstrap interval, against a line at 0 (docs/DESIGN.md §6.6). An interval that crosses 0
// is grey: the data cannot tell the change from noise.
import type { CalibrationComparison, ComparedMetric, MetricComparison } from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";
import { METRIC_NAMES, verdictOf } from "./verdicts";

const COLORS = { better: "#1a7f37", worse: "#cf222e", unclear: "#8c959f" };
const PANEL_WIDTH = 290, LABEL_WIDTH = 90, ROW = 20, HEADER = 34, FOOTER = 18, COLUMNS = 2;

/**
 * Small multiples, one panel per metric: each method's Δ as a dot and its interval as a bar, green when after is
 * significantly better, red when significantly worse, grey when the interval holds 0. Each panel has its own
 * symmetric scale around 0, because NLL and accuracy changes differ in size. O(methods × metrics).
 * @param series each method's name and its comparison against the raw scores (the same metrics in each)
 * @returns SVG text
 */
export function deltaIntervalsSvg(series: { name: string; comparison: CalibrationComparison }[], options: { title: string }): string {
  const metrics = series[0].comparison.metrics.map((m) => m.metric);
  const confidence = series[0].comparison.confidence;
  const panelHeight = HEADER + ROW * series.length + FOOTER;
  const rows = Math.ceil(metrics.length / COLUMNS);
  const width = PANEL_WIDTH * COLUMNS, height = 30 + rows * panelHeight;
  const panels = metrics.map((metric, k) => {
    const x0 = (k % COLUMNS) * PANEL_WIDTH, y0 = 30 + Math.floor(k / COLUMNS) * panelHeight;
    const results = series.map((s) => s.comparison.metrics.find((m) => m.metric === metric)!);
    return panel(metric, results, series.map((s) => s.name), x0, y0);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui,sans-serif" font-size="11">
<title>${e(options.title)}</title>
<text x="4" y="16" font-size="13" font-weight="600">${e(options.title)}</text>
<text x="4" y="28" fill="#555">Δ = after − before with its ${confidence * 100}% interval; green: better, red: worse, grey: not significant</text>
${panels.join("\n")}
</svg>`;
}

function panel(metric: ComparedMetric, results: MetricComparison[], names: string[], x0: number, y0: number): string {
  const finite = results.flatMap((r) => [r.low, r.high, r.delta]).filter(Number.isFinite).map(Math.abs);
  const reach = Math.max(...finite, 0) * 1.1 || 1e-3;
  const left = x0 + LABEL_WIDTH, right = x0 + PANEL_WIDTH - 12;
  const x = (v: number) => left + ((Math.max(-reach, Math.min(reach, v)) + reach) / (2 * reach)) * (right - left);
  const top = y0 + HEADER, bottom = top + ROW * results.length;
  const rows = results.map((r, i) => {
    const y = top + ROW * i + ROW / 2;
    const verdict = verdictOf(r);
    const color = verdict === "not significant" ? COLORS.unclear : verdict === "better" ? COLORS.better : COLORS.worse;
    const bar = Number.isFinite(r.low) && Number.isFinite(r.high)
      ? `<line x1="${x(r.low).toFixed(1)}" x2="${x(r.high).toFixed(1)}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="3"/>` : "";
    const dot = Number.isFinite(r.delta) ? `<circle cx="${x(r.delta).toFixed(1)}" cy="${y}" r="3.5" fill="${color}"/>` : "";
    return `<text x="${x0 + 4}" y="${y + 4}">${e(names[i])}</text>${bar}${dot}<title>${e(`${names[i]}: Δ ${r.delta} [${r.low}, ${r.high}], ${verdict}`)}</title>`;
  });
  const better = metric === "accuracy" ? "higher is better" : "lower is better";
  return `<g>
<text x="${x0 + 4}" y="${y0 + 14}" font-weight="600">${e(METRIC_NAMES[metric])}</text>
<text x="${x0 + PANEL_WIDTH - 12}" y="${y0 + 14}" fill="#555" text-anchor="end">${better}</text>
<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${top - 4}" y2="${bottom + 2}" stroke="#444" stroke-dasharray="3,3"/>
${rows.join("\n")}
<text x="${left}" y="${bottom + 14}" fill="#555">${tick(-reach)}</text>
<text x="${x(0).toFixed(1)}" y="${bottom + 14}" fill="#555" text-anchor="middle">0</text>
<text x="${right}" y="${bottom + 14}" fill="#555" text-anchor="end">${tick(reach)}</text>
</g>`;
}

function tick(v: number): string {
  return `${v < 0 ? "−" : "+"}${Math.abs(v).toPrecision(2)}`;
}
