// User text reaches the SVG plots only through escapeXml: each of & < > " ' becomes its entity (the table in
// src/lib/plot/escape-xml.ts, written out here by hand), in titles, axis labels and series names alike, and the
// markup stays well-formed. Coordinates are written with two decimals (coordinate).
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, reliabilitySvg, histogramSvg } from "rmcal";
import { markupProblem } from "../../helpers/markup";

beforeAll(async () => {
  await init();
});

const hostile = `a & b <c> "d" 'e'`;
const escaped = "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;";

describe("escapeXml(text) in the SVG plots", () => {
  it("escapes & < > \" ' in histogram titles and axis labels, leaving no raw user text", () => {
    const svg = histogramSvg([1, 2, 3], { title: hostile, xLabel: hostile });
    expect(svg.split(escaped).length - 1).toBeGreaterThanOrEqual(2);
    expect(svg).not.toContain(hostile);
    expect(markupProblem(svg, true)).toBeNull();
  });

  it("escapes series names and titles of reliability diagrams, and writes coordinates with two decimals", () => {
    const report = assess({ margin: [1, -1, 2, 0.5], label: [1, 0, 1, 1] });
    const svg = reliabilitySvg([{ name: hostile, report }], { title: hostile });
    expect(svg).toContain(escaped);
    expect(svg).not.toContain(hostile);
    expect(markupProblem(svg, true)).toBeNull();
    // The markers and whiskers of the bins: every position goes through coordinate().
    const numbers = [...svg.matchAll(/<circle cx="([^"]+)" cy="([^"]+)"/g)].flatMap((m) => [m[1], m[2]]);
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(/^-?\d+\.\d\d$/);
  });
});
