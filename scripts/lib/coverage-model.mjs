// The simulation model of the coverage study (scripts/coverage-study.mjs) and its true metrics.
//
// Model: a pair's margin d ~ N(0, 2²) is the reward model's score difference, and the model predicts σ(d). The truth
// is an over-confident model plus a prompt effect: P(A ≻ B) = σ(d/1.5 + u), u ~ N(0, 0.8²), and the label is a
// Bernoulli draw from it. Clustered data hold 10 pairs per prompt sharing one u; independent data draw a fresh u
// for every pair. Both therefore sample the same population of (d, label): a pair's marginal law is the same, and
// only the dependence between pairs differs, so one set of true metrics is the target of both settings.
//
// Prompt effect "orientation" (above, the default) shifts P(A ≻ B) for every pair of a prompt, but whether that helps
// the model depends on which side the model favours, an independent coin per pair, so in the folded view the pairs of
// a prompt are almost uncorrelated. Prompt effect "difficulty" makes u the model's own ease on the prompt:
// P(A ≻ B) = σ(d/1.5 + sign(d)·u), so a prompt's pairs are right or wrong together. As u is symmetric and independent
// of d, a single pair's law, and so every true metric, is the same under both.
//
// The metrics are those of assess's defaults (docs/DESIGN.md §2.2, §3): the folded view, whose binned value is the
// confidence c = σ(|d|) and whose outcome is k = 1 when the model's side won, with 15 uniform bins on [0.5, 1].
// Because u is symmetric and independent of d, P(k = 1 | d) = q(|d|) with q(a) = E_u σ(a/1.5 + u), and every
// population metric is an integral over a = |d| (half-normal, scale 2):
//   accuracy = E q(a)            NLL = E[q·softplus(−a) + (1 − q)·softplus(a)]
//   Brier    = E[q·(1 − σ(a))² + (1 − q)·σ(a)²]
//   per bin b: W_b = P(c ∈ b), v̄_b = E[c | b], k̄_b = E[q | b]; ECE = Σ W_b·|v̄_b − k̄_b|, RMSCE = √(Σ W_b·(v̄_b − k̄_b)²)
// RMSCE is the population value that assess's debiased RMSCE (docs/DESIGN.md §3.3) estimates.
//
// This is study code, not library code: it uses JavaScript's Math.exp/log/cos, so its numbers may differ in the last
// bits between engines (the library's bit-identity rule, docs/DESIGN.md §2.7, is about rmcal's own results).
import { mulberry32 } from "./mulberry32.mjs";

export const MARGIN_SD = 2;
export const TRUE_SCALE = 1.5;
export const PROMPT_SD = 0.8;
export const PAIRS_PER_PROMPT = 10;
export const BINS = 15;

const sigmoid = (/** @type {number} */ x) => 1 / (1 + Math.exp(-x));
/** log(1 + e^x) without overflow. */
const softplus = (/** @type {number} */ x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/**
 * Nodes and weights of m-point Gauss–Legendre quadrature on [−1, 1] (Newton's method on the Legendre recurrence).
 * @param {number} m
 * @returns {{ nodes: number[], weights: number[] }}
 */
function gaussLegendre(m) {
  /** @type {number[]} */
  const nodes = [];
  /** @type {number[]} */
  const weights = [];
  for (let i = 0; i < m; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (m + 0.5));
    let derivative = 1;
    for (let step = 0; step < 100; step++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= m; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      derivative = (m * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * derivative * derivative));
  }
  return { nodes, weights };
}

/**
 * Composite Gauss–Legendre rule over [a, b] cut at the given breakpoints, each piece split into `panels` panels.
 * @param {number[]} breaks sorted points from a to b
 * @param {number} panels
 * @param {number} order
 * @returns {{ x: number[], w: number[], piece: number[] }} nodes, weights and the piece each node lies in
 */
function compositeRule(breaks, panels, order) {
  const { nodes, weights } = gaussLegendre(order);
  /** @type {number[]} */
  const x = [];
  /** @type {number[]} */
  const w = [];
  /** @type {number[]} */
  const piece = [];
  for (let p = 0; p + 1 < breaks.length; p++) {
    const h = (breaks[p + 1] - breaks[p]) / panels;
    for (let j = 0; j < panels; j++) {
      const mid = breaks[p] + (j + 0.5) * h;
      nodes.forEach((t, i) => { x.push(mid + (t * h) / 2); w.push((weights[i] * h) / 2); piece.push(p); });
    }
  }
  return { x, w, piece };
}

