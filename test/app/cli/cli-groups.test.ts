// `rmcal fit --group` and `rmcal apply --group`: the CLI's per-group temperatures are the library's
// crossFitGroupedTemperature on the same folds, the saved JSON predicts through apply exactly as loadCalibrator does,
// unseen groups get the global T (counted on stderr), and a grouped calibrator without --group is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, assess, crossFitGroupedTemperature, loadCalibrator } from "rmcal";
import { rmcal, tempFolder } from "../../helpers/cli";
import { readCsv } from "../../helpers/read-csv";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
const DATA = "test/data/rewardbench_rm_scores.csv";
const FIELDS = ["--chosen", "armo_chosen_score", "--rejected", "armo_rejected_score"];

beforeAll(async () => {
  await init();
});
afterAll(cleanup);

describe("rmcal fit FILE --group F", () => {
  it("saves the library's pooled temperatures and prints the cross-fitted NLL and ECE of the three fits", () => {
    const r = rmcal(["fit", DATA, ...FIELDS, "--group", "subset", "--resamples", "200", "--out", file("grouped.json")]);
    expect(r.status, r.stderr).toBe(0);
    const rows = readCsv(DATA);
    const pairs = { chosen: rows.map((x) => Number(x.armo_chosen_score)), rejected: rows.map((x) => Number(x.armo_rejected_score)) };
    const expected = crossFitGroupedTemperature(pairs, { group: rows.map((x) => x.subset), folds: 5, seed: 0 });
    const json = JSON.parse(readFileSync(file("grouped.json"), "utf8"));
    expect(json.kind).toBe("grouped-temperature");
    expect(json.groups).toEqual([...expected.calibrator.groups]);
    expect(json.temperatures).toEqual([...expected.calibrator.temperatures]);
    expect(json.fallbackTemperature).toBe(expected.calibrator.fallbackTemperature);
    expect(json.fit.crossFit.predictions["pooled T"].nll).toBe(assess(expected.pooled).nll);
    expect(json.fit.crossFit.predictions["global T"].ece).toBe(assess(expected.global).ece);
    expect(r.stdout).toContain("per-subset temperatures (4 groups)");
    expect(r.stdout).toMatch(/pooled T +0\.\d{4} +0\.\d{4}/);
    expect(r.stdout).toContain("one global T → pooled temperatures, both cross-fitted");
  });

  it("refuses --pooling without --group, --holdout or another method with it", () => {
    const out = ["--out", file("x.json")];
    expect(rmcal(["fit", DATA, ...FIELDS, "--pooling", "none", ...out]).stderr).toContain("--pooling applies to per-group temperatures");
    expect(rmcal(["fit", DATA, ...FIELDS, "--group", "subset", "--holdout", "0.3", ...out]).stderr).toContain("use --cross-fit K");
    const platt = rmcal(["fit", DATA, ...FIELDS, "--group", "subset", "--method", "platt", ...out]);
    expect(platt.status).toBe(2);
    expect(platt.stderr).toContain("--method temperature only");
  });
});

describe("rmcal apply CALIBRATOR FILE --group F", () => {
  it("predicts every row with its group's temperature, as loadCalibrator does, and the global T for unseen groups", () => {
    rmcal(["fit", DATA, ...FIELDS, "--group", "subset", "--resamples", "50", "--out", file("applied.json"), "--force"]);
    writeFileSync(file("rows.csv"), "subset,chosen,rejected\nmath-prm,0.08,0.02\nhep-python,0.01,0.03\nunknown,0.05,0.0\n");
    const r = rmcal(["apply", file("applied.json"), file("rows.csv"), "--group", "subset"]);
    expect(r.status, r.stderr).toBe(0);
    const calibrator = loadCalibrator(readFileSync(file("applied.json"), "utf8"));
    const expected = calibrator.predict([0.08 - 0.02, 0.01 - 0.03, 0.05 - 0.0], { group: ["math-prm", "hep-python", "unknown"] });
    const got = r.stdout.trim().split("\n").slice(1).map((line) => Number(line.split(",").at(-1)));
    expect(got).toEqual(Array.from(expected));
    expect(r.stderr).toContain('1 of 3 rows belong to groups the calibrator has no temperature for ("unknown")');
  });

  it("refuses a grouped calibrator without --group, and --group with a calibrator of one map", () => {
    rmcal(["fit", DATA, ...FIELDS, "--resamples", "50", "--out", file("plain.json"), "--force"]);
    writeFileSync(file("pairs.csv"), "subset,chosen,rejected\nmath-prm,1,0\n");
    const missing = rmcal(["apply", file("applied.json"), file("pairs.csv")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("give --group FIELD");
    const stray = rmcal(["apply", file("plain.json"), file("pairs.csv"), "--group", "subset"]);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain("but this one is a temperature calibrator");
  });

  it("names the row whose group field is missing", () => {
    writeFileSync(file("nogroup.jsonl"), '{"subset":"math-prm","chosen":1,"rejected":0}\n{"chosen":1,"rejected":0}\n');
    const r = rmcal(["apply", file("applied.json"), file("nogroup.jsonl"), "--group", "subset"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nogroup\.jsonl, line 2, field "subset": is missing/);
  });
});
