// `--cluster FIELD` (docs/DESIGN.md §6.5) on the real process: diagnose's and report's slice intervals resample
// whole clusters and say so (text, --json, HTML), JSONL and CSV give the same result, a row without a cluster id is
// refused naming file, line and field (or skipped with --skip-invalid), and commands that resample nothing refuse
// the flag rather than ignore it.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, diagnose, crossFit, compareCalibration, fitTemperature, type Diagnosis } from "rmcal";
import { rmcal, rmcalAsync, tempFolder } from "../../helpers/cli";
import { mulberry32, sigmoid } from "../../helpers/prng";

const { dir, cleanup } = tempFolder();
const jsonl = join(dir, "pairs.jsonl"), csv = join(dir, "pairs.csv");
// Two subsets of 30 prompts × 12 pairs from an overconfident model (true P = σ(d/3)); the labels of a prompt share
// one uniform draw u, a strong shared prompt effect, so intervals that resample pairs are far too narrow.
const data = { margin: [] as number[], label: [] as number[], subset: [] as string[], prompt: [] as string[] };

beforeAll(async () => {
  await init();
  const random = mulberry32(13);
  for (const subset of ["chat", "code"]) {
    for (let c = 0; c < 30; c++) {
      const u = random();
      for (let j = 0; j < 12; j++) {
        const d = Math.round(random() * 6 * 1e4) / 1e4;
        data.margin.push(d);
        data.label.push(u < sigmoid(d / 3) ? 1 : 0);
        data.subset.push(subset);
        data.prompt.push(`${subset}-${c}`);
      }
    }
  }
  const rows = data.margin.map((d, i) => ({ margin: d, label: data.label[i], subset: data.subset[i], prompt_id: data.prompt[i] }));
  writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  writeFileSync(csv, "margin,label,subset,prompt_id\n" + rows.map((r) => `${r.margin},${r.label},${r.subset},${r.prompt_id}`).join("\n") + "\n");
});
afterAll(cleanup);

const SLICES = ["--group", "subset", "--resamples", "300", "--seed", "2"];

