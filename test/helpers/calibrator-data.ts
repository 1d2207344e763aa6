// Real data for the calibrator tests, read from the CSV files committed in the repository.
import { readCsv } from "./read-csv";

/** IMDB cross-validated sentiment logits as margin pairs (oriented: margin = logit_1_vs_0, label = label). */
export function imdbPairs(): { margin: Float64Array; label: Float64Array } {
  const rows = readCsv("test/data/imdb_test_binary.csv");
  return {
    margin: Float64Array.from(rows, (r) => Number(r.logit_1_vs_0)),
    label: Float64Array.from(rows, (r) => Number(r.label)),
  };
}

/** LLMBar judge ratings of one evaluator as scored pairs: A = output 1, label = 1 when output 1 is gold. */
export function llmbarPairs(evaluator: string): { scoreA: Float64Array; scoreB: Float64Array; label: Float64Array } {
  const rows = readCsv("examples/data/llmbar_rating_pairs.csv").filter((r) => r.evaluator === evaluator);
  return {
    scoreA: Float64Array.from(rows, (r) => Number(r.score_1)),
    scoreB: Float64Array.from(rows, (r) => Number(r.score_2)),
    label: Float64Array.from(rows, (r) => (r.gold_label === "1" ? 1 : 0)),
  };
}
