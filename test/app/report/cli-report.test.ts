// `rmcal report` with no FILE (bundled example data) writes a valid, self-contained HTML file with at
// least two reliability diagrams and the held-out metrics table; its numbers are the library's on the same split.
// It is the first command a new user runs, so it must work with nothing but the package. Also: user text in the
// report (group values) is escaped. With --deployment (pairs, or responses with --deployment-score), the report's
// diagnostics show the shift that `rmcal diagnose` computes on the same files.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, assess, fitTemperature, fitVennAbers, vennAbersAssessment, splitPairs, compareCalibration } from "rmcal";
import { rmcal, rmcalAsync, tempFolder } from "../../helpers/cli";
import { repoRoot } from "../../helpers/repo-root";
import { markupProblem } from "../../helpers/markup";

const { dir, cleanup } = tempFolder();
let html = "";
let reportStdout = "";
let xss = { status: null as number | null, html: "", stderr: "" };

beforeAll(async () => {
  await init();
  writeFileSync(join(dir, "evil.csv"), "margin,label,subset\n" +
    Array.from({ length: 200 }, (_, i) => `${((i * 37) % 11) - 5},${i % 3 === 0 ? 0 : 1},${i % 2 ? "<script>alert(1)</script>" : "\"a&b\""}`).join("\n") + "\n");
  const [report, evil] = await Promise.all([
    rmcalAsync(["report", "--out", join(dir, "report.html")], dir),
    rmcalAsync(["report", join(dir, "evil.csv"), "--group", "subset", "--out", join(dir, "evil.html"), "--title", "<b>x</b>"], dir),
  ]);
  expect(report.status, report.stderr).toBe(0);
  expect(report.stdout).toContain(`wrote the report to ${join(dir, "report.html")}`);
  reportStdout = report.stdout;
  html = readFileSync(join(dir, "report.html"), "utf8");
  xss = { status: evil.status, stderr: evil.stderr, html: evil.status === 0 ? readFileSync(join(dir, "evil.html"), "utf8") : "" };
}, 120_000);
afterAll(cleanup);

