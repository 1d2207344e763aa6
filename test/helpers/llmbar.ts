// LLMBar rating pairs (examples/data/llmbar_rating_pairs.csv) as the data README describes them:
// margin = score_1 − score_2, label = 1 when gold_label is 1, grouped by subset.
import { readFileSync } from "node:fs";

export function loadLlmbar() {
  const lines = readFileSync(new URL("../../examples/data/llmbar_rating_pairs.csv", import.meta.url), "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i], v])));
  return {
    margin: rows.map((r) => Number(r.score_1) - Number(r.score_2)),
    label: rows.map((r) => (r.gold_label === "1" ? 1 : 0)),
    subset: rows.map((r) => r.subset),
    evaluator: rows.map((r) => r.evaluator),
  };
}