describe("rmcal diagnose FILE --group F --cluster F", () => {
  it("resamples each slice's clusters whole and says so, with the library's numbers", () => {
    const r = rmcal(["diagnose", jsonl, ...SLICES, "--cluster", "prompt_id", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("read 720 pairs from");
    expect(r.stderr).toContain("2 groups by subset, 60 clusters (prompt_id))");
    const out = JSON.parse(r.stdout) as Diagnosis & { clusters: { field: string; count: number } };
    expect(out.clusters).toEqual({ field: "prompt_id", count: 60 });
    const library = diagnose({ margin: data.margin, label: data.label, cluster: data.prompt }, { group: data.subset, resamples: 300, seed: 2 });
    expect(out.slices).toEqual(JSON.parse(JSON.stringify(library.slices)));
    for (const s of out.slices!) expect(s).toMatchObject({ unit: "clusters", units: 30, eceMethod: "bca" });
  });

  it("gives wider intervals than resampling pairs, in text that names the method and the units", () => {
    const clustered = rmcal(["diagnose", jsonl, ...SLICES, "--cluster", "prompt_id"]);
    const pairs = rmcal(["diagnose", jsonl, ...SLICES]);
    expect(clustered.status, clustered.stderr).toBe(0);
    expect(clustered.stdout).toContain("slices by subset (ECE with 90% BCa bootstrap interval, 300 resamples of whole clusters, 60 clusters (prompt_id); largest ECE first):");
    expect(pairs.stdout).toContain("slices by subset (ECE with 90% BCa bootstrap interval, 300 resamples of pairs; largest ECE first):");
    const widths = (text: string) => [...text.matchAll(/ECE [0-9.]+ \[([0-9.]+), ([0-9.]+)\]/g)].map((m) => Number(m[2]) - Number(m[1]));
    expect(clustered.stdout).toMatch(/chat\s+n\s+360\s+clusters\s+30\s+accuracy/);
    const [c, p] = [widths(clustered.stdout), widths(pairs.stdout)];
    expect(c).toHaveLength(2);
    c.forEach((w, i) => expect(w).toBeGreaterThan(2 * p[i]));
  });

  it("reads the same clusters from CSV as from JSONL", () => {
    const a = rmcal(["diagnose", jsonl, ...SLICES, "--cluster", "prompt_id", "--json"]);
    const b = rmcal(["diagnose", csv, ...SLICES, "--cluster", "prompt_id", "--json"]);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it("refuses a row without a cluster id naming file, line and field, or skips and counts it", () => {
    const broken = join(dir, "broken.jsonl");
    const lines = readFileSync(jsonl, "utf8").trim().split("\n");
    lines[4] = '{"margin":1,"label":1,"subset":"chat","prompt_id":null}';
    writeFileSync(broken, lines.join("\n") + "\n");
    const r = rmcal(["diagnose", broken, ...SLICES, "--cluster", "prompt_id"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${broken}, line 5, field "prompt_id": is null; a cluster id must be text or a number`);
    const skipped = rmcal(["diagnose", broken, ...SLICES, "--cluster", "prompt_id", "--skip-invalid"]);
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain("read 719 pairs");
    expect(skipped.stderr).toMatch(/skipped 1 invalid row.*line 5/);
  });

  it("refuses --cluster where nothing would resample it", () => {
    const r = rmcal(["diagnose", jsonl, "--cluster", "prompt_id"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--cluster sets what the slices' bootstrap resamples; it needs --group");
    for (const command of [["assess", jsonl]]) {
      const refused = rmcal([...command, "--cluster", "prompt_id"]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/--cluster/);
    }
    expect(rmcal(["diagnose", "--help"]).stdout).toContain("--cluster F");
  });
});

describe("rmcal fit FILE --cross-fit K --cluster F", () => {
  it("cross-fits with whole clusters per fold, compares on every pair, and saves the calibrator fitted on all pairs", async () => {
    const out = join(dir, "cross.json");
    const r = rmcal(["fit", jsonl, "--cross-fit", "4", "--cluster", "prompt_id", "--seed", "5", "--resamples", "200", "--out", out, "--force"]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8"));
    const pairs = { margin: data.margin, label: data.label, cluster: data.prompt };
    const fitted = crossFit(pairs, { folds: 4, seed: 5 });
    expect(json.temperature).toBe(fitTemperature(pairs).temperature);
    expect(json.fit.crossFit).toEqual({ folds: 4, seed: 5, unit: "clusters" });
    // The CLI reads ids as text and codes them in order of first appearance, as toPairColumns does: the same folds.
    const comparison = compareCalibration(pairs, fitted.outOfFold, { resamples: 200, seed: 5 });
    expect(json.fit.comparison.metrics).toEqual(JSON.parse(JSON.stringify(comparison.metrics)));
    expect(json.fit.comparison).toMatchObject({ unit: "clusters", units: 60, resamples: 200, confidence: 0.9 });
    expect(r.stdout).toContain("before → after on all 720 pairs, each predicted by the calibrator fitted on the other 3 of 4 folds (seed 5, folds keep clusters whole)");
    expect(r.stdout).toContain("Δ = after − before, 90% BCa interval from 200 resamples of 60 clusters (prompt_id):");
    expect(r.stdout).toMatch(/^ {2}NLL {12}\d\.\d{4} → \d\.\d{4}, Δ [−+]\d\.\d{4} \[[−+]\d\.\d{4}, [−+]\d\.\d{4}\], (better|worse|not significant)/m);
    expect(r.stdout).toContain("(calibrator fitted on all 720 pairs)");
  });

  it("holds out whole clusters without --cross-fit, and refuses --holdout with --cross-fit", () => {
    const out = join(dir, "held.json");
    const r = rmcal(["fit", jsonl, "--cluster", "prompt_id", "--resamples", "50", "--out", out, "--force"]);
    expect(r.status, r.stderr).toBe(0);
    // 60 clusters of 12 pairs: round(0.2 · 720) = 144 pairs are exactly 12 clusters.
    expect(r.stdout).toContain("before → after on 144 held-out pairs of 720 (seed 0, whole clusters held out)");
    const both = rmcal(["fit", jsonl, "--holdout", "0.3", "--cross-fit", "3", "--out", out, "--force"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--holdout and --cross-fit are two ways to compare; give one");
  });
});

describe("rmcal report FILE --group F --cluster F", () => {
  it("names the clusters and resamples them in the slices' intervals", async () => {
    const out = join(dir, "report.html");
    const r = await rmcalAsync(["report", jsonl, "--group", "subset", "--cluster", "prompt_id", "--out", out], dir);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<li>60 clusters by <code>prompt_id</code>: bootstrap intervals resample whole clusters</li>");
    expect(html).toContain("intervals are 90% BCa bootstrap\nintervals (1000 resamples of whole clusters: 60 clusters by <code>prompt_id</code>, each slice drawing its own;");
    // each slice's row names the clusters its interval resampled: 30 of the 60
    expect(html).toContain("<th>ECE</th><th>clusters</th><th>90% interval</th>");
    expect(html.match(/<tr><td>(chat|code)<\/td><td>360<\/td><td>[0-9.]+<\/td><td>[0-9.]+<\/td><td>30<\/td><td>\[/g)).toHaveLength(2);
    expect(rmcal(["report", "--help"]).stdout).toContain("--cluster F");
    // The held-out part is whole clusters (round(0.3 · 720) = 216 pairs = 18 clusters of 12), and the before/after
    // comparisons resample them.
    expect(html).toContain("on the same 216 held-out pairs");
    expect(html).toContain("paired resamples of 18 clusters");
    const refused = rmcal(["report", "--group", "subset", "--cluster", "prompt_id", "--out", join(dir, "refused.html")]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("--cluster names a field of FILE's pairs; it needs FILE");
  }, 120_000);
});