describe("rmcal report (bundled example data)", () => {
  it("writes well-formed HTML with at least two reliability diagrams and a held-out metrics table", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(markupProblem(html)).toBeNull();
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.filter((s) => s.includes("Reliability") || s.includes(": before") || s.includes(": after")).length).toBeGreaterThanOrEqual(2);
    for (const svg of svgs) expect(markupProblem(svg, true)).toBeNull();
    expect(html).toMatch(/<table class="metrics">[\s\S]*<th>ECE<\/th>[\s\S]*raw σ\(d\)[\s\S]*temperature[\s\S]*<\/table>/);
    expect(html).toContain("LLMBar");
    expect(html).toContain("MIT License");
  });

  it("loads nothing: no script, no external reference (the only URL is the SVG namespace)", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=/i);
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
  });

  it("shows the library's held-out numbers and fitted temperature for the simulated RM (split 0.3, seed 0)", () => {
    const text = readFileSync(new URL("../../../examples/data/simulated_overconfident_rm.csv", import.meta.url), "utf8");
    const rows = text.trimEnd().split("\n").slice(1).map((l) => l.split(","));
    const a = rows.map((r) => Number(r[2])), b = rows.map((r) => Number(r[3])), label = rows.map((r) => Number(r[4]));
    const index = Float64Array.from(a, (_, i) => i);
    const { train, test } = splitPairs({ margin: index, label: new Float64Array(a.length) }, { holdout: 0.3, seed: 0 });
    const pick = (rowsOf: ArrayLike<number>) => ({
      scoreA: Array.from(rowsOf, (i) => a[i]), scoreB: Array.from(rowsOf, (i) => b[i]), label: Array.from(rowsOf, (i) => label[i]),
    });
    const t = fitTemperature(pick(train.margin)).temperature;
    const raw = assess(pick(test.margin));
    const after = assess(pick(test.margin), { temperature: t });
    expect(t).toBeGreaterThan(1.5); // the simulated model is overconfident
    const section = html.slice(html.indexOf("Simulated overconfident"), html.indexOf("LLMBar judge: GPT-4"));
    expect(section).toContain(`T = ${t.toPrecision(4)}`);
    expect(section).toContain(`<td>${raw.n}</td><td>${raw.accuracy.toFixed(4)}</td><td>${raw.nll.toFixed(4)}</td><td>${raw.brier.toFixed(4)}</td><td>${raw.ece.toFixed(4)}</td>`);
    expect(section).toContain(`<td>${after.nll.toFixed(4)}</td><td>${after.brier.toFixed(4)}</td><td>${after.ece.toFixed(4)}</td>`);
    expect(after.ece).toBeLessThan(raw.ece);
    // "Did calibration help?": the library's paired comparison of the same held-out pairs, raw against d/T, seeded
    // by the split's seed, as a table row per metric, in the Δ chart and on stdout (docs/DESIGN.md §6.6).
    const margins = pick(test.margin).scoreA.map((x, i) => x - pick(test.margin).scoreB[i]);
    const comparison = compareCalibration(pick(test.margin), { margin: margins.map((d) => d / t), label: pick(test.margin).label },
      { metrics: ["nll", "brier", "ece", "rmsce", "mce", "rmsceDebiased", "accuracy"], seed: 0 });
    const show = (x: number) => `${x < 0 ? "−" : "+"}${Math.abs(x).toFixed(4)}`;
    expect(section).toContain("<h3>Did calibration help?</h3>");
    for (const m of comparison.metrics) {
      const verdict = m.significant ? (m.improved ? "better" : "worse") : "not significant";
      expect(section).toContain(`<td>${m.before.toFixed(4)}</td><td>${m.after.toFixed(4)}</td><td>${show(m.delta)}</td><td>[${show(m.low)}, ${show(m.high)}]</td>`);
      expect(reportStdout).toContain(`${m.before.toFixed(4)} → ${m.after.toFixed(4)}, Δ ${show(m.delta)} [${show(m.low)}, ${show(m.high)}], ${verdict}`);
    }
    expect(comparison.metrics.find((m) => m.metric === "ece")!.improved).toBe(true);
    expect(section).toContain("Simulated overconfident reward model: change after calibration</title>");
  });

  it("has a Venn–Abers section with the library's interval widths and merged-p ECE on the held-out pairs", () => {
    const text = readFileSync(new URL("../../../examples/data/simulated_overconfident_rm.csv", import.meta.url), "utf8");
    const rows = text.trimEnd().split("\n").slice(1).map((l) => l.split(","));
    const a = rows.map((r) => Number(r[2])), b = rows.map((r) => Number(r[3])), label = rows.map((r) => Number(r[4]));
    const { train, test } = splitPairs({ margin: Float64Array.from(a, (_, i) => i), label: new Float64Array(a.length) }, { holdout: 0.3, seed: 0 });
    const pick = (rowsOf: ArrayLike<number>) => ({
      scoreA: Array.from(rowsOf, (i) => a[i]), scoreB: Array.from(rowsOf, (i) => b[i]), label: Array.from(rowsOf, (i) => label[i]),
    });
    const va = vennAbersAssessment(fitVennAbers(pick(train.margin)), pick(test.margin));
    const section = html.slice(html.indexOf("Simulated overconfident"), html.indexOf("LLMBar judge: GPT-4"));
    expect(section).toContain("<h3>Venn–Abers intervals</h3>");
    expect(section).toContain(`the width is ${va.width.mean.toFixed(4)} on average (median ${va.width.median.toFixed(4)}, 90th percentile ${va.width.p90.toFixed(4)},`);
    expect(section).toContain(`ECE\n${va.merged.ece.toFixed(4)} and NLL ${va.merged.nll.toFixed(4)}`);
    expect(section).toContain("Venn–Abers interval widths p1 − p0</text>");
    // It is also a row of the held-out metrics table and of the comparisons, like every calibrator.
    expect(section).toMatch(/<tr><td>Venn–Abers<\/td><td>\d+ margins where the interval changes<\/td><td>\d+<\/td>/);
  });

  it("reports the temperature boundary for the chance-level ChatGPT judge instead of a number", () => {
    const section = html.slice(html.indexOf("LLMBar judge: ChatGPT"));
    expect(section).toMatch(/upper bound T = 1000/);
  });

  it("fades exactly the bins whose interval is wider than 0.5 in the simulated RM's per-subset diagram", () => {
    const text = readFileSync(new URL("../../../examples/data/simulated_overconfident_rm.csv", import.meta.url), "utf8");
    const rows = text.trimEnd().split("\n").slice(1).map((l) => l.split(","));
    const index = Float64Array.from(rows, (_, i) => i);
    const { test } = splitPairs({ margin: index, label: new Float64Array(rows.length) }, { holdout: 0.3, seed: 0 });
    let wide = 0;
    for (const subset of ["chat", "code", "safety"]) {
      const mine = Array.from(test.margin).filter((i) => rows[i][1] === subset);
      const report = assess({ scoreA: mine.map((i) => Number(rows[i][2])), scoreB: mine.map((i) => Number(rows[i][3])), label: mine.map((i) => Number(rows[i][4])) });
      wide += report.bins.filter((b) => b.count > 0 && b.high! - b.low! > 0.5).length;
    }
    expect(wide).toBeGreaterThan(0);
    const svg = (html.match(/<svg[^>]*aria-label="Simulated overconfident reward model: per subset"[\s\S]*?<\/svg>/) ?? [""])[0];
    expect(svg.match(/<g class="wide-interval"/g)).toHaveLength(wide);
    expect(svg).toContain("faded: the bin's interval is wider than 0.5 (too few pairs to judge)");
    expect(html).toContain("Faded bins have an interval wider than 0.5: too few pairs to judge.");
  });

  it("has per-group results for the simulated RM's subsets", () => {
    expect(html).toMatch(/<h3>Per subset[\s\S]*<td>chat<\/td>[\s\S]*<td>code<\/td>[\s\S]*<td>safety<\/td>/);
  });

  it("has the per-subset temperatures, partially pooled, compared under cross-fitting (docs/DESIGN.md §5.14)", () => {
    const part = html.slice(html.indexOf("<h3>Per-subset temperatures, partially pooled</h3>"));
    expect(part).toMatch(/<table class="group-temperatures">[\s\S]*<td>chat<\/td>/);
    expect(part).toMatch(/<table class="group-comparison">[\s\S]*<td>global T<\/td>[\s\S]*<td>per-group T<\/td>[\s\S]*<td>pooled T<\/td>/);
  });
});

