// LLMBar rating pairs (examples/data/llmbar_rating_pairs.csv) as the data README describes them:
// margin = score_1 − score_2, label = 1 when gold_label is 1, grouped by subset.
import { readCsv } from "./read-csv";

export function loadLlmbar() {
  const rows = readCsv("examples/data/llmbar_rating_pairs.csv");
  return {
    margin: rows.map((r) => Number(r.score_1) - Number(r.score_2)),
    label: rows.map((r) => (r.gold_label === "1" ? 1 : 0)),
    subset: rows.map((r) => r.subset),
    evaluator: rows.map((r) => r.evaluator),
  };
}
