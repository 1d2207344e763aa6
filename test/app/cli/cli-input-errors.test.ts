// A user must be able to open a bad file at the bad spot: a malformed line 1,234 of a 10,000-line file gives an
// error naming line 1234 and exit code 2; --skip-invalid instead skips it and says so. Other invalid values name the
// file, the line and the field.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { rmcalAsync, tempFolder } from "../../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);

/** 10,000 JSONL lines of chosen/rejected scores; line `bad` (1-based) replaced by `text`. */
function jsonlWith(bad: number, text: string): string {
  const lines: string[] = [];
  for (let line = 1; line <= 10_000; line++) {
    lines.push(line === bad ? text : JSON.stringify({ chosen: (line % 7) / 3, rejected: (line % 5) / 4 }));
  }
  return lines.join("\n") + "\n";
}

beforeAll(() => {
  writeFileSync(file("broken.jsonl"), jsonlWith(1234, '{"chosen": 0.3, "rejected": '));
  writeFileSync(file("text-score.jsonl"), jsonlWith(1234, '{"chosen": "high", "rejected": 0.1}'));
  const csv = ["score_a,score_b,label"];
  for (let i = 2; i <= 10_000; i++) csv.push(i === 1234 ? "0.5,0.1,2" : `${i % 3},${i % 4},${i % 2}`);
  writeFileSync(file("label.csv"), csv.join("\n") + "\n");
  writeFileSync(file("short.csv"), "score_a,score_b,label\n1,2,1\n3,4\n5,6,0\n");
  writeFileSync(file("pairs.txt"), "a b\n");
  writeFileSync(file("weights.csv"), "chosen,rejected,weight\n1,0,1\n2,0,1e200\n3,0,-1\n");
});
afterAll(cleanup);

describe("rmcal on invalid input", () => {
  it("names line 1234 of a 10,000-line JSONL file with a malformed line, and exits 2", async () => {
    const r = await rmcalAsync(["assess", file("broken.jsonl")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file("broken.jsonl")}, line 1234: not valid JSON`);
    expect(r.stdout).toBe("");
  });

  it("--skip-invalid skips the line, reports the count and its line number, and assesses the other 9,999 pairs", async () => {
    const r = await rmcalAsync(["assess", file("broken.jsonl"), "--skip-invalid", "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("skipped 1 invalid row (line 1234)");
    expect(JSON.parse(r.stdout).n).toBe(9999);
  });

  it("names the line and field of a non-numeric score, of a label outside [0, 1], and of a short CSV row", async () => {
    const [text, label, short, format] = await Promise.all([
      rmcalAsync(["assess", file("text-score.jsonl")]),
      rmcalAsync(["assess", file("label.csv")]),
      rmcalAsync(["assess", file("short.csv")]),
      rmcalAsync(["assess", file("pairs.txt")]),
    ]);
    expect(text.status).toBe(2);
    expect(text.stderr).toContain(`line 1234, field "chosen": is "high"; it must be a number`);
    expect(label.status).toBe(2);
    expect(label.stderr).toContain(`line 1234, field "label": is 2; labels must lie in [0, 1]`);
    expect(short.status).toBe(2);
    expect(short.stderr).toContain("line 3: has 2 fields but the header has 3");
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("unknown format");
  });

  it("--label-map recodes labels (LLMBar's gold_label 1/2), and an unmapped value names line and field", async () => {
    const [mapped, unmapped] = await Promise.all([
      rmcalAsync(["assess", file("label.csv"), "--label-map", "0=0,1=1,2=0.5", "--json"]),
      rmcalAsync(["assess", file("label.csv"), "--label-map", "0=0,1=1"]),
    ]);
    expect(mapped.status).toBe(0);
    expect(JSON.parse(mapped.stdout).n).toBe(9999);
    expect(unmapped.status).toBe(2);
    expect(unmapped.stderr).toContain(`line 1234, field "label": is "2", which --label-map does not list`);
  });

  it("refuses weights by the library's rule (≥ 0, non-zero in [1e-100, 1e100]), naming line and field, for assess and fit alike", async () => {
    const [assessed, fitted, skipped] = await Promise.all([
      rmcalAsync(["assess", file("weights.csv"), "--weight", "weight"]),
      rmcalAsync(["fit", file("weights.csv"), "--weight", "weight", "--method", "temperature", "--out", file("never.json")]),
      rmcalAsync(["assess", file("weights.csv"), "--weight", "weight", "--skip-invalid", "--json"]),
    ]);
    const bounds = `line 3, field "weight": is 1e+200; non-zero weights must lie in [1e-100, 1e100] (rescale them: only their ratios matter)`;
    expect(assessed.status).toBe(2);
    expect(assessed.stderr).toContain(bounds);
    expect(fitted.status).toBe(2);
    expect(fitted.stderr).toContain(bounds);
    expect(skipped.status).toBe(0);
    expect(JSON.parse(skipped.stdout).n).toBe(1);
    expect(skipped.stderr).toContain("skipped 2 invalid rows (lines 3, 4)");
  });
});