/**
 * The population metrics by deterministic quadrature: composite Gauss–Legendre (order 8) over a = |d| on [0, 9·2],
 * cut at the bins' edges so every piece is smooth, and over u on [−8·0.8, 8·0.8] for q(a). The truncated tails hold
 * less than 1e-14 of the mass. `panels` sets the resolution; the study compares two resolutions to state accuracy.
 * @param {number} panels panels per piece (over a: per bin; over u: in total)
 * @returns {{ truth: Record<string, number>, nodes: { a: number[], q: number[], weight: number[] } }}
 */
export function populationMetrics(panels) {
  const low = 0.5;
  const edges = Array.from({ length: BINS + 1 }, (_, i) => (i === BINS ? 1 : low + i * ((1 - low) / BINS)));
  const aMax = 9 * MARGIN_SD;
  // The a at which c = σ(a) crosses each inner edge, so the integrand is smooth on each piece.
  const breaks = [0, ...edges.slice(1, BINS).map((e) => Math.log(e / (1 - e))), aMax];
  const uRule = compositeRule([-8 * PROMPT_SD, 8 * PROMPT_SD], panels, 8);
  const uDensity = uRule.x.map((u, i) => (uRule.w[i] * Math.exp(-(u * u) / (2 * PROMPT_SD * PROMPT_SD))) / (PROMPT_SD * Math.sqrt(2 * Math.PI)));
  const aRule = compositeRule(breaks, panels, 8);
  const bin = Array.from({ length: BINS }, () => ({ w: 0, c: 0, k: 0 }));
  let nll = 0;
  let brier = 0;
  let accuracy = 0;
  let mass = 0;
  const nodes = { a: /** @type {number[]} */ ([]), q: /** @type {number[]} */ ([]), weight: /** @type {number[]} */ ([]) };
  aRule.x.forEach((a, i) => {
    // Half-normal density of |d| with scale MARGIN_SD.
    const f = (aRule.w[i] * 2 * Math.exp(-(a * a) / (2 * MARGIN_SD * MARGIN_SD))) / (MARGIN_SD * Math.sqrt(2 * Math.PI));
    let q = 0;
    uRule.x.forEach((u, j) => { q += uDensity[j] * sigmoid(a / TRUE_SCALE + u); });
    const c = sigmoid(a);
    mass += f;
    accuracy += f * q;
    nll += f * (q * softplus(-a) + (1 - q) * softplus(a));
    brier += f * (q * (1 - c) * (1 - c) + (1 - q) * c * c);
    const b = bin[aRule.piece[i]];
    b.w += f; b.c += f * c; b.k += f * q;
    nodes.a.push(a); nodes.q.push(q); nodes.weight.push(f);
  });
  let ece = 0;
  let squared = 0;
  for (const b of bin) {
    const gap = (b.c - b.k) / b.w;
    ece += (b.w / mass) * Math.abs(gap);
    squared += (b.w / mass) * gap * gap;
  }
  return { truth: { nll: nll / mass, brier: brier / mass, accuracy: accuracy / mass, ece, rmsce: Math.sqrt(squared), mass }, nodes };
}

/**
 * The seed of one simulated data set, from its size, setting and index alone (so it does not depend on how the
 * simulations are split among workers).
 * @param {number} n
 * @param {boolean} clustered
 * @param {number} sim
 * @returns {number}
 */
export function simulationSeed(n, clustered, sim) {
  let h = Math.imul(n ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(sim + 1, 0x85ebca6b) ^ (clustered ? 0xc2b2ae35 : 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Draws n pairs from the model: margins, Bernoulli labels and, when clustered, the prompt of each pair.
 * Normal draws by Box–Muller from mulberry32.
 * @param {number} n
 * @param {boolean} clustered 10 pairs per prompt share a prompt effect; otherwise each pair has its own
 * @param {number} seed
 * @param {"orientation" | "difficulty"} [promptEffect] how u enters (see the file's header); default "orientation"
 * @returns {{ margin: Float64Array, label: Float64Array, cluster: Int32Array | null }}
 */
export function simulatePairs(n, clustered, seed, promptEffect = "orientation") {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const margin = new Float64Array(n);
  const label = new Float64Array(n);
  const cluster = clustered ? new Int32Array(n) : null;
  let u = 0;
  for (let i = 0; i < n; i++) {
    if (!clustered || i % PAIRS_PER_PROMPT === 0) u = PROMPT_SD * normal();
    if (cluster) cluster[i] = Math.floor(i / PAIRS_PER_PROMPT);
    margin[i] = MARGIN_SD * normal();
    const shift = promptEffect === "difficulty" && margin[i] < 0 ? -u : u;
    label[i] = random() < sigmoid(margin[i] / TRUE_SCALE + shift) ? 1 : 0;
  }
  return { margin, label, cluster };
}
