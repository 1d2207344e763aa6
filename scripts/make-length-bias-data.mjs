// Regenerates test/data/simulated_length_bias.csv: a simulated reward model that is overconfident and rewards length,
// while the labels ignore length. Deterministic (seeded); run `node scripts/make-length-bias-data.mjs`. The file is
// committed, so the JavaScript Math.exp/log used here never affects a test's results.
import { writeFileSync } from "node:fs";
import { mulberry32 } from "./lib/mulberry32.mjs";

const random = mulberry32(20261203);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const sigmoid = (/** @type {number} */ x) => 1 / (1 + Math.exp(-x));

const lines = ["pair_id,score_a,score_b,label,len_a,len_b"];
for (let id = 0; id < 1500; id++) {
  // Quality q decides the label through σ(1.5·(q_A − q_B)); length (tokens) does not enter it.
  const [qa, qb] = [normal(), normal()];
  const label = random() < sigmoid(1.5 * (qa - qb)) ? 1 : 0;
  const [la, lb] = [Math.max(20, Math.round(250 + 120 * normal())), Math.max(20, Math.round(250 + 120 * normal()))];
  // The RM doubles the quality signal (overconfident) and adds 0.012 per token of length.
  const score = (/** @type {number} */ q, /** @type {number} */ len) => 3 * q + 0.012 * len + 0.5 * normal();
  lines.push(`${id},${score(qa, la).toFixed(4)},${score(qb, lb).toFixed(4)},${label},${la},${lb}`);
}
writeFileSync(new URL("../test/data/simulated_length_bias.csv", import.meta.url), lines.join("\n") + "\n");
console.log(`wrote ${lines.length - 1} pairs to test/data/simulated_length_bias.csv`);
