// Real data for the calibrator tests, read from the CSV files committed in the repository.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(root + path, "utf8").trim().split(/\r?\n/);
  const names = header.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(names.map((name, i) => [name, cells[i]]));
  });
}

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
