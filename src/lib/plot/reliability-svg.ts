// The reliability diagram as a self-contained SVG string: predicted probability against observed rate per bin,
// with the diagonal of perfect calibration, 95% interval whiskers and a count histogram beneath. No DOM needed.
import { RmcalTypeError } from "../../core/errors";
import type { Assessment } from "../metrics/assess";
import type { ReliabilityBin } from "../metrics/reliability-bins";
import { PALETTE, linearScale, niceStep, svgOpen, ticks, xAxis, yAxis, type Scale } from "./chart-frame";
import { coordinate as c, escapeXml } from "./escape-xml";
import { numberOption, optionKeys, optionsObject } from "../validation/columns";

/** A binned series: the bins and ECE of an `assess` result. */
export interface AssessmentSeries {
  name: string;
  report: Pick<Assessment, "bins" | "ece" | "view">;
}

/** A smooth curve (e.g. a kernel estimate of the calibration curve), drawn as a line without bins. */
export interface CurveSeries {
  name: string;
  curve: { x: ArrayLike<number>; y: ArrayLike<number> };
  /** Shown in the legend when given. */
  ece?: number;
}

/** A `smoothEce` result: its smooth reliability curve, labelled with smECE in the legend. */
export interface SmoothEceSeries {
  name: string;
  smooth: {
    curve: { x: ArrayLike<number>; y: ArrayLike<number>; low?: ArrayLike<number | null>; high?: ArrayLike<number | null> };
    smece: number;
    view: "folded" | "oriented";
  };
}

export type ReliabilitySeries = AssessmentSeries | CurveSeries | SmoothEceSeries;

export interface ReliabilitySvgOptions {
  /** Title above the chart (also the accessible name). */
  title?: string;
  /** Total width in pixels (default 560). */
  width?: number;
  /** Height of the diagram, without the histogram (default 380). */
  height?: number;
  /** Height of the count histogram (default 90; 0 leaves it out). */
  histogramHeight?: number;
  /** "line": markers joined by lines (default); "bar": one bar per bin and series. */
  style?: "line" | "bar";
  /**
   * Bins whose interval is wider than this (high − low > greyWiderThan, a number in [0, 1]) are drawn faded, with a
   * hollow marker (or a faint bar) and a dashed whisker, and the legend says why: their pairs are too few to tell
   * calibrated from not. Default: none faded.
   */
  greyWiderThan?: number;
}

const RELIABILITY_SVG_OPTION_KEYS = optionKeys<ReliabilitySvgOptions>()(["title", "width", "height", "histogramHeight", "style", "greyWiderThan"]);

const LEFT = 64, RIGHT = 16, TITLE = 36, LEGEND_ROW = 18, GAP = 46, BOTTOM = 44;

/**
 * Reliability diagram of one or more series as an SVG string: the diagonal, each series' observed rate per bin with
 * its 95% Wilson interval, a legend with ECE, and the pair count per bin beneath. All user text is escaped.
 * Guo et al., "On Calibration of Modern Neural Networks", ICML 2017 (reliability diagrams). O(series × bins).
 * @param series `{ name, report }` from `assess`, or `{ name, curve: { x, y } }` for a smooth curve
 * @param options title, size, style, greyWiderThan (fade bins with wide intervals)
 * @returns a complete `<svg>` element with its own xmlns, usable as a file or inline in HTML
 * @throws {TypeError} if series is empty or a series has neither report nor curve
 * @example reliabilitySvg([{ name: "raw", report: assess(pairs) }, { name: "T = 2.1", report: assess(pairs, { temperature: 2.1 }) }])
 */
