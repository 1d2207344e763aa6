// Passes over pairs for temperature scaling: the NLL's derivatives in the inverse temperature a = 1/T, and the
// NLL itself at a given T. Kept apart so a Newton iteration costs one exp per pair and no log.
// see: Guo et al., "On Calibration of Modern Neural Networks", ICML 2017, §4.2 (temperature scaling)
import { expNegAbs, crossEntropyFrom, log1pUnit } from "./logistic";
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

/** Layout of the output of temperatureExpansion. */
export const EXPANSION_WEIGHT = 0;
export const EXPANSION_LOSS = 1;
export const EXPANSION_FIRST = 2;
export const EXPANSION_SECOND = 3;
export const EXPANSION_THIRD = 4;
export const EXPANSION_FOURTH = 5;
export const EXPANSION_CORRECT = 6;
export const EXPANSION_LENGTH = 7;

/** Unweighted pairs multiply this many factors 1 + e ∈ [1, 2] before one log: the product stays below 2^512. */
const PRODUCT_BLOCK = 512;

/**
 * The NLL sum and its first four derivatives in a = 1/T, in one pass over pairs [start, end) (docs/DESIGN.md §5.1).
 * With z = a·d, s = σ(z), v = s(1 − s) = e/(1 + e)² (e = e^(−|z|)) and ℓ(a) = softplus(z) − y·z per pair:
 *   ℓ' = d·(s − y),  ℓ'' = d²·v,  ℓ''' = d³·v·(1 − 2s),  ℓ'''' = d⁴·v·(1 − 6v).
 * out = [Σw, Σw·ℓ (when withLoss, else 0), Σw·ℓ', Σw·ℓ'', Σw·ℓ''', Σw·ℓ'''', Σw·correctness] over pairs start,
 * start + stride, … below end (stride 1: all of them; a larger stride is a systematic subsample for a warm start;
 * sub-ranges merge by adding their sums in range order). Σw·ℓ' and Σw·ℓ'' are
 * temperatureDerivatives' sums bit for bit (the same operations in the same order), so a Newton step taken from
 * either is the same step. One exp per pair and, for unweighted pairs, no log: Σ log1p(e) is taken as
 * log Π(1 + e) over blocks of 512 pairs (each factor's rounding costs at most ε/2 absolute, as the log1p of a
 * rounded sum would), so the loss costs a multiplication per pair and a log per block. Weighted pairs take
 * log1p per pair (a weight is not an exponent the product can hold).
 * labels == 0 means every label is 1; weights == 0 means every weight is 1.
 */
export function temperatureExpansion(
  margins: usize, labels: usize, weights: usize, start: i32, end: i32, stride: i32, a: f64, withLoss: bool, out: usize,
): void {
  let sumW = 0.0, first = 0.0, second = 0.0, third = 0.0, fourth = 0.0, sumCorrect = 0.0;
  let linear = 0.0, logs = 0.0, product = 1.0;
  let inBlock = 0;
  // Invariant: every sum covers the sampled pairs before i; product holds Π(1 + e) of the unweighted pairs of the
  // current block (inBlock of them) and logs the logs of the blocks before it (or, weighted, Σw·log1p(e) so far).
  for (let i = start; i < end; i += stride) {
    const offset = <usize>i << 3;
    const d = load<f64>(margins + offset);
    const y = loadOrOne(labels, offset);
    const w = loadOrOne(weights, offset);
    const z = a * d;
    const e = expNegAbs(z);
    const q = 1.0 / (1.0 + e);
    const high = z >= 0;
    const p = select<f64>(q, e * q, high);
    sumW += w;
    sumCorrect += w * correctness(d, y);
    if (p != y) {
      const wd = w * d;
      first += isFinite(wd) ? wd * (p - y) : w * (d * (p - y));
    }
    if (e != 0) {
      const v = e * q * q;
      const dd = d * d;
      second += w * dd * v;
      // 1 − 2s from e without cancellation: (e − 1)/(1 + e) for z ≥ 0, (1 − e)/(1 + e) below.
      third += w * (dd * d) * (v * select<f64>((e - 1.0) * q, (1.0 - e) * q, high));
      fourth += w * (dd * dd) * (v * (1.0 - 6.0 * v));
    }
    if (withLoss) {
      // The linear part of y·softplus(−z) + (1 − y)·softplus(z), as crossEntropyFrom skips a zero label share.
      const positive = select<f64>(y * select<f64>(-z, 0.0, -z > 0), 0.0, y != 0.0);
      const negative = select<f64>((1.0 - y) * select<f64>(z, 0.0, z > 0), 0.0, y != 1.0);
      if (weights == 0) {
        linear += positive + negative;
        product *= 1.0 + e;
        if (++inBlock == PRODUCT_BLOCK) {
          logs += Math.log(product);
          product = 1.0;
          inBlock = 0;
        }
      } else if (w != 0) {
        linear += w * (positive + negative);
        logs += w * log1pUnit(e);
      }
    }
  }
  if (withLoss && weights == 0) logs += Math.log(product);
  store<f64>(out + (EXPANSION_WEIGHT << 3), sumW);
  store<f64>(out + (EXPANSION_LOSS << 3), withLoss ? logs + linear : 0.0);
  store<f64>(out + (EXPANSION_FIRST << 3), first);
  store<f64>(out + (EXPANSION_SECOND << 3), second);
  store<f64>(out + (EXPANSION_THIRD << 3), third);
  store<f64>(out + (EXPANSION_FOURTH << 3), fourth);
  store<f64>(out + (EXPANSION_CORRECT << 3), sumCorrect);
}
