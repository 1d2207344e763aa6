// `rmcal diagnose` on the LLMBar judge pairs (margin score_1 − score_2, label gold_label == 1, slices by
// subset) prints coverage, per-subset slices with bootstrap intervals and the tie share; with a deployment file whose
// ratings are shifted it reports the shift. The real process runs (bin/rmcal.js), and its --json equals the library's
// diagnose on the same columns.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { init, diagnose } from "rmcal";
import { rmcal, tempFolder } from "../../helpers/cli";
import { markupProblem } from "../../helpers/markup";
import { loadLlmbar } from "../../helpers/llmbar";

const LLMBAR = fileURLToPath(new URL("../../../examples/data/llmbar_rating_pairs.csv", import.meta.url));
const FIELDS = ["--score-a", "score_1", "--score-b", "score_2", "--label", "gold_label", "--label-map", "1=1,2=0"];
const { dir, cleanup } = tempFolder();
const shifted = join(dir, "deployment.csv");

beforeAll(async () => {
  await init();
  // Deployment: the same instructions rated 3 points higher for output 1 (a judge drifting towards position 1).
  const [header, ...rows] = readFileSync(LLMBAR, "utf8").trim().split("\n");
  writeFileSync(shifted, [header, ...rows.map((row) => {
    const f = row.split(",");
    f[4] = String(Number(f[4]) + 3);
    return f.join(",");
  })].join("\n") + "\n");
});
afterAll(cleanup);

describe("rmcal diagnose FILE [--deployment FILE2] [--group F]", () => {
  it("prints coverage, per-subset slices with intervals and the tie share on LLMBar", () => {
    const r = rmcal(["diagnose", LLMBAR, ...FIELDS, "--group", "subset", "--resamples", "200"]);
    expect(r.status, r.stderr).toBe(0);
    const data = loadLlmbar();
    const ties = data.margin.filter((d) => d === 0).length / data.margin.length;
    expect(r.stdout).toContain("coverage: 2928 pairs, margins from -10 to 9");
    expect(r.stdout).toContain(`tied margins (ties) ${(100 * ties).toFixed(1)}%`);
    expect(r.stdout).toMatch(/extrapolates outside margins \[-10, 9\]/);
    for (const subset of ["Natural", "Adversarial/GPTInst", "Adversarial/GPTOut", "Adversarial/Manual", "Adversarial/Neighbor"]) {
      expect(r.stdout).toMatch(new RegExp(`${subset}\\s+n\\s+\\d+\\s+accuracy [0-9.]+\\s+ECE [0-9.]+ \\[[0-9.]+, [0-9.]+\\]`));
    }
    expect(r.stdout).not.toContain("shift");
  });

  it("reports the shift to a deployment file whose ratings moved", () => {
    const r = rmcal(["diagnose", LLMBAR, ...FIELDS, "--deployment", shifted]);
    expect(r.status, r.stderr).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("shift to")) ?? "";
    const [, psi, ks, outside] = line.match(/PSI ([0-9.]+), KS ([0-9.]+), outside the calibration range ([0-9.]+)%/) ?? [];
    expect(Number(psi)).toBeGreaterThan(0.25);
    expect(Number(ks)).toBeGreaterThan(0.2);
    expect(Number(outside)).toBeGreaterThan(0);
    // Deployment pairs usually come without labels: the same scores with the label column dropped give the same shift.
    const unlabeled = join(dir, "deployment-unlabeled.csv");
    writeFileSync(unlabeled, readFileSync(shifted, "utf8").trim().split("\n").map((l) => l.split(",").slice(0, 6).join(",")).join("\n") + "\n");
    const u = rmcal(["diagnose", LLMBAR, ...FIELDS, "--deployment", unlabeled]);
    expect(u.status, u.stderr).toBe(0);
    expect(u.stdout.split("\n").find((l) => l.startsWith("shift to"))?.replace(unlabeled, "")).toBe(line.replace(shifted, ""));
  });

  it("--json equals the library's diagnose on the same columns", () => {
    const args = ["--group", "subset", "--resamples", "100", "--seed", "4", "--min-per-bin", "150"];
    const r = rmcal(["diagnose", LLMBAR, ...FIELDS, ...args, "--deployment", shifted, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const data = loadLlmbar();
    const expected = diagnose({ margin: data.margin, label: data.label }, {
      group: data.subset, resamples: 100, seed: 4, minPerBin: 150, deployment: data.margin.map((d) => d + 3),
    });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("rejects a bad flag value with exit code 2, naming the flag", () => {
    const r = rmcal(["diagnose", LLMBAR, ...FIELDS, "--resamples", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--resamples is "0"');
  });

  it("rmcal report FILE --group adds a data diagnostics section: coverage, labels, slices with intervals", () => {
    const out = join(dir, "report.html");
    const r = rmcal(["report", LLMBAR, ...FIELDS, "--group", "subset", "--where", "evaluator=GPT-4", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(markupProblem(html)).toBeNull();
    const section = html.slice(html.indexOf("<h3>Data diagnostics</h3>"));
    expect(section).toContain("A calibrator fitted on these pairs extrapolates outside margins");
    expect(section).toMatch(/tied margins/);
    for (const subset of ["Natural", "Adversarial/GPTInst", "Adversarial/GPTOut", "Adversarial/Manual", "Adversarial/Neighbor"]) {
      expect(section).toMatch(new RegExp(`<tr><td>${subset}</td><td>\\d+</td><td>[0-9.]+</td><td>[0-9.]+</td><td>\\[[0-9.]+, [0-9.]+\\]</td>`));
    }
    expect(html).toContain("smECE");
  });
});
