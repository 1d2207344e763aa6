// Passes over K-wise choices for best-of-N and ranking data (docs/DESIGN.md §5.12). A prompt's scores are stored in
// rank order: the chosen response first (best-of-N), or the whole ranking best first. With d_j = s_0 − s_j, the
// chosen response's softmax probability at inverse temperature a is 1 / Σ_j e^(−a·d_j), so every stage of a
// ranking is one softmax choice among the responses not yet placed (Plackett–Luce).
// see: Plackett, "The Analysis of Permutations", Applied Statistics 24 (1975); Luce, "Individual Choice Behavior" (1959)
import { expNegAbs, crossEntropyFrom } from "./logistic";
import { loadOrOne } from "./optional-column";

/** The predicted winner of the scores findTop last read (AssemblyScript returns one value; these are the rest). */
let topScore = 0.0, topTies = 0, topAt = 0;

/**
 * The predicted winner of the k scores at first: the highest score, how many share it, and the first index holding
 * it, into topScore, topTies and topAt. O(k).
 */
// @ts-ignore: decorator
@inline function findTop(first: usize, k: i32): void {
  let best = load<f64>(first), ties = 1, top = 0;
  for (let j = 1; j < k; j++) {
    const s = load<f64>(first + (<usize>j << 3));
    if (s > best) {
      best = s;
      ties = 1;
      top = j;
    } else if (s == best) ties++;
  }
  topScore = best;
  topTies = ties;
  topAt = top;
}

/**
 * The stages of prompt i: one (the chosen response against all others) for best-of-N data, K − 1 for a full
 * ranking (stage t chooses s_t among s_t … s_{K−1}).
 */
// @ts-ignore: decorator
@inline function stageCount(k: i32, ranked: bool): i32 {
  return ranked ? k - 1 : 1;
}

/**
 * One Newton pass at inverse temperature a, as temperatureDerivatives (assembly/temperature.ts) does for pairs:
 * out = [Σw, Σw·∂ℓ/∂a, Σw·∂²ℓ/∂a²] over prompts 0, stride, 2·stride, … With ℓ(a) = log Σ_j e^(−a·d_j) per stage,
 *   ∂ℓ/∂a = −Σ_j p_j·d_j = −μ,   ∂²ℓ/∂a² = Σ_j p_j·(d_j − μ)²,   p_j = softmax(−a·d)_j.
 * A prompt of two responses takes the pairwise pass's arithmetic, operation for operation, so K = 2 data give the
 * bits of the pairs (chosen, rejected) (docs/DESIGN.md §5.12). offsets holds n + 1 int32 starts; weights == 0
 * means every weight is 1; scratch holds room for the largest K float64 terms.
 */