describe("rmcal report FILE --group F", () => {
  it("escapes group values and the title in HTML and SVG (a <script> group value stays text)", () => {
    expect(xss.status, xss.stderr).toBe(0);
    expect(xss.html).not.toMatch(/<script|<b>x<\/b>/i);
    expect(xss.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(xss.html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(xss.html).toContain("a&amp;b");
    expect(markupProblem(xss.html)).toBeNull();
  });

  it("refuses to replace an existing report without --force", async () => {
    const r = await rmcalAsync(["report", "--out", join(dir, "report.html")], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("already exists; pass --force");
  });
});

describe("rmcal report FILE --deployment FILE2 [--deployment-score F]", () => {
  const FLAT = join(repoRoot, "test/data/parquet/flat.jsonl");

  it("shows in the diagnostics the shift rmcal diagnose computes, of pairs and of per-response scores", () => {
    // Deployment pairs: the calibration pairs with every score A raised by 1; responses: a spread of scores.
    const shiftedPairs = join(dir, "deployment-pairs.jsonl"), responses = join(dir, "responses.jsonl");
    writeFileSync(shiftedPairs, readFileSync(FLAT, "utf8").trim().split("\n")
      .map((line) => JSON.parse(line)).map((row) => JSON.stringify({ ...row, score_a: row.score_a + 1 })).join("\n") + "\n");
    writeFileSync(responses, Array.from({ length: 120 }, (_, i) => JSON.stringify({ id: i, reward: ((i * 7919) % 97) / 10 - 3 })).join("\n") + "\n");
    for (const [deployment, flags, what] of [[shiftedPairs, [], "300 pairs, margins"], [responses, ["--deployment-score", "reward"], "120 responses, scores"]] as const) {
      const out = join(dir, `shift-${flags.length}.html`);
      const report = rmcal(["report", FLAT, "--deployment", deployment, ...flags, "--out", out, "--json"], dir);
      expect(report.status, report.stderr).toBe(0);
      const diagnosed = rmcal(["diagnose", FLAT, "--deployment", deployment, ...flags, "--json"], dir);
      expect(diagnosed.status, diagnosed.stderr).toBe(0);
      const shift = JSON.parse(diagnosed.stdout).shift;
      expect(JSON.parse(report.stdout).sections[0].diagnostics.shift).toEqual(shift);
      expect(shift.psi).toBeGreaterThan(0.01);
      const page = readFileSync(out, "utf8");
      expect(page).toContain(`Shift to ${deployment} (${what}): PSI ${shift.psi.toFixed(4)}, KS ${shift.ks.toFixed(4)}, outside the calibration range`);
      expect(markupProblem(page)).toBeNull();
    }
  });

  it("refuses --deployment without FILE, --deployment-score without --deployment, and scores against margins", () => {
    const margins = join(dir, "margins.jsonl");
    writeFileSync(margins, Array.from({ length: 20 }, (_, i) => JSON.stringify({ margin: i - 10, label: i % 2 })).join("\n") + "\n");
    const usage = (args: string[]) => {
      const r = rmcal(args, dir);
      expect(r.status).toBe(2);
      return r.stderr;
    };
    expect(usage(["report", "--deployment", FLAT, "--out", join(dir, "x.html")])).toContain("--deployment is compared with FILE's pairs; it needs FILE");
    expect(usage(["report", FLAT, "--deployment-score", "reward", "--out", join(dir, "x.html")])).toContain("it needs --deployment");
    expect(usage(["report", margins, "--deployment", FLAT, "--deployment-score", "score_a", "--out", join(dir, "x.html")])).toMatch(/gives margins \(margin=margin, label=label\); it needs chosen\/rejected or score-a\/score-b/);
  });
});
