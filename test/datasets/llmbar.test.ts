// assess on real judge ratings: LLMBar (princeton-nlp/LLMBar, MIT; examples/data/README.md), GPT-4 evaluator,
// strategy exactly "Rating". margin d = score_1 − score_2, label = 1 if gold_label is 1, else 0.
// Expected values: scripts/reference/llmbar.py (numpy 1.24 / scipy 1.10; run: /usr/bin/python3 scripts/reference/llmbar.py),
// committed in test/reference-values/llmbar_gpt4_rating.json.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess } from "rmcal";
import { referenceAssess } from "../reference/assess";
import { expectClose } from "../helpers/compare";

const expected = JSON.parse(readFileSync(new URL("../reference-values/llmbar_gpt4_rating.json", import.meta.url), "utf8"));
const text = readFileSync(new URL("../../examples/data/llmbar_rating_pairs.csv", import.meta.url), "utf8");

/** The file has no quoted fields (checked below), so splitting on commas is the whole parser. */
function parseCsv(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split("\n");
  const names = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [names[i], value])));
}

beforeAll(async () => {
  await init();
});

describe("assess on LLMBar judge ratings (GPT-4, Rating)", () => {
  const rows = parseCsv(text).filter((r) => r.evaluator === "GPT-4" && r.strategy === "Rating");
  const margin = rows.map((r) => Number(r.score_1) - Number(r.score_2));
  const label = rows.map((r) => (r.gold_label === "1" ? 1 : 0));

  it("the CSV is plain: no quotes, seven fields on every line", () => {
    expect(text).not.toContain('"');
    for (const line of text.trim().split("\n")) expect(line.split(",")).toHaveLength(7);
  });

  it("selects the 417 pairs of strategy exactly 'Rating' (not Rating_NoRules, Rating_Metrics, …), with ties", () => {
    expect(rows.length).toBe(expected.n);
    expect(margin.filter((d) => d === 0).length).toBe(expected.ties);
  });

  it("assess({margin, label}) reports accuracy (ties ½), ECE (folded, 15 uniform bins) and NLL at T = 1 as numpy does", () => {
    const report = assess({ margin, label }, { bins: 15, binning: "uniform", view: "folded", temperature: 1 });
    expect(report.n).toBe(417);
    expectClose(report.accuracy, expected.accuracy, 1e-12, "accuracy");
    expectClose(report.ece, expected.ece, 1e-12, "ece");
    expectClose(report.nll, expected.nll, 1e-12, "nll");
    expectClose(report.brier, expected.brier, 1e-12, "brier");
    expectClose(report, referenceAssess({ margin, label }), 1e-12, "reference");
    // For the reader, the committed values are: accuracy 0.8405, ECE 0.0489, NLL 0.4748 (417 pairs, 67 ties).
  });
});
