// The standard normal CDF Φ and its inverse, for bias-corrected bootstrap intervals and Wald and
// likelihood-ratio cutoffs. Computed here, not with the engine's Math.exp, so every runtime gets the same bits.
// see: Marsaglia, "Evaluating the Normal Distribution", J. Stat. Software 11(4), 2004 (the Taylor series of Φ)
// see: Abramowitz & Stegun, "Handbook of Mathematical Functions", 1964, 26.2.23 (a start for the inverse)

/** ln √(2π). */
const HALF_LOG_TWO_PI: f64 = 0.9189385332046728;
/** Beyond this x, Φ(x) rounds to 1 (1 − Φ(8.5) < 1e-17); below −34, Φ(x) underflows to 0. */
const TAIL: f64 = 8.5;

/** Beyond this |x| the tail's continued fraction is used, where the series would add up large terms. */
const SERIES_LIMIT: f64 = 3.0;
/** Terms of the continued fraction, evaluated backward; at |x| = 3 this many reach the last bit. */
const FRACTION_TERMS: i32 = 120;

/**
 * Φ(x). For |x| < 3, ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …), a sum whose terms all have the sign of x, stopped when a term
 * no longer changes it. Beyond, the upper tail Q(t) = φ(t)/(t + 1/(t + 2/(t + 3/(t + …)))) at t = |x| (Laplace's
 * continued fraction), so the lower tail keeps its relative accuracy. Absolute error about 1e-16 for every x.
 */
export function normalCdf(x: f64): f64 {
  if (x != x) return x;
  if (x < -TAIL * 4.0) return 0.0;
  if (x > TAIL) return 1.0;
  const q = x * x;
  if (Math.abs(x) >= SERIES_LIMIT) {
    const t = Math.abs(x);
    let fraction = t;
    for (let k = FRACTION_TERMS; k >= 1; k--) fraction = t + <f64>k / fraction;
    const tail = Math.exp(-0.5 * q - HALF_LOG_TWO_PI) / fraction;
    return x < 0.0 ? tail : 1.0 - tail;
  }
  let sum = x, term = x, previous = 0.0, k = 1.0;
  while (sum != previous) {
    previous = sum;
    k += 2.0;
    term *= q / k;
    sum = previous + term;
  }
  return 0.5 + sum * Math.exp(-0.5 * q - HALF_LOG_TWO_PI);
}

/**
 * Φ⁻¹(p): the Abramowitz–Stegun 26.2.23 approximation (error < 4.5e-4) polished by Newton steps on normalCdf,
 * which converge quadratically, so four or five steps reach the last bit. −∞ at 0, +∞ at 1, NaN outside [0, 1].
 */
export function normalQuantile(p: f64): f64 {
  if (!(p >= 0.0 && p <= 1.0)) return NaN;
  if (p == 0.0) return -Infinity;
  if (p == 1.0) return Infinity;
  if (p == 0.5) return 0.0;
  const tail = p < 0.5 ? p : 1.0 - p;
  const t = Math.sqrt(-2.0 * Math.log(tail));
  let x = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  if (p < 0.5) x = -x;
  for (let i = 0; i < 8; i++) {
    const density = Math.exp(-0.5 * x * x - HALF_LOG_TWO_PI);
    if (density == 0.0) break;
    const step = (normalCdf(x) - p) / density;
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1.0, Math.abs(x))) break;
  }
  return x;
}
