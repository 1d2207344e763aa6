// reliabilitySvg: well-formed standalone SVG, one marker and one whisker per non-empty bin, user text escaped,
// curve series (calibration curves and smoothEce curves) drawn.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, reliabilitySvg, smoothEce } from "rmcal";
import reference from "../../reference-values/smooth-ece.json";
import { markupProblem } from "../../helpers/markup";
import { mulberry32 } from "../../helpers/prng";

interface Case { name: string; margin: number[]; label: number[]; weight: number[] | null; temperature?: number }

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

describe("reliabilitySvg with a smoothEce series", () => {
  it("draws the smooth curve as a polyline of its points and shows smECE in the legend", async () => {
    const { reliabilitySvg, assess } = await import("rmcal");
    const c = reference.cases[0] as unknown as Case;
    const pairs = { margin: c.margin, label: c.label };
    const smooth = smoothEce(pairs);
    const svg = reliabilitySvg([{ name: "binned", report: assess(pairs) }, { name: "smooth", smooth }]);
    expect(svg).toContain(`smooth — smECE ${smooth.smece.toFixed(4)}`);
    const polylines = svg.match(/<polyline points="([^"]+)" fill="none" stroke="[^"]+" stroke-width="2"\/>/g) ?? [];
    expect(polylines).toHaveLength(1);
    expect(polylines[0]!.split(" ").filter((p) => p.includes(",")).length).toBe(smooth.curve.x.length);
    // Alone, a folded smooth series gets the folded axes, from 0.5.
    const alone = reliabilitySvg([{ name: "smooth", smooth }]);
    expect(alone).toContain("confidence: probability given to the favoured side");
  });

  it("with greyWiderThan fades exactly the bins whose interval is wider, and says so in the legend", () => {
    // 120 pairs over 15 bins: bins near confidence 1 fill up, the others hold a few pairs with wide Wilson intervals
    const next = mulberry32(11);
    const margin = Array.from({ length: 120 }, () => next() * 8 - 4);
    const small = assess({ margin, label: margin.map((d) => (next() < 1 / (1 + 2 ** -d) ? 1 : 0)) });
    const wide = small.bins.filter((b) => b.count > 0 && b.high! - b.low! > 0.5).length;
    const narrow = small.bins.filter((b) => b.count > 0 && b.high! - b.low! <= 0.5).length;
    expect(wide).toBeGreaterThan(0);
    expect(narrow).toBeGreaterThan(0);
    for (const style of ["line", "bar"] as const) {
      const svg = reliabilitySvg([{ name: "raw", report: small }], { greyWiderThan: 0.5, style });
      expect(markupProblem(svg, true)).toBeNull();
      expect(svg.match(/<g class="wide-interval"/g)).toHaveLength(wide);
      expect(svg).toContain("faded: the bin's interval is wider than 0.5 (too few pairs to judge)");
    }
    // hollow markers for the faded bins, filled ones for the rest
    const line = reliabilitySvg([{ name: "raw", report: small }], { greyWiderThan: 0.5 });
    expect(line.match(/<circle cx[^>]*fill="#fff"/g)).toHaveLength(wide);
    // no bin that wide: nothing faded, no note, and the picture is the one drawn without the option
    expect(reliabilitySvg([{ name: "raw", report }], { greyWiderThan: 1 })).toBe(reliabilitySvg([{ name: "raw", report }]));
    expect(reliabilitySvg([{ name: "raw", report: small }])).not.toContain("wide-interval");
    expect(() => reliabilitySvg([{ name: "raw", report }], { greyWiderThan: 2 })).toThrow("options.greyWiderThan is 2; it must be a number in [0, 1]");
  });
});

