// `rmcal assess|fit|report` on K-wise files (best-of-N and rankings, docs/DESIGN.md §5.12): the CLI prints the
// library's numbers exactly, reads the wide and the long form alike, writes a best-of-N report section, and names the
// file, line and field of bad input (exit 2, nothing written).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, assessBestOfN, loadCalibrator } from "rmcal";
import { rmcal, tempFolder } from "../../helpers/cli";
import { repoRoot as repo } from "../../helpers/repo-root";
import { mulberry32 } from "../../helpers/prng";
import { randomChoices } from "../../helpers/random-choices";

const { dir, cleanup } = tempFolder();
const data = randomChoices(mulberry32(21), 600, { minK: 2, maxK: 5, temperature: 2 });

beforeAll(async () => {
  await init();
  writeFileSync(join(dir, "wide.jsonl"), data.scores.map((s, i) => JSON.stringify({ id: i, scores: s, best: data.best[i], ranking: data.ranking[i] })).join("\n") + "\n");
  writeFileSync(join(dir, "wide.csv"), "scores,best\n" + data.scores.map((s, i) => `"${JSON.stringify(s)}",${data.best[i]}`).join("\n") + "\n");
  const long = ["prompt,score,chosen,rank"];
  data.scores.forEach((s, i) => s.forEach((v, j) => long.push(`p${i},${v},${j === data.best[i] ? 1 : 0},${data.ranking[i].indexOf(j) + 1}`)));
  writeFileSync(join(dir, "long.csv"), long.join("\n") + "\n");
});
afterAll(cleanup);

describe("rmcal assess FILE --scores F --best F | --ranking F | --prompt F --score F", () => {
  it("--json equals assessBestOfN on the same choices, from JSONL, from a CSV of JSON arrays and from the long form", () => {
    const want = assessBestOfN({ scores: data.scores, best: data.best }, { resamples: 200, seed: 5 });
    for (const args of [
      ["wide.jsonl", "--scores", "scores", "--best", "best"],
      ["wide.csv", "--scores", "scores", "--best", "best"],
      ["long.csv", "--prompt", "prompt", "--score", "score", "--best", "chosen"],
    ]) {
      const r = rmcal(["assess", join(dir, args[0]), ...args.slice(1), "--json", "--resamples", "200", "--seed", "5"]);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(want);
      expect(r.stderr).toContain("read 600 prompts with");
    }
  });

  it("reads K-wise choices from Parquet (a list<double> scores column, as Hugging Face stores them) to the JSONL twin's bytes", () => {
    // test/data/parquet/best-of-4.{parquet,jsonl}: scripts/make-parquet-fixtures.py (pyarrow), the same 200 prompts.
    const args = (file: string) => ["assess", join(repo, "test/data/parquet", file), "--scores", "scores", "--best", "best", "--json"];
    const parquet = rmcal(args("best-of-4.parquet")), jsonl = rmcal(args("best-of-4.jsonl"));
    expect(parquet.status, parquet.stderr).toBe(0);
    expect(parquet.stdout).toBe(jsonl.stdout);
    expect(JSON.parse(parquet.stdout)).toMatchObject({ n: 200, responses: 800, minK: 4, maxK: 4 });
  });

  it("rankings use the Plackett–Luce NLL; the text table shows accuracy against chance with intervals", () => {
    const r = rmcal(["assess", join(dir, "long.csv"), "--prompt", "prompt", "--score", "score", "--rank", "rank", "--resamples", "100"]);
    expect(r.status, r.stderr).toBe(0);
    const want = assessBestOfN({ scores: data.scores, ranking: data.ranking }, { resamples: 100 });
    expect(r.stdout).toContain(`top-1 accuracy ${want.accuracy.toFixed(4)} [${want.intervals!.accuracy.low.toFixed(4)}, ${want.intervals!.accuracy.high.toFixed(4)}] (chance ${want.chance.toFixed(4)})`);
    expect(r.stdout).toContain(`NLL ${want.nll.toFixed(4)}`);
    expect(r.stdout).toContain("rankings (Plackett–Luce NLL)");
  });

  it("refuses bad input naming the file, line and field, and mixed pair and choice flags", () => {
    writeFileSync(join(dir, "bad.jsonl"), `{"scores":[1,2],"best":0}\n{"scores":[1,"x"],"best":0}\n`);
    let r = rmcal(["assess", join(dir, "bad.jsonl"), "--scores", "scores", "--best", "best"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, "bad.jsonl")}, line 2, field "scores": [1] is "x"; it must be a number`);
    writeFileSync(join(dir, "bad-best.jsonl"), `{"scores":[1,2],"best":0}\n{"scores":[1,2,3],"best":3}\n`);
    r = rmcal(["assess", join(dir, "bad-best.jsonl"), "--scores", "scores", "--best", "best"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`line 2, field "best": best is 3; it must be an index from 0 to 2`);
    writeFileSync(join(dir, "two-chosen.csv"), "prompt,score,best\na,1,1\na,2,1\n");
    r = rmcal(["assess", join(dir, "two-chosen.csv"), "--prompt", "prompt", "--score", "score", "--best", "best"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`line 3, field "best": best is 1; prompt "a" already has a chosen response`);
    r = rmcal(["assess", join(dir, "wide.jsonl"), "--scores", "scores", "--best", "best", "--chosen", "x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--chosen is a pair field");
    r = rmcal(["assess", join(dir, "wide.jsonl"), "--scores", "scores"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("choices need --best too");
  });
});

describe("rmcal fit and report on K-wise input", () => {
  it("fit writes a temperature calibrator fitted on the training prompts, with held-out top-1 metrics", () => {
    const out = join(dir, "cal.json");
    const r = rmcal(["fit", join(dir, "wide.jsonl"), "--scores", "scores", "--ranking", "ranking", "--out", out, "--resamples", "100"]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8"));
    const c = loadCalibrator(json);
    expect(c.kind).toBe("temperature");
    expect(json.fit.choices.model).toBe("plackett-luce");
    expect(json.fit.n).toBe(480);
    expect(json.fit.heldOut.prompts).toBe(120);
    expect(json.fit.heldOut.after.nll).toBeLessThan(json.fit.heldOut.before.nll);
    // Simulated at T = 2: the fitted T's interval holds it.
    expect(json.fit.interval.low < 2 && 2 < json.fit.interval.high).toBe(true);
    expect(r.stdout).toMatch(/^temperature \(Plackett–Luce NLL\): T = /);
    const refused = rmcal(["fit", join(dir, "wide.jsonl"), "--scores", "scores", "--best", "best", "--out", join(dir, "p.json"), "--method", "platt"]);
    expect(refused.status).toBe(2);
    expect(existsSync(join(dir, "p.json"))).toBe(false);
  });

  it("report writes a best-of-N section with the top-1 diagram and metrics before and after", () => {
    const out = join(dir, "report.html");
    const r = rmcal(["report", join(dir, "long.csv"), "--prompt", "prompt", "--score", "score", "--best", "chosen", "--out", out, "--resamples", "100"]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("<h2>Best-of-N: long.csv</h2>");
    expect(html).toContain("Top-1 reliability, held-out prompts");
    expect(html).toContain("chance accuracy");
    expect(html).not.toContain("<h3>Held-out metrics</h3>"); // no pair section for K-wise input
    expect(r.stdout).toMatch(/best-of-N temperature T = /);
  });
});
