// Writes test/golden/inputs.json: the fixed pair sets every runtime must turn into the same golden.json.
// Run once (node scripts/golden/make-inputs.mjs); the output is committed, so the tests never regenerate it.
//   - llmbar/<evaluator>/<strategy>: the real LLMBar judge ratings shipped in examples/data (integer scores, many
//     ties; ChatGPT is at chance, GPT-4 informative). margin = score_1 − score_2, label = 1 if gold_label is 1.
//   - simulated: seeded scores on a 0.5 grid (exact ties), soft labels from 1–5 annotators, weights including 0.
//   - extremes: margins at the edges of float64 (−0, subnormal, ±745, ±1e300) where a sloppy exp/log would differ.
//   - binary: (yTrue, yProb, sampleWeight) for the scikit-learn-shaped helpers.
import { readFileSync, writeFileSync } from "node:fs";
import { mulberry32 } from "../lib/mulberry32.mjs"; // seeded, so the simulated set can be regenerated exactly

const root = new URL("../../", import.meta.url);

function llmbarSets() {
  const [header, ...lines] = readFileSync(new URL("examples/data/llmbar_rating_pairs.csv", root), "utf8").trim().split("\n");
  const col = Object.fromEntries(header.split(",").map((name, i) => [name, i]));
  const byModel = new Map();
  for (const line of lines) {
    const f = line.split(",");
    const name = `llmbar/${f[col.evaluator]}/${f[col.strategy]}`;
    if (!byModel.has(name)) byModel.set(name, { scoreA: [], scoreB: [], label: [] });
    const set = byModel.get(name);
    set.scoreA.push(Number(f[col.score_1]));
    set.scoreB.push(Number(f[col.score_2]));
    set.label.push(f[col.gold_label] === "1" ? 1 : 0);
  }
  return [...byModel].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, pairs]) => ({ name, pairs }));
}

/** @param {number} n @param {number} seed */
function simulatedSet(n, seed) {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const scoreA = [], scoreB = [], label = [], weight = [];
  const weights = [0, 0.5, 1, 1, 1, 2, 3.25];
  for (let i = 0; i < n; i++) {
    const qualityA = normal(), qualityB = normal();
    // A 0.5 grid makes exact ties (d = 0) common, as with integer judge ratings; the scorer is overconfident ×3.
    scoreA.push(Math.round(6 * (qualityA + 0.3 * normal())) / 2);
    scoreB.push(Math.round(6 * (qualityB + 0.3 * normal())) / 2);
    const annotators = 1 + Math.floor(random() * 5);
    const pA = 1 / (1 + Math.exp(-(qualityA - qualityB)));
    let agree = 0;
    for (let k = 0; k < annotators; k++) if (random() < pA) agree++;
    label.push(agree / annotators);
    weight.push(weights[Math.floor(random() * weights.length)]);
  }
  return { name: "simulated", pairs: { scoreA, scoreB, label, weight } };
}

function extremesSet() {
  const margin = [0, -0, 5e-324, -5e-324, 1e-300, 1e-8, -1e-8, 0.5, -0.5, 1, -1, 2.5, 17, -17, 36.7, -36.7,
    40, -40, 709.7, -709.7, 745.2, -745.2, 1e6, -1e6, 1e300, -1e300];
  const labels = [1, 0, 0.5, 0.3];
  return { name: "extremes", pairs: { margin, label: margin.map((_, i) => labels[i % labels.length]) } };
}

/** @param {number} n @param {number} seed */
function binarySet(n, seed) {
  const random = mulberry32(seed);
  const yTrue = [], yProb = [], sampleWeight = [];
  for (let i = 0; i < n; i++) {
    // Probabilities on a 1/200 grid hit bin edges exactly, where sklearn's right-closed rule matters.
    const p = Math.floor(random() * 201) / 200;
    yProb.push(p);
    yTrue.push(random() < p * p ? 1 : 0);
    sampleWeight.push(1 + Math.floor(random() * 4) / 2);
  }
  return { yTrue, yProb, sampleWeight };
}

const inputs = {
  about: "Fixed inputs for test/golden/golden.json; made by scripts/golden/make-inputs.mjs (see its header).",
  pairSets: [...llmbarSets(), simulatedSet(1500, 20250105), extremesSet()],
  binary: binarySet(1000, 7),
};
writeFileSync(new URL("test/golden/inputs.json", root), `${JSON.stringify(inputs)}\n`);
console.log(`wrote test/golden/inputs.json: ${inputs.pairSets.map((s) => s.name).join(", ")}`);
