// Regenerates examples/data/simulated_overconfident_rm.csv: a simulated reward model that ranks well but is
// overconfident, with three slices that differ. Deterministic (seeded); run `node scripts/make-example-data.mjs`.
// The file is committed, so the JavaScript Math.exp/log used here never affects a user's results.
import { writeFileSync } from "node:fs";
import { mulberry32 } from "./lib/mulberry32.mjs"; // seeded, so the file is the same on every run

const random = mulberry32(20240601);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const sigmoid = (/** @type {number} */ x) => 1 / (1 + Math.exp(-x));

// Per slice: how many pairs, the spread of true preference strengths, and how much the RM inflates them.
const SLICES = [
  { subset: "chat", n: 2400, spread: 1.2, overconfidence: 3.0 },
  { subset: "code", n: 1800, spread: 1.6, overconfidence: 2.0 },
  { subset: "safety", n: 1800, spread: 1.0, overconfidence: 4.5 },
];

const lines = ["pair_id,subset,score_a,score_b,label"];
let id = 0;
for (const { subset, n, spread, overconfidence } of SLICES) {
  for (let i = 0; i < n; i++) {
    // z: the true log-odds that A is preferred; the label is drawn from it.
    const z = spread * normal();
    const label = random() < sigmoid(z) ? 1 : 0;
    // The RM sees z with noise and scales it up: its margin d ≈ overconfidence·z.
    const base = normal();
    const d = overconfidence * (z + 0.3 * normal());
    lines.push(`${id++},${subset},${(base + d / 2).toFixed(4)},${(base - d / 2).toFixed(4)},${label}`);
  }
}
writeFileSync(new URL("../examples/data/simulated_overconfident_rm.csv", import.meta.url), lines.join("\n") + "\n");
console.log(`wrote ${lines.length - 1} pairs`);

// examples/data/simulated_best_of_4.jsonl (docs/DESIGN.md §5.12): 1,000 prompts of 4 responses, RewardBench 2's
// shape. Each response has a true quality q; the chosen one is drawn from softmax(q) (Gumbel-max), and the reward
// model reports 2.5·q + noise, so it picks the right one well above chance (¼) but is overconfident: T ≈ 2.5.
// Drawn after the pairs above from the same stream, so that file is unchanged.
const prompts = [];
for (let i = 0; i < 1000; i++) {
  const quality = Array.from({ length: 4 }, () => normal());
  const keys = quality.map((q) => q - Math.log(-Math.log(1 - random())));
  const best = keys.indexOf(Math.max(...keys));
  const scores = quality.map((q) => Number((2.5 * q + 0.3 * normal()).toFixed(4)));
  prompts.push(JSON.stringify({ prompt_id: `p${i}`, scores, best }));
}
writeFileSync(new URL("../examples/data/simulated_best_of_4.jsonl", import.meta.url), prompts.join("\n") + "\n");
console.log(`wrote ${prompts.length} best-of-4 prompts`);