export function choiceDerivatives(
  offsets: usize, scores: usize, weights: usize, n: i32, ranked: bool, stride: i32, a: f64, scratch: usize, out: usize,
): void {
  let sumW = 0.0, gradient = 0.0, curvature = 0.0;
  // Invariant: the three sums cover the sampled prompts before i, in prompt order.
  for (let i = 0; i < n; i += stride) {
    const start = load<i32>(offsets + (<usize>i << 2));
    const k = load<i32>(offsets + (<usize>(i + 1) << 2)) - start;
    const w = loadOrOne(weights, <usize>i << 3);
    const first = scores + (<usize>start << 3);
    sumW += w;
    if (k == 2) {
      // temperatureDerivatives with y = 1, verbatim.
      const d = load<f64>(first) - load<f64>(first + 8);
      const z = a * d;
      const e = expNegAbs(z);
      const q = 1.0 / (1.0 + e);
      const p = select<f64>(q, e * q, z >= 0);
      if (p != 1.0) {
        const wd = w * d;
        gradient += isFinite(wd) ? wd * (p - 1.0) : w * (d * (p - 1.0));
      }
      if (e != 0) curvature += w * (d * d) * (e * q * q);
      continue;
    }
    let g = 0.0, h = 0.0;
    const stages = stageCount(k, ranked);
    // Invariant: g and h hold the derivatives of the stages before t.
    for (let t = 0; t < stages; t++) {
      const at = first + (<usize>t << 3);
      const m = k - t;
      const s0 = load<f64>(at);
      // The largest exponent −a·d_j (0 for the chosen response) shifts the sum so that no term overflows.
      let top = 0.0;
      for (let j = 1; j < m; j++) top = max(top, -a * (s0 - load<f64>(at + (<usize>j << 3))));
      // Each term e^(u_j − top) is kept in scratch, so the spread's second pass needs no exp of its own.
      let total = 0.0, mean = 0.0;
      for (let j = 0; j < m; j++) {
        const d = s0 - load<f64>(at + (<usize>j << 3));
        const u = -a * d;
        const e = u == top ? 1.0 : Math.exp(u - top);
        store<f64>(scratch + (<usize>j << 3), e);
        total += e;
        if (e != 0) mean += e * d;
      }
      mean /= total;
      let spread = 0.0;
      for (let j = 0; j < m; j++) {
        const e = load<f64>(scratch + (<usize>j << 3));
        const c = (s0 - load<f64>(at + (<usize>j << 3))) - mean;
        if (e != 0) spread += e * (c * c);
      }
      g -= mean;
      h += spread / total;
    }
    if (g != 0) gradient += w * g;
    if (h != 0) curvature += w * h;
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, gradient);
  store<f64>(out + 16, curvature);
}

/**
 * Per prompt at temperature T (z = d/T, a division as for pairs): the predicted winner's probability
 * max_j softmax(s/T)_j, the chosen response's share of the top (1 when it alone scores highest, 1/c when c
 * responses tie there, 0 otherwise), and the NLL (of the first stage for best-of-N data, of every stage for a
 * ranking). At K = 2 these are the pairwise folded confidence σ(|d|/T), correctness and NLL, bit for bit.
 * totals = [Σw, Σw·nll, Σw·correct] in prompt order, summed as temperatureNll sums pairs; weights == 0: all ones.
 */
export function choiceTerms(
  offsets: usize, scores: usize, weights: usize, n: i32, ranked: bool, temperature: f64,
  confidence: usize, correct: usize, nll: usize, totals: usize,
): void {
  let sumW = 0.0, sumNll = 0.0, sumCorrect = 0.0;
  // Invariant: the three outputs hold the terms of prompts [0, i), and the sums their weighted totals.
  for (let i = 0; i < n; i++) {
    termsOfPrompt(offsets, scores, i, ranked, temperature, confidence, correct, nll);
    const offset = <usize>i << 3;
    const w = loadOrOne(weights, offset);
    sumW += w;
    // temperatureNll's sums: a zero weight adds no loss (0·∞ would be NaN); 1·x is x exactly.
    if (w != 0) sumNll += w * load<f64>(nll + offset);
    sumCorrect += w * load<f64>(correct + offset);
  }
  store<f64>(totals, sumW);
  store<f64>(totals + 8, sumNll);
  store<f64>(totals + 16, sumCorrect);
}

