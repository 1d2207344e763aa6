// A plain histogram as a self-contained SVG string, e.g. of the margins d = r_A − r_B, to show where the
// calibration data is sparse.
import { RmcalRangeError } from "../../core/errors";
import { PALETTE, linearScale, niceStep, svgOpen, ticks, xAxis, yAxis } from "./chart-frame";
import { coordinate as c, escapeXml } from "./escape-xml";
import { optionKeys, optionsObject } from "../validation/columns";

export interface HistogramSvgOptions {
  title?: string;
  xLabel?: string;
  /** Number of equal-width bins (default 40). */
  bins?: number;
  width?: number;
  height?: number;
  /** Bins with fewer values than this are drawn in a warning colour (default 0: none). */
  sparseBelow?: number;
}

const HISTOGRAM_SVG_OPTION_KEYS = optionKeys<HistogramSvgOptions>()(["title", "xLabel", "bins", "width", "height", "sparseBelow"]);

/**
 * Histogram of finite values as an SVG string, equal-width bins over [min, max] (one bin per integer for integer
 * data when `bins` is not given). O(n + bins).
 * @param values the values (non-finite ones are ignored)
 * @param options title, axis label, bin count, size, sparse threshold
 * @returns a complete `<svg>` element
 * @throws {RangeError} if there is no finite value
 * @example histogramSvg(margins, { title: "Margins", xLabel: "d = r_A − r_B", sparseBelow: 10 })
 */
export function histogramSvg(values: ArrayLike<number>, options?: HistogramSvgOptions): string {
  const o = optionsObject(options, HISTOGRAM_SVG_OPTION_KEYS);
  const width = o.width ?? 560, height = o.height ?? 220;
  const title = o.title ?? "Histogram";
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  if (lo > hi) throw new RmcalRangeError("invalid-argument", "values holds no finite number", { argument: "values" });
  // Integer data (judge ratings, their differences) get one bin per integer, so no bin falls between two values.
  let nBins = o.bins ?? 40;
  if (o.bins === undefined && hi - lo <= 80 && allIntegers(values)) {
    nBins = hi - lo + 1;
    lo -= 0.5;
    hi += 0.5;
  }
  // Values equal but for rounding (Venn–Abers widths, say) are one value: the axis labels have 6 decimals at most.
  if (hi - lo <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) { lo -= 0.5; hi += 0.5; }
  const counts = new Array<number>(nBins).fill(0);
  const step = (hi - lo) / nBins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) counts[Math.min(nBins - 1, Math.floor((v - lo) / step))]++;
  }
  const left = 64, top = 36, bottom = 44, right = 16;
  const x = linearScale(lo, hi, left, width - right);
  const maxCount = Math.max(1, ...counts);
  const y = linearScale(0, maxCount, top + height, top);
  let out = svgOpen(width, top + height + bottom, title);
  out += `<text x="${left}" y="20" font-size="14" font-weight="600">${escapeXml(title)}</text>`;
  out += yAxis(y, left, width - left - right, ticks(0, maxCount, niceStep(maxCount, 4)), "count", 0);
  const xs = niceStep(hi - lo, 6);
  out += xAxis(x, top + height, ticks(lo, hi, xs), o.xLabel ?? "value", xs < 1 ? 1 : 0);
  const sparse = o.sparseBelow ?? 0;
  for (let b = 0; b < nBins; b++) {
    if (counts[b] === 0) continue;
    const a = x(lo + b * step), e = x(lo + (b + 1) * step);
    const colour = counts[b] < sparse ? PALETTE[4] : PALETTE[0];
    out += `<rect x="${c(a + 0.5)}" y="${c(y(counts[b]))}" width="${c(Math.max(0.5, e - a - 1))}" height="${c(top + height - y(counts[b]))}" fill="${colour}"><title>${counts[b]}</title></rect>`;
  }
  return out + "</svg>";
}

function allIntegers(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && !Number.isInteger(values[i])) return false;
  return true;
}
