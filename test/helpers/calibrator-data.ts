// Data for the calibrator tests: real data read from the CSV files committed in the repository, and seeded
// simulated pairs.
import { mulberry32 } from "./prng";
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

/** Simulated soft-labelled pairs: margins ~ N(0, 2²)-ish, labels σ(d/2) shares of 4 annotators. */
export function simulatedSoftPairs(n: number, seed: number) {
  const random = mulberry32(seed);
  const margin = new Float64Array(n), label = new Float64Array(n), weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = Math.round((random() + random() + random() - 1.5) * 40) / 10;
    const p = 1 / (1 + Math.exp(-margin[i] / 2));
    let votes = 0;
    for (let k = 0; k < 4; k++) votes += random() < p ? 1 : 0;
    label[i] = votes / 4;
    weight[i] = random() < 0.1 ? 0 : 0.5 + random();
  }
  return { margin, label, weight };
}
