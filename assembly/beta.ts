// The beta distribution's CDF (the regularized incomplete beta function) and its inverse, for exact
// (Clopper–Pearson) binomial intervals. Computed here so every runtime gets the same bits.
// see: Press et al., "Numerical Recipes", 3rd ed., §6.1 (Lanczos log-gamma), §6.4 (continued fraction, Lentz)
// see: Lanczos, "A precision approximation of the gamma function", SIAM J. Numer. Anal. 1964 (g = 7, n = 9)

const LANCZOS_G: f64 = 7.0;
const HALF_LOG_TWO_PI: f64 = 0.9189385332046728;
const TINY: f64 = 1e-300;
const EPSILON: f64 = 1e-16;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error about 1e-15). */
function logGamma(x: f64): f64 {
  // Reflection keeps the series in its accurate range: Γ(x)Γ(1 − x) = π / sin(πx).
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1.0 - x);
  const z = x - 1.0;
  let series = 0.99999999999980993;
  series += 676.5203681218851 / (z + 1.0);
  series += -1259.1392167224028 / (z + 2.0);
  series += 771.32342877765313 / (z + 3.0);
  series += -176.61502916214059 / (z + 4.0);
  series += 12.507343278686905 / (z + 5.0);
  series += -0.13857109526572012 / (z + 6.0);
  series += 9.9843695780195716e-6 / (z + 7.0);
  series += 1.5056327351493116e-7 / (z + 8.0);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** ln B(a, b). */
// @ts-ignore: decorator
@inline function logBeta(a: f64, b: f64): f64 {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The continued fraction of I_x(a, b) by the modified Lentz method; converges fast for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(x: f64, a: f64, b: f64): f64 {
  const qab = a + b, qap = a + 1.0, qam = a - 1.0;
  let c = 1.0;
  let d = 1.0 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1.0 / d;
  let h = d;
  // Invariant: h is the m-th convergent of the continued fraction; stop when a step changes it by < EPSILON.
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2.0 * <f64>m;
    let aa = (<f64>m * (b - <f64>m) * x) / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1.0 / d;
    h *= d * c;
    aa = (-(a + <f64>m) * (qab + <f64>m) * x) / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1.0 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1.0 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1.0) < EPSILON) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b) = P(Beta(a, b) ≤ x), a, b > 0. */
export function regularizedIncompleteBeta(x: f64, a: f64, b: f64): f64 {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  // The fraction converges fast on one side of the mean; use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
  if (x < (a + 1.0) / (a + b + 2.0)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1.0 - (Math.exp(logFront) * betaContinuedFraction(1.0 - x, b, a)) / b;
}

/**
 * The beta quantile: x with I_x(a, b) = p. Newton steps on the CDF, kept inside a bisection bracket so that
 * a step that leaves the bracket (the density is steep near 0 and 1) falls back to halving it.
 */
export function betaQuantile(p: f64, a: f64, b: f64): f64 {
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  const lb = logBeta(a, b);
  let lo = 0.0, hi = 1.0;
  let x = a / (a + b);
  // Invariant: I_lo(a, b) ≤ p ≤ I_hi(a, b) and lo ≤ x ≤ hi.
  for (let iteration = 0; iteration < 200; iteration++) {
    const f = regularizedIncompleteBeta(x, a, b) - p;
    if (f == 0.0) return x;
    if (f < 0.0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1.0) * Math.log(x) + (b - 1.0) * Math.log1p(-x) - lb);
    let next = x - f / density;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.max(x, 1e-300) || hi - lo <= 1e-16 * hi) return next;
    x = next;
  }
  return x;
}

/**
 * Clopper–Pearson bounds for m proportions: with s successes of t trials and α = 1 − confidence,
 * low = B⁻¹(α/2; s, t − s + 1) (0 when s = 0) and high = B⁻¹(1 − α/2; s + 1, t − s) (1 when s = t).
 * s and t may be fractional (weighted or soft counts): the beta quantile is continuous in its parameters.
 */
export function clopperPearsonBounds(successes: usize, trials: usize, m: i32, alpha: f64, low: usize, high: usize): void {
  // Invariant: low[0..i) and high[0..i) hold the bounds of proportions [0, i).
  for (let i = 0; i < m; i++) {
    const offset = <usize>i << 3;
    const s = load<f64>(successes + offset);
    const t = load<f64>(trials + offset);
    store<f64>(low + offset, s <= 0.0 ? 0.0 : betaQuantile(0.5 * alpha, s, t - s + 1.0));
    store<f64>(high + offset, s >= t ? 1.0 : betaQuantile(1.0 - 0.5 * alpha, s + 1.0, t - s));
  }
}