/** choiceTerms' three outputs for prompt i. */
// @ts-ignore: decorator
@inline function termsOfPrompt(
  offsets: usize, scores: usize, i: i32, ranked: bool, temperature: f64, confidence: usize, correct: usize, nll: usize,
): void {
  const start = load<i32>(offsets + (<usize>i << 2));
  const k = load<i32>(offsets + (<usize>(i + 1) << 2)) - start;
  const first = scores + (<usize>start << 3);
  const offset = <usize>i << 3;
  if (k == 2) {
    // accumulatePairs' folded value and temperatureNll's loss with y = 1.
    const d = load<f64>(first) - load<f64>(first + 8);
    const z = d / temperature;
    const e = expNegAbs(z);
    store<f64>(confidence + offset, 1.0 / (1.0 + e));
    store<f64>(correct + offset, select<f64>(1.0, select<f64>(0.0, 0.5, d < 0), d > 0));
    store<f64>(nll + offset, crossEntropyFrom(z, e, 1.0));
    return;
  }
  const s0 = load<f64>(first);
  findTop(first, k);
  const best = topScore, ties = topTies, topIndex = topAt;
  // One sum serves both: rest = Σ_{j ≠ top} e^(−(b − s_j)/T). The top-1 probability is 1/(1 + rest), and the
  // chosen response's NLL is (b − s_0)/T + log1p(rest), the log-sum-exp shifted by its largest term.
  let rest = 0.0;
  for (let j = 0; j < k; j++) {
    if (j == topIndex) continue;
    rest += Math.exp(-((best - load<f64>(first + (<usize>j << 3))) / temperature));
  }
  store<f64>(confidence + offset, 1.0 / (1.0 + rest));
  store<f64>(correct + offset, s0 == best ? 1.0 / <f64>ties : 0.0);
  let loss = (best - s0) / temperature + Math.log1p(rest);
  const stages = stageCount(k, ranked);
  for (let t = 1; t < stages; t++) loss += stageNll(first + (<usize>t << 3), k - t, temperature);
  store<f64>(nll + offset, loss);
}

/**
 * −log softmax(s/T)_0 over the m scores at `at` = log Σ_j e^(u_j), u_j = −(s_0 − s_j)/T, computed as
 * top + log1p(Σ of the other shifted terms) with top = max_j u_j, so it neither overflows nor loses the small
 * losses of a confident right choice to cancellation.
 */
// @ts-ignore: decorator
@inline function stageNll(at: usize, m: i32, temperature: f64): f64 {
  const s0 = load<f64>(at);
  let top = 0.0, topIndex = 0;
  for (let j = 1; j < m; j++) {
    const u = -((s0 - load<f64>(at + (<usize>j << 3))) / temperature);
    if (u > top) {
      top = u;
      topIndex = j;
    }
  }
  let rest = 0.0;
  for (let j = 0; j < m; j++) {
    if (j == topIndex) continue;
    const u = -((s0 - load<f64>(at + (<usize>j << 3))) / temperature);
    rest += Math.exp(u - top);
  }
  return top + Math.log1p(rest);
}

/**
 * The profile pass of the temperature interval: choiceTerms' totals at T and choiceDerivatives' derivatives at
 * a = 1/T, in one pass over the choices. out = [Σw, Σw·nll, Σw·correct, Σw·∂ℓ/∂a, Σw·∂²ℓ/∂a²]. The NLL takes
 * choiceTerms' arithmetic operation for operation (so its totals are choiceTerms' bits). A prompt of two responses
 * also takes choiceDerivatives' pairwise arithmetic for the derivatives (its own exp), so K = 2 choices give the
 * bits of the pairs' two passes; a larger prompt reuses the NLL's shifted terms e^(u_j − top) as the softmax weights,
 * so each stage costs one exp per response, not two (docs/DESIGN.md §5.12). scratch holds room for the largest K.
 */
