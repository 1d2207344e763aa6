// One pass of 2-D Newton for the Davidson tie model, and its three outcome probabilities (docs/DESIGN.md §5.10).
// With z = a·d (a = 1/T) and ν = e^λ: P(A) = e^{z/2}/D, P(B) = e^{−z/2}/D, P(tie) = ν/D, D = e^{z/2} + e^{−z/2} + ν.
// The NLL is a log-sum-exp of functions linear in (a, λ), so it is convex there: a multinomial logit whose
// gradient is E_q[φ] − φ(observed) and whose Hessian is Cov_q[φ], φ = (±d/2 or 0, 1 for a tie).
// see: Davidson, "On extending the Bradley–Terry model to accommodate ties in paired comparison experiments",
//      JASA 65 (1970)

/**
 * At (a, λ) writes out = [Σw, Σw·nll, ∂/∂a, ∂/∂λ, ∂²/∂a², ∂²/∂a∂λ, ∂²/∂λ², Σw·1{tie}], the weighted sums of the
 * three-outcome NLL, its gradient and Hessian, and the tie weight. A label is 1 (A won), 0 (B won) or 0.5 (a tie);
 * the facade refuses any other. weights == 0 means every weight is 1.
 */
export function davidsonNewtonSums(margins: usize, labels: usize, weights: usize, n: i32, a: f64, lambda: f64, out: usize): void {
  let sumW = 0.0, nll = 0.0, ga = 0.0, gl = 0.0, haa = 0.0, hal = 0.0, hll = 0.0, ties = 0.0;
  // Invariant: the sums cover pairs [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = load<f64>(labels + offset);
    const w = weights == 0 ? 1.0 : load<f64>(weights + offset);
    const z = a * d;
    const half = Math.abs(z) * 0.5;
    const big = favouredShare(half, lambda), small = unfavouredShare(half, lambda), tie = tieShare(half, lambda);
    const sum = big + small + tie;
    const qTie = tie / sum;
    // q_A − q_B: the favoured side's share minus the other's, signed by z.
    const diff = (z >= 0 ? big - small : small - big) / sum;
    const halfD = 0.5 * d;
    // −ln P(outcome) = ln(sum) + top − (the outcome's exponent), top = max(|z|/2, λ); each difference is formed
    // so that it is 0, not ∞ − ∞, when |z|/2 overflows to ∞.
    const favouredGap = half >= lambda ? 0.0 : lambda - half;
    let observedA = 0.0, observedL = 0.0, gap = 0.0;
    if (y == 0.5) {
      observedL = 1.0;
      gap = lambda >= half ? 0.0 : half - lambda;
      ties += w;
    } else {
      const favoured = (y == 1.0) == (z >= 0);
      observedA = y == 1.0 ? halfD : -halfD;
      gap = favoured ? favouredGap : Math.max(half, lambda) + half;
    }
    sumW += w;
    nll += w * (Math.log(sum) + gap);
    ga += w * (diff * halfD - observedA);
    gl += w * (qTie - observedL);
    haa += w * halfD * halfD * ((1.0 - qTie) - diff * diff);
    hal -= w * halfD * diff * qTie;
    hll += w * qTie * (1.0 - qTie);
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, nll);
  store<f64>(out + 16, ga);
  store<f64>(out + 24, gl);
  store<f64>(out + 32, haa);
  store<f64>(out + 40, hal);
  store<f64>(out + 48, hll);
  store<f64>(out + 56, ties);
}

/** P(A), P(tie) and P(B) of each margin at (a, λ), into three columns; they sum to 1 up to rounding. */
export function davidsonProbabilities(margins: usize, n: i32, a: f64, lambda: f64, outA: usize, outTie: usize, outB: usize): void {
  // Invariant: pairs [0, i) are written.
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const z = a * load<f64>(margins + offset);
    const half = Math.abs(z) * 0.5;
    const big = favouredShare(half, lambda), small = unfavouredShare(half, lambda), tie = tieShare(half, lambda);
    const sum = big + small + tie;
    store<f64>(outA + offset, (z >= 0 ? big : small) / sum);
    store<f64>(outTie + offset, tie / sum);
    store<f64>(outB + offset, (z >= 0 ? small : big) / sum);
  }
}

// The three terms of D = e^{|z|/2} + e^{−|z|/2} + e^λ, each divided by e^top, top = max(|z|/2, λ): every exponent is
// ≤ 0, so nothing overflows, the largest term is exactly 1 (so D never underflows), and |z|/2 = ∞ (a·d beyond
// float64) gives 1, 0, 0 rather than NaN from ∞ − ∞.
// @ts-ignore: decorator
@inline function favouredShare(half: f64, lambda: f64): f64 {
  return half >= lambda ? 1.0 : Math.exp(half - lambda);
}

// @ts-ignore: decorator
@inline function unfavouredShare(half: f64, lambda: f64): f64 {
  return Math.exp(-half - Math.max(half, lambda));
}

// @ts-ignore: decorator
@inline function tieShare(half: f64, lambda: f64): f64 {
  return lambda >= half ? 1.0 : Math.exp(lambda - half);
}