export function reliabilitySvg(series: readonly ReliabilitySeries[], options?: ReliabilitySvgOptions): string {
  const o = optionsObject(options, RELIABILITY_SVG_OPTION_KEYS);
  if (!Array.isArray(series) || series.length === 0) throw new RmcalTypeError("invalid-argument", "series must be a non-empty array of { name, report } or { name, curve }", { argument: "series" });
  series.forEach((s, i) => {
    if (!s || typeof s !== "object" || (!("report" in s) && !("curve" in s) && !("smooth" in s))) {
      throw new RmcalTypeError("invalid-argument", `series[${i}] needs a report, a curve or a smooth (smoothEce) result`, { argument: "series", index: i });
    }
  });
  const title = o.title ?? "Reliability diagram";
  const width = o.width ?? 560;
  const height = o.height ?? 380;
  const histogramHeight = o.histogramHeight ?? 90;
  const style = o.style ?? "line";
  const greyWiderThan = o.greyWiderThan === undefined ? null : numberOption(o.greyWiderThan, "options.greyWiderThan", (g) => g >= 0 && g <= 1, "a number in [0, 1]");
  const binned = series.filter((s): s is AssessmentSeries => "report" in s);
  const smooth = series.filter((s): s is SmoothEceSeries => "smooth" in s);
  const folded = binned.length > 0 ? binned[0].report.view === "folded" : smooth.length > 0 && smooth.every((s) => s.smooth.view === "folded");

  const x0 = binned.length > 0 ? Math.min(...binned.map((s) => s.report.bins[0]?.lower ?? 0)) : folded ? 0.5 : 0;
  const lowest = Math.min(x0, ...binned.flatMap((s) => s.report.bins.map((b) => b.low ?? 1)));
  const y0 = Math.max(0, Math.floor(lowest * 10) / 10);
  const isWide = (bin: ReliabilityBin) => greyWiderThan !== null && bin.low !== null && bin.high !== null && bin.high - bin.low > greyWiderThan;
  const anyWide = binned.some((s) => s.report.bins.some((b) => b.observed !== null && isWide(b)));
  // The legend sits between the title and the plot, so it never hides a point; a note on faded bins takes a row.
  const TOP = TITLE + LEGEND_ROW * (series.length + (anyWide ? 1 : 0)) + 6;
  const plotBottom = TOP + height;
  const x = linearScale(x0, 1, LEFT, width - RIGHT);
  const y = linearScale(y0, 1, plotBottom, TOP);
  const plotWidth = width - LEFT - RIGHT;
  const total = TOP + height + GAP + (histogramHeight > 0 ? histogramHeight + BOTTOM : 0);

  let out = svgOpen(width, total, title);
  out += `<text x="${LEFT}" y="20" font-size="14" font-weight="600">${escapeXml(title)}</text>`;
  const xStep = niceStep(1 - x0, 5), yStep = niceStep(1 - y0, 5);
  out += yAxis(y, LEFT, plotWidth, ticks(y0, 1, yStep), folded ? "observed: share agreeing with the model" : "observed preference rate", 1);
  out += xAxis(x, plotBottom, ticks(x0, 1, xStep), folded ? "confidence: probability given to the favoured side" : "predicted P(A ≻ B)", 2);
  const d0 = Math.max(x0, y0);
  out += `<line x1="${c(x(d0))}" y1="${c(y(d0))}" x2="${c(x(1))}" y2="${c(y(1))}" stroke="#999" stroke-dasharray="4 4"/>`;

  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    if ("report" in s) out += binnedSeries(s.report.bins, i, binned.length, colour, x, y, style, isWide);
    else {
      if ("smooth" in s) out += curveBand(s.smooth.curve, colour, x, y);
      out += curveSeries("smooth" in s ? s.smooth.curve : s.curve, colour, x, y);
    }
  });
  out += legend(series, LEFT, TITLE - 6, anyWide ? greyWiderThan : null);
  if (histogramHeight > 0 && binned.length > 0) {
    const top = plotBottom + GAP;
    out += countHistogram(binned, x, top, histogramHeight);
    out += xAxis(x, top + histogramHeight, ticks(x0, 1, xStep), folded ? "confidence" : "predicted probability", 2);
  }
  return out + "</svg>";
}

function binnedSeries(
  bins: readonly ReliabilityBin[], index: number, count: number, colour: string, x: Scale, y: Scale, style: "line" | "bar",
  isWide: (bin: ReliabilityBin) => boolean,
): string {
  let out = `<g fill="${colour}" stroke="${colour}">`;
  const points: string[] = [];
  for (const bin of bins) {
    if (bin.observed === null || bin.meanPredicted === null) continue;
    const px = style === "bar" ? slotCentre(bin, index, count, x) : x(bin.meanPredicted);
    // A faded bin keeps its place and colour, so the eye still finds it, but reads as "not enough data here".
    const wide = isWide(bin);
    if (wide) out += `<g class="wide-interval" opacity="${WIDE_OPACITY}" stroke-dasharray="3 2">`;
    if (style === "bar") {
      const [left, right] = slot(bin, index, count, x);
      out += `<rect x="${c(left)}" y="${c(y(bin.observed))}" width="${c(right - left)}" height="${c(Math.max(0, y(y.domain[0]) - y(bin.observed)))}" fill-opacity="${wide ? "0.1" : "0.35"}" stroke-width="1"/>`;
    } else {
      points.push(`${c(px)},${c(y(bin.observed))}`);
      out += `<circle cx="${c(px)}" cy="${c(y(bin.observed))}" r="3.5"${wide ? ' fill="#fff" stroke-dasharray="none" stroke-width="1.2"' : ""}/>`;
    }
    if (bin.low !== null && bin.high !== null) {
      out += `<line x1="${c(px)}" y1="${c(y(bin.low))}" x2="${c(px)}" y2="${c(y(bin.high))}" stroke-width="1.2"/>`;
      out += `<line x1="${c(px - 3)}" y1="${c(y(bin.low))}" x2="${c(px + 3)}" y2="${c(y(bin.low))}"/>`;
      out += `<line x1="${c(px - 3)}" y1="${c(y(bin.high))}" x2="${c(px + 3)}" y2="${c(y(bin.high))}"/>`;
    }
    if (wide) out += "</g>";
  }
  if (points.length > 1) out += `<polyline points="${points.join(" ")}" fill="none" stroke-width="1.5"/>`;
  return out + "</g>";
}