export function choiceProfile(
  offsets: usize, scores: usize, weights: usize, n: i32, ranked: bool, temperature: f64, a: f64, scratch: usize, out: usize,
): void {
  let sumW = 0.0, sumNll = 0.0, sumCorrect = 0.0, gradient = 0.0, curvature = 0.0;
  // Invariant: the five sums cover prompts [0, i), in prompt order.
  for (let i = 0; i < n; i++) {
    const start = load<i32>(offsets + (<usize>i << 2));
    const k = load<i32>(offsets + (<usize>(i + 1) << 2)) - start;
    const w = loadOrOne(weights, <usize>i << 3);
    const first = scores + (<usize>start << 3);
    sumW += w;
    if (k == 2) {
      // choiceTerms' loss and correctness at T, then choiceDerivatives' pairwise terms at a.
      const d = load<f64>(first) - load<f64>(first + 8);
      const zT = d / temperature;
      if (w != 0) sumNll += w * crossEntropyFrom(zT, expNegAbs(zT), 1.0);
      sumCorrect += w * select<f64>(1.0, select<f64>(0.0, 0.5, d < 0), d > 0);
      const z = a * d;
      const e = expNegAbs(z);
      const q = 1.0 / (1.0 + e);
      const p = select<f64>(q, e * q, z >= 0);
      if (p != 1.0) {
        const wd = w * d;
        gradient += isFinite(wd) ? wd * (p - 1.0) : w * (d * (p - 1.0));
      }
      if (e != 0) curvature += w * (d * d) * (e * q * q);
      continue;
    }
    // First stage, as termsOfPrompt: shifted by the highest score b, the first index holding it.
    const s0 = load<f64>(first);
    findTop(first, k);
    const best = topScore, ties = topTies, topIndex = topAt;
    let rest = 0.0;
    for (let j = 0; j < k; j++) {
      const e = j == topIndex ? 1.0 : Math.exp(-((best - load<f64>(first + (<usize>j << 3))) / temperature));
      store<f64>(scratch + (<usize>j << 3), e);
      if (j != topIndex) rest += e;
    }
    let loss = (best - s0) / temperature + Math.log1p(rest);
    let g = 0.0, h = 0.0;
    const total = 1.0 + rest;
    const mean = weightedMean(first, k, scratch, total);
    g -= mean;
    h += weightedSpread(first, k, scratch, total, mean);
    const stages = stageCount(k, ranked);
    // Invariant: loss, g and h hold the stages before t, each stage as stageNll computes its loss.
    for (let t = 1; t < stages; t++) {
      const at = first + (<usize>t << 3);
      const m = k - t;
      const st = load<f64>(at);
      let top = 0.0, topAt = 0;
      for (let j = 1; j < m; j++) {
        const u = -((st - load<f64>(at + (<usize>j << 3))) / temperature);
        store<f64>(scratch + (<usize>j << 3), u);
        if (u > top) {
          top = u;
          topAt = j;
        }
      }
      store<f64>(scratch, 0.0);
      let stageRest = 0.0;
      for (let j = 0; j < m; j++) {
        const at8 = scratch + (<usize>j << 3);
        if (j == topAt) {
          store<f64>(at8, 1.0);
          continue;
        }
        const e = Math.exp(load<f64>(at8) - top);
        store<f64>(at8, e);
        stageRest += e;
      }
      loss += top + Math.log1p(stageRest);
      const stageTotal = 1.0 + stageRest;
      const stageMean = weightedMean(at, m, scratch, stageTotal);
      g -= stageMean;
      h += weightedSpread(at, m, scratch, stageTotal, stageMean);
    }
    if (w != 0) sumNll += w * loss;
    sumCorrect += w * (s0 == best ? 1.0 / <f64>ties : 0.0);
    if (g != 0) gradient += w * g;
    if (h != 0) curvature += w * h;
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, sumNll);
  store<f64>(out + 16, sumCorrect);
  store<f64>(out + 24, gradient);
  store<f64>(out + 32, curvature);
}

/** μ = Σ_j p_j·d_j with p_j = e_j / total (e_j in scratch) and d_j = s_0 − s_j over the m scores at `at`. */
// @ts-ignore: decorator
@inline function weightedMean(at: usize, m: i32, scratch: usize, total: f64): f64 {
  const s0 = load<f64>(at);
  let mean = 0.0;
  for (let j = 0; j < m; j++) {
    const e = load<f64>(scratch + (<usize>j << 3));
    if (e != 0) mean += e * (s0 - load<f64>(at + (<usize>j << 3)));
  }
  return mean / total;
}

/** Σ_j p_j·(d_j − μ)², the stage's curvature in a, with weightedMean's p_j and d_j. */
// @ts-ignore: decorator
@inline function weightedSpread(at: usize, m: i32, scratch: usize, total: f64, mean: f64): f64 {
  const s0 = load<f64>(at);
  let spread = 0.0;
  for (let j = 0; j < m; j++) {
    const e = load<f64>(scratch + (<usize>j << 3));
    const c = (s0 - load<f64>(at + (<usize>j << 3))) - mean;
    if (e != 0) spread += e * (c * c);
  }
  return spread / total;
}
