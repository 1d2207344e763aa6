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

/**
 * The three-outcome LLMBar set (examples/data/llmbar_tie_outcomes.csv, built by scripts/make-llmbar-ties.mjs): GPT-4
 * "Rating" margins against the verdict of another GPT-4 strategy, 0.5 where that strategy rated both outputs equal.
 */
export function loadLlmbarTieOutcomes(verdictStrategy: string) {
  const rows = readCsv("examples/data/llmbar_tie_outcomes.csv").filter((r) => r.verdict_strategy === verdictStrategy);
  return { margin: rows.map((r) => Number(r.score_1) - Number(r.score_2)), label: rows.map((r) => Number(r.outcome)) };
}