function curveSeries(curve: CurveSeries["curve"], colour: string, x: Scale, y: Scale): string {
  const points: string[] = [];
  const [x0, x1] = x.domain;
  for (let i = 0; i < Math.min(curve.x.length, curve.y.length); i++) {
    const px = curve.x[i], py = curve.y[i];
    if (Number.isFinite(px) && Number.isFinite(py) && px >= x0 && px <= x1) points.push(`${c(x(px))},${c(y(Math.max(y.domain[0], Math.min(1, py))))}`);
  }
  return points.length > 1 ? `<polyline points="${points.join(" ")}" fill="none" stroke="${colour}" stroke-width="2"/>` : "";
}

/** The pointwise band of a smooth curve (smoothEce with resamples) as a translucent polygon; nothing without one. */
function curveBand(curve: SmoothEceSeries["smooth"]["curve"], colour: string, x: Scale, y: Scale): string {
  const { low, high } = curve;
  if (!low || !high) return "";
  const clamp = (v: number) => c(y(Math.max(y.domain[0], Math.min(1, v))));
  const upper: string[] = [], lower: string[] = [];
  for (let i = 0; i < curve.x.length; i++) {
    const l = low[i], h = high[i], px = curve.x[i];
    if (l === null || h === null || px < x.domain[0]) continue;
    upper.push(`${c(x(px))},${clamp(h)}`);
    lower.unshift(`${c(x(px))},${clamp(l)}`);
  }
  return upper.length > 1 ? `<polygon points="${[...upper, ...lower].join(" ")}" fill="${colour}" fill-opacity="0.15" stroke="none"/>` : "";
}

/** Bin `bin`'s horizontal slot for series `index` of `count`: the bin's width split evenly, with a small gap. */
function slot(bin: ReliabilityBin, index: number, count: number, x: Scale): [number, number] {
  const left = x(bin.lower), width = (x(bin.upper) - left) / count;
  return [left + index * width + 0.5, left + (index + 1) * width - 0.5];
}

function slotCentre(bin: ReliabilityBin, index: number, count: number, x: Scale): number {
  const [a, b] = slot(bin, index, count, x);
  return (a + b) / 2;
}

function countHistogram(series: readonly AssessmentSeries[], x: Scale, top: number, height: number): string {
  const maxCount = Math.max(1, ...series.flatMap((s) => s.report.bins.map((b) => b.count)));
  const h = linearScale(0, maxCount, top + height, top);
  let out = `<text x="${LEFT - 8}" y="${c(top + 4)}" text-anchor="end">${maxCount}</text>`;
  out += `<text x="${LEFT - 8}" y="${c(top + height)}" text-anchor="end">0</text>`;
  out += `<text x="${c(LEFT - 40)}" y="${c(top + height / 2)}" text-anchor="middle" transform="rotate(-90 ${c(LEFT - 40)} ${c(top + height / 2)})">pairs</text>`;
  series.forEach((s, i) => {
    out += `<g fill="${PALETTE[i % PALETTE.length]}" fill-opacity="0.6">`;
    for (const bin of s.report.bins) {
      if (bin.count === 0) continue;
      const [left, right] = slot(bin, i, series.length, x);
      out += `<rect x="${c(left)}" y="${c(h(bin.count))}" width="${c(Math.max(0.5, right - left))}" height="${c(top + height - h(bin.count))}"><title>${bin.count} pairs</title></rect>`;
    }
    out += "</g>";
  });
  return out;
}

/** How faded a bin with a wide interval is drawn. */
const WIDE_OPACITY = 0.45;

function legend(series: readonly ReliabilitySeries[], left: number, top: number, greyWiderThan: number | null): string {
  let out = `<g>`;
  series.forEach((s, i) => {
    const ece = "report" in s ? s.report.ece : "smooth" in s ? s.smooth.smece : s.ece;
    const label = ece === undefined ? s.name : `${s.name} — ${"smooth" in s ? "smECE" : "ECE"} ${ece.toFixed(4)}`;
    const row = top + i * 18;
    out += `<rect x="${left}" y="${row}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`;
    out += `<text x="${left + 18}" y="${row + 10}">${escapeXml(label)}</text>`;
  });
  if (greyWiderThan !== null) {
    const row = top + series.length * 18;
    out += `<circle class="wide-interval-note" cx="${left + 6}" cy="${row + 6}" r="4" fill="#fff" stroke="#777" stroke-width="1.2" opacity="${WIDE_OPACITY}"/>`;
    out += `<text x="${left + 18}" y="${row + 10}" fill="#555">faded: the bin's interval is wider than ${greyWiderThan} (too few pairs to judge)</text>`;
  }
  return out + "</g>";
}
