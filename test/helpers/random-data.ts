// Random preference pairs and binary rows with the awkward cases the kernels must get right:
// tied margins (d = 0), zero weights, saturated probabilities (p = 0 and p = 1), values exactly on bin edges,
// and soft labels.
import { integer, normal, pick, type Random } from "./prng";

export interface RandomColumns {
  scoreA: number[];
  scoreB: number[];
  margin: number[];
  label: number[];
  weight: number[];
}

export interface PairDataOptions {
  /** Labels: "hard" 0/1, or "soft" (annotator shares and ties 0.5 mixed with 0/1). */
  labels?: "hard" | "soft";
  /** Whether to draw weights (some of them 0); otherwise all weights are 1. */
  weighted?: boolean;
}

/** One margin: mostly Normal·2, often an integer difference (ties!), sometimes huge (σ saturates to 0 or 1). */
function drawMargin(random: Random): number {
  const kind = random();
  if (kind < 0.2) return integer(random, 7) - 3; // integer ratings: d = 0 is common
  if (kind < 0.25) return pick(random, [-800, -40, 40, 800, 1e-300, -1e-300]);
  return 2 * normal(random);
}

/** Pairs drawn so that labels roughly follow σ(d), as a somewhat calibrated reward model would give. */
export function randomPairs(random: Random, n: number, options: PairDataOptions = {}): RandomColumns {
  const columns: RandomColumns = { scoreA: [], scoreB: [], margin: [], label: [], weight: [] };
  for (let i = 0; i < n; i++) {
    const d = drawMargin(random);
    // Scores are multiples of 1/64, so A − B is exact and every shape gives the same margins; a tiny margin
    // needs scoreB = 0 to survive the subtraction.
    const scoreB = Math.abs(d) < 1e-10 ? 0 : Math.round(normal(random) * 4 * 64) / 64;
    const scoreA = Math.abs(d) < 1e-10 ? d : scoreB + Math.round(d * 64) / 64;
    const margin = scoreA - scoreB;
    const p = 1 / (1 + Math.exp(-margin / 1.7));
    let label = random() < p ? 1 : 0;
    if (options.labels === "soft") {
      const kind = random();
      if (kind < 0.3) label = 0.5;
      else if (kind < 0.7) label = integer(random, 6) / 5; // share of 5 annotators
      else if (kind < 0.8) label = random();
    }
    const weight = options.weighted ? (random() < 0.15 ? 0 : pick(random, [1, 2, 0.5, random() * 3])) : 1;
    columns.scoreA.push(scoreA);
    columns.scoreB.push(scoreB);
    columns.margin.push(margin);
    columns.label.push(label);
    columns.weight.push(weight);
  }
  // The total weight must be positive (a zero total is an input error, tested elsewhere).
  if (!columns.weight.some((w) => w > 0)) columns.weight[0] = 1;
  return columns;
}

/** Probabilities with values exactly on the edges k/B and k·(1/B), at 0 and 1, and repeated values. */
export function randomProbabilities(random: Random, n: number, edgeBins: readonly number[] = [2, 3, 5, 10, 15]): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = random();
    const bins = pick(random, edgeBins);
    const k = integer(random, bins + 1);
    if (kind < 0.15) out.push(k / bins);
    else if (kind < 0.3) out.push(k * (1 / bins));
    else if (kind < 0.35) out.push(0.5 + k * (0.5 / bins));
    else if (kind < 0.42) out.push(pick(random, [0, 1]));
    else out.push(random());
  }
  return out;
}

/** Rows for the scikit-learn-shaped helpers (calibrationCurve, expectedCalibrationError, brierScore, logLoss). */
export interface BinaryRows {
  yTrue: ArrayLike<number>;
  yProb: ArrayLike<number>;
  sampleWeight?: ArrayLike<number>;
}

/**
 * Random (label, probability, weight) rows: probabilities on bin edges, at 0 and 1, hard or soft labels, zero
 * weights, plain or typed arrays (Uint8Array labels, Float32Array weights).
 */
export function randomBinaryRows(random: Random): BinaryRows {
  const n = pick(random, [1, 2, 5, 40, 300, 2000]);
  const yProb = randomProbabilities(random, n);
  const soft = random() < 0.4;
  const yTrue = yProb.map((p) => (soft ? integer(random, 5) / 4 : random() < p ? 1 : 0));
  const weighted = random() < 0.5;
  const weights = yProb.map(() => (random() < 0.2 ? 0 : pick(random, [1, 3, random() * 2])));
  if (!weights.some((w) => w > 0)) weights[0] = 1;
  const container = pick(random, ["array", "typed"]);
  return container === "array"
    ? { yTrue, yProb, ...(weighted ? { sampleWeight: weights } : {}) }
    : {
        yTrue: soft ? Float64Array.from(yTrue) : Uint8Array.from(yTrue),
        yProb: Float64Array.from(yProb),
        ...(weighted ? { sampleWeight: Float32Array.from(weights) } : {}),
      };
}
