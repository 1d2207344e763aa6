// Passes over K-wise choices for best-of-N and ranking data (docs/DESIGN.md §5.10). A prompt's scores are stored in
// rank order: the chosen response first (best-of-N), or the whole ranking best first. With d_j = s_0 − s_j, the
// chosen response's softmax probability at inverse temperature a is 1 / Σ_j e^(−a·d_j), so every stage of a
// ranking is one softmax choice among the responses not yet placed (Plackett–Luce).
// see: Plackett, "The Analysis of Permutations", Applied Statistics 24 (1975); Luce, "Individual Choice Behavior" (1959)
import { expNegAbs, crossEntropyFrom } from "./logistic";
import { loadOrOne } from "./optional-column";

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
 * bits of the pairs (chosen, rejected) (docs/DESIGN.md §5.10). offsets holds n + 1 int32 starts; weights == 0
 * means every weight is 1.
 */
export function choiceDerivatives(
  offsets: usize, scores: usize, weights: usize, n: i32, ranked: bool, stride: i32, a: f64, out: usize,
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
      let total = 0.0, mean = 0.0;
      for (let j = 0; j < m; j++) {
        const d = s0 - load<f64>(at + (<usize>j << 3));
        const u = -a * d;
        const e = u == top ? 1.0 : Math.exp(u - top);
        total += e;
        if (e != 0) mean += e * d;
      }
      mean /= total;
      let spread = 0.0;
      for (let j = 0; j < m; j++) {
        const d = s0 - load<f64>(at + (<usize>j << 3));
        const u = -a * d;
        const e = u == top ? 1.0 : Math.exp(u - top);
        const c = d - mean;
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
 */
export function choiceTerms(
  offsets: usize, scores: usize, n: i32, ranked: bool, temperature: f64,
  confidence: usize, correct: usize, nll: usize,
): void {
  // Invariant: the three outputs hold the terms of prompts [0, i).
  for (let i = 0; i < n; i++) {
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
      continue;
    }
    const s0 = load<f64>(first);
    // The predicted winner: the highest score, and how many share it.
    let best = s0, ties = 1;
    for (let j = 1; j < k; j++) {
      const s = load<f64>(first + (<usize>j << 3));
      if (s > best) {
        best = s;
        ties = 1;
      } else if (s == best) ties++;
    }
    let others = 0.0;
    // The top probability is 1 / (1 + Σ e^(−(best − s_j)/T)) over all but one response at the top.
    let skipped = false;
    for (let j = 0; j < k; j++) {
      const s = load<f64>(first + (<usize>j << 3));
      if (s == best && !skipped) {
        skipped = true;
        continue;
      }
      others += Math.exp(-((best - s) / temperature));
    }
    store<f64>(confidence + offset, 1.0 / (1.0 + others));
    store<f64>(correct + offset, s0 == best ? 1.0 / <f64>ties : 0.0);
    let loss = 0.0;
    const stages = stageCount(k, ranked);
    for (let t = 0; t < stages; t++) loss += stageNll(first + (<usize>t << 3), k - t, temperature);
    store<f64>(nll + offset, loss);
  }
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
