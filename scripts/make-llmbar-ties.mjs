// Builds examples/data/llmbar_tie_outcomes.csv, a real three-outcome set (docs/DESIGN.md §5.10): the margins of one
// LLMBar judging strategy set against another strategy's own verdict on the same instance, which is a tie when
// that strategy gave both outputs the same rating. Run `node scripts/make-llmbar-ties.mjs`; it only joins and
// compares integers, so the file is the same on every run.
//
// - Scorer: GPT-4 with the "Rating" strategy, margin = score_1 − score_2 (integer ratings 0–10).
// - Verdict: GPT-4 with another strategy (Rating_NoRules, Rating_Reference, Rating_Metrics, Rating_Metrics_Reference)
//   on the same instance (subset, instance_idx): outcome 1 when it rated output 1 higher, 0 when lower, 0.5 when it
//   rated them equal. The gold label is not used: the outcome is the second judge's, ties included.
// - Rows whose instance is missing from either strategy are left out (GPT-4 Rating has 417 of the 419 instances).
import { readFileSync, writeFileSync } from "node:fs";

const SOURCE = "examples/data/llmbar_rating_pairs.csv";
const OUT = "examples/data/llmbar_tie_outcomes.csv";
const SCORER = "Rating";
const VERDICTS = ["Rating_NoRules", "Rating_Reference", "Rating_Metrics", "Rating_Metrics_Reference"];

const [header, ...lines] = readFileSync(SOURCE, "utf8").trim().split("\n");
if (header !== "subset,evaluator,strategy,instance_idx,score_1,score_2,gold_label") throw new Error(`unexpected header in ${SOURCE}: ${header}`);
/** @type {Map<string, Map<string, [number, number]>>} strategy → "subset,instance" → ratings */
const byStrategy = new Map();
/** @param {string} strategy */
const ratingsOf = (strategy) => {
  const ratings = byStrategy.get(strategy);
  if (!ratings) throw new Error(`${SOURCE} has no GPT-4 rows of strategy ${strategy}`);
  return ratings;
};
for (const line of lines) {
  const [subset, evaluator, strategy, instance, s1, s2] = line.split(",");
  if (evaluator !== "GPT-4") continue;
  const ratings = byStrategy.get(strategy) ?? new Map();
  byStrategy.set(strategy, ratings);
  ratings.set(`${subset},${instance}`, [Number(s1), Number(s2)]);
}
const out = ["subset,instance_idx,margin_strategy,verdict_strategy,score_1,score_2,verdict_score_1,verdict_score_2,outcome"];
const counts = [];
for (const verdict of VERDICTS) {
  let n = 0, ties = 0;
  for (const [key, [a, b]] of ratingsOf(SCORER)) {
    const other = ratingsOf(verdict).get(key);
    if (!other) continue;
    const outcome = other[0] > other[1] ? 1 : other[0] < other[1] ? 0 : 0.5;
    out.push(`${key},${SCORER},${verdict},${a},${b},${other[0]},${other[1]},${outcome}`);
    n++;
    if (outcome === 0.5) ties++;
  }
  counts.push(`${verdict}: ${n} pairs, ${ties} ties`);
}
writeFileSync(OUT, out.join("\n") + "\n");
console.log(`wrote ${OUT} (${out.length - 1} rows; ${counts.join("; ")})`);
