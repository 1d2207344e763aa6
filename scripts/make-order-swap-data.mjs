// Regenerates examples/data/simulated_judge_both_orders.csv: a simulated LLM judge that scores every pair twice,
// once in each order, and adds a bonus to whichever response it is shown first (a position bias; docs/DESIGN.md
// §7.5). Deterministic (seeded); run `node scripts/make-order-swap-data.mjs`. The file is committed, so the
// JavaScript Math.exp/log used here never affects a user's results.
import { writeFileSync } from "node:fs";
import { mulberry32 } from "./lib/mulberry32.mjs";

const random = mulberry32(20261203);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const sigmoid = (/** @type {number} */ x) => 1 / (1 + Math.exp(-x));

const PAIRS = 1500;
/** The judge's score scale (overconfidence) and the bonus it gives the first-shown response, in score units. */
const SCALE = 2.5, FIRST_BONUS = 0.8;

const lines = ["pair_id,order,score_first,score_second,label"];
for (let id = 0; id < PAIRS; id++) {
  // z: the true log-odds that response X beats response Y; the human label is drawn once per pair.
  const z = 1.2 * normal();
  const xWins = random() < sigmoid(z) ? 1 : 0;
  // The judge's view of each response: its true quality with noise that differs between the two readings.
  const qx = z / 2, qy = -z / 2;
  for (const order of ["xy", "yx"]) {
    const [first, second] = order === "xy" ? [qx, qy] : [qy, qx];
    const base = normal();
    const scoreFirst = base + SCALE * (first + 0.3 * normal()) + FIRST_BONUS;
    const scoreSecond = base + SCALE * (second + 0.3 * normal());
    const label = order === "xy" ? xWins : 1 - xWins;
    lines.push(`${id},${order},${scoreFirst.toFixed(4)},${scoreSecond.toFixed(4)},${label}`);
  }
}
writeFileSync("examples/data/simulated_judge_both_orders.csv", lines.join("\n") + "\n");
console.log(`wrote examples/data/simulated_judge_both_orders.csv (${lines.length - 1} rows)`);
