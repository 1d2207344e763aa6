// reliabilitySvg and histogramSvg: well-formed standalone SVG, one marker and one whisker per non-empty bin, user
// text escaped, curve series drawn; and the markup checker used by the report tests can fail.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, reliabilitySvg, histogramSvg } from "rmcal";
import { markupProblem } from "../../helpers/markup";
import { mulberry32 } from "../../helpers/prng";

let report: ReturnType<typeof assess>;

beforeAll(async () => {
  await init();
  const next = mulberry32(3);
  const margin = Array.from({ length: 500 }, () => next() * 8 - 4);
  const label = margin.map((d) => (next() < 1 / (1 + 2 ** -d) ? 1 : 0));
  report = assess({ margin, label });
});

describe("reliabilitySvg(series, options)", () => {
  it("draws one marker and one whisker per non-empty bin, a diagonal, a count bar per bin and ECE in the legend", () => {
    const svg = reliabilitySvg([{ name: "raw", report }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(markupProblem(svg, true)).toBeNull();
    const nonEmpty = report.bins.filter((b) => b.count > 0).length;
    expect(svg.match(/<circle /g)).toHaveLength(nonEmpty);
    expect(svg.match(/<rect [^>]*><title>\d+ pairs<\/title><\/rect>/g)).toHaveLength(nonEmpty);
    expect(svg).toContain(`raw — ECE ${report.ece.toFixed(4)}`);
    expect(svg).toContain('stroke-dasharray="4 4"');
  });

  it("escapes series names and titles", () => {
    const svg = reliabilitySvg([{ name: '<script>alert("x")</script>&', report }], { title: "<t>" });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;");
    expect(svg).toContain("<title>&lt;t&gt;</title>");
    expect(markupProblem(svg, true)).toBeNull();
  });

  it("draws a smooth curve series as a polyline, and bars with style: 'bar'", () => {
    const x = [0.5, 0.75, 1], y = [0.5, 0.7, 0.9];
    const svg = reliabilitySvg([{ name: "raw", report }, { name: "smooth", curve: { x, y }, ece: 0.01 }], { style: "bar" });
    expect(svg).toMatch(/<polyline points="[^"]+" fill="none" stroke="#d62728" stroke-width="2"\/>/);
    expect(svg).toContain("smooth — ECE 0.0100");
    expect(markupProblem(svg, true)).toBeNull();
    expect(() => reliabilitySvg([])).toThrow(TypeError);
  });
});

describe("histogramSvg(values, options)", () => {
  it("counts every finite value once and marks sparse bins", () => {
    const svg = histogramSvg([0, 0.1, 0.2, 5, 5, 5, NaN], { bins: 5, sparseBelow: 2 });
    const counts = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]+)"><title>(\d+)<\/title>/g)].map((m) => [m[1], Number(m[2])]);
    expect(counts.reduce((s, [, c]) => s + (c as number), 0)).toBe(6);
    expect(counts).toContainEqual(["#1f77b4", 3]);
    expect(markupProblem(svg, true)).toBeNull();
    expect(() => histogramSvg([NaN])).toThrow(RangeError);
  });
});

describe("markupProblem (test helper)", () => {
  it("finds unbalanced and malformed markup", () => {
    expect(markupProblem("<svg><g></svg>", true)).toMatch(/closes <g>/);
    expect(markupProblem("<div><p>x</div>")).not.toBeNull();
    expect(markupProblem("<text>a < b</text>", true)).toMatch(/raw "<"/);
    expect(markupProblem("<p a=b>x</p>")).toMatch(/malformed/);
  });
});
