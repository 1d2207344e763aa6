// `rmcal diagnose --covariate-a F --covariate-b F` and `rmcal report` with a covariate: the length-bias check of the
// library (covariateBias, docs/DESIGN.md §7.6) on a file's columns, printed and in the report; a covariate field that
// is missing or not a number is named with its file, line and field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, covariateBias } from "rmcal";
import { rmcal, tempFolder } from "../../helpers/cli";
import { readCsv } from "../../helpers/read-csv";
import { markupProblem } from "../../helpers/markup";

const DATA = "test/data/simulated_length_bias.csv";
const FIELDS = ["--score-a", "score_a", "--score-b", "score_b", "--label", "label"];
const COVARIATE = ["--covariate-a", "len_a", "--covariate-b", "len_b"];
const { dir, cleanup } = tempFolder();

beforeAll(async () => {
  await init();
});
afterAll(cleanup);

describe("rmcal diagnose FILE --covariate-a F --covariate-b F", () => {
  it("reports the library's covariateBias on the file's columns (--json) and prints it", () => {
    const rows = readCsv(DATA);
    const expected = covariateBias(
      { scoreA: rows.map((r) => Number(r.score_a)), scoreB: rows.map((r) => Number(r.score_b)), label: rows.map((r) => Number(r.label)) },
      { a: rows.map((r) => Number(r.len_a)), b: rows.map((r) => Number(r.len_b)) }, { differenceBins: 4 },
    );
    const json = rmcal(["diagnose", DATA, ...FIELDS, ...COVARIATE, "--difference-bins", "4", "--json"]);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).covariate).toEqual(JSON.parse(JSON.stringify(expected)));
    const text = rmcal(["diagnose", DATA, ...FIELDS, ...COVARIATE]);
    expect(text.stdout).toContain(`covariate len_a − len_b (1500 pairs): correlation with the margin, Pearson r ${expected.pearson!.toFixed(4)}`);
    expect(text.stdout).toContain('"the larger len_a/len_b wins" 0.4977');
    expect(text.stdout).toMatch(/calibration by len_a − len_b \(5 equal-count bins\):\n +difference +n +accuracy +mean p +ECE +NLL\n +\[-585, -143\] +303 /);
  });

  it("refuses one covariate field alone, and --difference-bins without a covariate", () => {
    const one = rmcal(["diagnose", DATA, ...FIELDS, "--covariate-a", "len_a"]);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain("--covariate-b is missing");
    expect(rmcal(["diagnose", DATA, ...FIELDS, "--difference-bins", "3"]).stderr).toContain("--difference-bins bins the covariate difference");
  });

  it("names the row whose covariate is missing or not a number", () => {
    writeFileSync(join(dir, "bad.jsonl"), '{"chosen":1,"rejected":0,"la":3,"lb":2}\n{"chosen":1,"rejected":0,"la":"long","lb":2}\n');
    const r = rmcal(["diagnose", join(dir, "bad.jsonl"), "--covariate-a", "la", "--covariate-b", "lb"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl, line 2, field "la": is "long"; it must be a number/);
    writeFileSync(join(dir, "bad.csv"), "chosen,rejected,la\n1,0,3\n");
    expect(rmcal(["diagnose", join(dir, "bad.csv"), "--covariate-a", "la", "--covariate-b", "lb"]).stderr).toMatch(/bad\.csv, line 1, field "lb": does not exist/);
  });
});

describe("rmcal report FILE --covariate-a F --covariate-b F", () => {
  it("adds the covariate section with the terciles' reliability diagram, as valid markup", () => {
    const out = join(dir, "report.html");
    const r = rmcal(["report", DATA, ...FIELDS, ...COVARIATE, "--resamples", "50", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<h3>Covariate: len_a − len_b</h3>");
    expect(html).toMatch(/<table class="covariate">[\s\S]*<td>\[-585, -143\]<\/td><td>303<\/td>/);
    expect(html).toContain("by tercile of len_a − len_b");
    expect(markupProblem(html)).toBeNull();
    expect(rmcal(["report", ...COVARIATE, "--out", join(dir, "r2.html")]).stderr).toContain("they need FILE");
  });
});
