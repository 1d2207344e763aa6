// The fused pass of the K-wise temperature fit (docs/DESIGN.md §5.12): the NLL of best-of-N or ranking choices and
// its first five derivatives in a = 1/T in one pass, one exp per response that is not a stage's top. It is
// temperatureExpansion's pass (assembly/temperature-expansion.ts) for choices, with the same output layout, so the
// Newton iteration, its Taylor model and the interval's model roots (§5.1, §6.7) serve both.
// see: Plackett, "The Analysis of Permutations", Applied Statistics 24 (1975)
import { loadOrOne } from "./optional-column";
import { storeExpansion } from "./temperature-expansion";

/**
 * Unweighted stages multiply their sums Σ_j e^(u_j − top) ∈ [1, K] until the product passes this, then take one log:
 * the product stays below 1e270·2^24, far from overflow, and the loss costs a multiplication per stage.
 */
const PRODUCT_FLUSH = 1e270;

/**
 * The NLL sum and its first five derivatives in a over prompts 0, stride, 2·stride, … (stride 1: all of them).
 * A stage chooses s_0 among the m scores at `at`; with d_j = s_0 − s_j its loss is ℓ(a) = log Σ_j e^(−a·d_j), the
 * cumulant generating function of d under p = softmax(−a·d) read at −a, so with μ = Σ p_j·d_j and the central moments
 * m_r = Σ p_j·(d_j − μ)^r:
 *   ℓ' = −μ,  ℓ'' = m_2,  ℓ''' = −m_3,  ℓ'''' = m_4 − 3·m_2²,  ℓ⁽⁵⁾ = −(m_5 − 10·m_3·m_2).
 * The sum is shifted by its largest exponent (top = max_j −a·d_j ≥ 0), so nothing overflows, and the loss is
 * top + log Σ_j e^(−a·d_j − top). out = [Σw, Σw·ℓ (when withLoss, else 0), Σw·ℓ', …, Σw·ℓ'''', Σw·correct, Σw·ℓ⁽⁵⁾]
 * (temperatureExpansion's layout), correct the chosen response's share of the top score (1/c when c responses tie
 * there; only when withLoss). Unweighted losses take log Π over blocks (as temperatureExpansion does), weighted ones
 * log1p per prompt. weights == 0: every weight is 1; scratch holds room for the largest K float64 terms.
 */
export function choiceExpansion(
  offsets: usize, scores: usize, weights: usize, n: i32, ranked: bool, stride: i32, a: f64, withLoss: bool,
  scratch: usize, out: usize,
): void {
  let sumW = 0.0, first = 0.0, second = 0.0, third = 0.0, fourth = 0.0, fifth = 0.0, sumCorrect = 0.0;
  let linear = 0.0, logs = 0.0, product = 1.0;
  // Invariant: every sum covers the sampled prompts before i; product holds the unweighted stage sums since the
  // last log taken into logs.
  for (let i = 0; i < n; i += stride) {
    const start = load<i32>(offsets + (<usize>i << 2));
    const k = load<i32>(offsets + (<usize>(i + 1) << 2)) - start;
    const w = loadOrOne(weights, <usize>i << 3);
    const base = scores + (<usize>start << 3);
    sumW += w;
    const stages = ranked ? k - 1 : 1;
    let g = 0.0, h2 = 0.0, h3 = 0.0, h4 = 0.0, h5 = 0.0, tops = 0.0, rests = 0.0, share = 0.0;
    // Invariant: g … h5 and tops hold the stages before t.
    for (let t = 0; t < stages; t++) {
      const at = base + (<usize>t << 3);
      const m = k - t;
      const s0 = load<f64>(at);
      let top = 0.0, topAt = 0;
      for (let j = 1; j < m; j++) {
        const u = -a * (s0 - load<f64>(at + (<usize>j << 3)));
        // Selects, not branches: which response tops a prompt is a coin toss the branch predictor loses.
        topAt = select<i32>(j, topAt, u > top);
        top = select<f64>(u, top, u > top);
      }
      // The shifted terms e_j = e^(−a·d_j − top), 1 at the top without an exp, kept for the moments' pass.
      // With them, the chosen response's share of the top score: it tops the stage when no d_j is negative, and
      // shares it with every response of d_j = 0 (s_j = s_0 exactly).
      let rest = 0.0, mean = 0.0, lowest = 0.0, level = 0;
      for (let j = 0; j < m; j++) {
        const d = s0 - load<f64>(at + (<usize>j << 3));
        const e = j == topAt ? 1.0 : Math.exp(-a * d - top);
        store<f64>(scratch + (<usize>j << 3), e);
        if (j != topAt) rest += e;
        if (e != 0) mean += e * d;
        lowest = select<f64>(d, lowest, d < lowest);
        level += <i32>(d == 0);
      }
      if (t == 0) share = lowest >= 0 ? 1.0 / <f64>level : 0.0;
      const total = 1.0 + rest;
      const inverse = 1.0 / total;
      const mu = mean * inverse;
      let m2 = 0.0, m3 = 0.0, m4 = 0.0, m5 = 0.0;
      for (let j = 0; j < m; j++) {
        const e = load<f64>(scratch + (<usize>j << 3));
        if (e == 0) continue;
        const c = (s0 - load<f64>(at + (<usize>j << 3))) - mu;
        const c2 = c * c;
        m2 += e * c2;
        m3 += e * (c2 * c);
        m4 += e * (c2 * c2);
        m5 += e * (c2 * c2 * c);
      }
      m2 *= inverse;
      m3 *= inverse;
      m4 *= inverse;
      m5 *= inverse;
      g -= mu;
      h2 += m2;
      h3 -= m3;
      h4 += m4 - 3.0 * (m2 * m2);
      h5 -= m5 - 10.0 * (m3 * m2);
      if (withLoss) {
        tops += top;
        if (weights == 0) {
          product *= total;
          if (product > PRODUCT_FLUSH) {
            logs += Math.log(product);
            product = 1.0;
          }
        } else rests += Math.log1p(rest);
      }
    }
    if (g != 0) first += w * g;
    if (h2 != 0) second += w * h2;
    if (h3 != 0) third += w * h3;
    if (h4 != 0) fourth += w * h4;
    if (h5 != 0) fifth += w * h5;
    if (withLoss) {
      sumCorrect += w * share;
      if (weights == 0) linear += tops;
      else if (w != 0) {
        linear += w * tops;
        logs += w * rests;
      }
    }
  }
  if (withLoss && weights == 0) logs += Math.log(product);
  storeExpansion(out, sumW, withLoss ? logs + linear : 0.0, first, second, third, fourth, sumCorrect, fifth);
}
