// Passes over pairs for temperature scaling: the NLL's derivatives in the inverse temperature a = 1/T, and the
// NLL itself at a given T. Kept apart so a Newton iteration costs one exp per pair and no log.
// see: Guo et al., "On Calibration of Modern Neural Networks", ICML 2017, §4.2 (temperature scaling)
import { expNegAbs, crossEntropyFrom } from "./logistic";
import { loadOrOne } from "./optional-column";
import { correctness } from "./binning";

/** Layout of the output of temperatureDerivatives. */
export const DERIVATIVE_WEIGHT = 0;
export const DERIVATIVE_GRADIENT = 1;
export const DERIVATIVE_CURVATURE = 2;

/**
 * One Newton pass at inverse temperature a. With z = a·d and ℓ(a) = softplus(z) − y·z per pair:
 *   ∂ℓ/∂a = d·(σ(z) − y),   ∂²ℓ/∂a² = d²·σ(z)·(1 − σ(z)) = d²·e/(1 + e)²  with e = e^(−|z|).
 * out = [Σw, Σw·∂ℓ/∂a, Σw·∂²ℓ/∂a²] over pairs 0, stride, 2·stride, … (stride 1: all pairs; a larger stride
 * gives a cheap warm start on a systematic subsample). labels == 0 means every label is 1; weights == 0 means
 * every weight is 1. One exp per pair and no log: the Newton iteration needs only the derivatives.
 */
export function temperatureDerivatives(
  margins: usize, labels: usize, weights: usize, n: i32, stride: i32, a: f64, out: usize,
): void {
  let sumW = 0.0, gradient = 0.0, curvature = 0.0;
  // Invariant: the three sums cover the sampled pairs before i.
  for (let i = 0; i < n; i += stride) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = loadOrOne(labels, offset);
    const w = loadOrOne(weights, offset);
    const z = a * d;
    const e = expNegAbs(z);
    const q = 1.0 / (1.0 + e);
    // A select, not a branch: the sign of z is a coin flip on real data, and e·q costs less than a mispredict.
    const p = select<f64>(q, e * q, z >= 0);
    sumW += w;
    // Terms that are exactly 0 are skipped, not added: with |d| near 1e308, w·d or d·d overflow to ∞ and ∞·0 is
    // NaN, which sent Newton to the wrong bound (T = 1000 on separable data). Skipping a ±0 term changes no sum.
    if (p != y) {
      // w·d overflows for |d| near 1e308 although w·d·(p − y) may be tiny (a soft label of 1e-300): then regroup.
      const wd = w * d;
      gradient += isFinite(wd) ? wd * (p - y) : w * (d * (p - y));
    }
    if (e != 0) curvature += w * (d * d) * (e * q * q);
  }
  store<f64>(out + (DERIVATIVE_WEIGHT << 3), sumW);
  store<f64>(out + (DERIVATIVE_GRADIENT << 3), gradient);
  store<f64>(out + (DERIVATIVE_CURVATURE << 3), curvature);
}

/**
 * NLL and accuracy at temperature T, with z = d/T (a division, as every user-facing probability is computed).
 * out = [Σw, Σw·nll, Σw·correctness] where correctness is y, 1 − y, or ½ for d = 0 (docs/DESIGN.md §2.2).
 */
export function temperatureNll(margins: usize, labels: usize, weights: usize, n: i32, temperature: f64, out: usize): void {
  let sumW = 0.0, sumNll = 0.0, sumCorrect = 0.0;
  // Invariant: the three sums cover pairs [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = loadOrOne(labels, offset);
    const w = loadOrOne(weights, offset);
    const z = d / temperature;
    sumW += w;
    // A zero-weight pair adds nothing, even an infinite loss (0·∞ would be NaN).
    if (w != 0) sumNll += w * crossEntropyFrom(z, expNegAbs(z), y);
    sumCorrect += w * correctness(d, y);
  }
  store<f64>(out, sumW);
  store<f64>(out + 8, sumNll);
  store<f64>(out + 16, sumCorrect);
}

/** e^x, exported so the facade never uses Math.exp for a number the user sees (the ECE search's grid in log T). */
export function exponential(x: f64): f64 {
  return Math.exp(x);
}
