// Shared pieces of rmcal's charts: scales, axes and the series palette. Plain strings, no DOM.
import { coordinate as c, escapeXml } from "./escape-xml";

/** Colours for series, in order (colour-blind-safe Tableau-like palette). */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

/** A linear map from a data interval to a pixel interval. */
export interface Scale {
  (value: number): number;
  domain: [number, number];
}

export function linearScale(d0: number, d1: number, p0: number, p1: number): Scale {
  const span = d1 - d0 || 1;
  const scale = ((v: number) => p0 + ((v - d0) / span) * (p1 - p0)) as Scale;
  scale.domain = [d0, d1];
  return scale;
}

/** Evenly spaced ticks from d0 to d1 inclusive with the given step (rounded to avoid 0.30000000000000004). */
export function ticks(d0: number, d1: number, step: number): number[] {
  const out: number[] = [];
  // The slack is in steps, not in data units: an absolute one would admit millions of ticks on a tiny span.
  const first = Math.ceil(d0 / step - 1e-9);
  for (let k = first; k <= d1 / step + 1e-9; k++) out.push(Math.round(k * step * 1e6) / 1e6);
  return out;
}

/** A tick step giving about `count` ticks over the span: 1, 2 or 5 times a power of ten. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  let power = 1;
  while (power * 10 <= raw) power *= 10;
  while (power > raw) power /= 10;
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** A horizontal axis at pixel y with ticks and a label. */
export function xAxis(x: Scale, y: number, tickValues: number[], label: string, decimals: number): string {
  const [a, b] = x.domain;
  let out = `<line x1="${c(x(a))}" y1="${c(y)}" x2="${c(x(b))}" y2="${c(y)}" stroke="#333"/>`;
  for (const t of tickValues) {
    out += `<line x1="${c(x(t))}" y1="${c(y)}" x2="${c(x(t))}" y2="${c(y + 4)}" stroke="#333"/>`;
    out += `<text x="${c(x(t))}" y="${c(y + 16)}" text-anchor="middle">${t.toFixed(decimals)}</text>`;
  }
  out += `<text x="${c((x(a) + x(b)) / 2)}" y="${c(y + 32)}" text-anchor="middle">${escapeXml(label)}</text>`;
  return out;
}

/** A vertical axis at pixel x with ticks, light grid lines across `width`, and a rotated label. */
export function yAxis(y: Scale, x: number, width: number, tickValues: number[], label: string, decimals: number): string {
  const [a, b] = y.domain;
  let out = `<line x1="${c(x)}" y1="${c(y(a))}" x2="${c(x)}" y2="${c(y(b))}" stroke="#333"/>`;
  for (const t of tickValues) {
    out += `<line x1="${c(x)}" y1="${c(y(t))}" x2="${c(x + width)}" y2="${c(y(t))}" stroke="#eee"/>`;
    out += `<line x1="${c(x - 4)}" y1="${c(y(t))}" x2="${c(x)}" y2="${c(y(t))}" stroke="#333"/>`;
    out += `<text x="${c(x - 6)}" y="${c(y(t) + 4)}" text-anchor="end">${t.toFixed(decimals)}</text>`;
  }
  const mid = (y(a) + y(b)) / 2;
  out += `<text x="${c(x - 40)}" y="${c(mid)}" text-anchor="middle" transform="rotate(-90 ${c(x - 40)} ${c(mid)})">${escapeXml(label)}</text>`;
  return out;
}

/** The opening tag of a self-contained SVG document with a title for screen readers. */
export function svgOpen(width: number, height: number, title: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="12">` +
    `<title>${escapeXml(title)}</title><rect width="${width}" height="${height}" fill="#fff"/>`
  );
}
