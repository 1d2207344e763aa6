// The fused pass of the temperature fit (docs/DESIGN.md §5.1): the NLL and its first four derivatives in a = 1/T in
// one pass, two pairs per step in f64x2 lanes (expLanes: the scalar exp's bits), every sum still in index order.
// see: Guo et al., "On Calibration of Modern Neural Networks", ICML 2017, §4.2 (temperature scaling)
import { expNegAbs, log1pUnit } from "./logistic";
import { loadOrOne } from "./optional-column";
import { correctness } from "./binning";
import { expLanes } from "./exp-lanes";

/** Layout of the output of temperatureExpansion. */
export const EXPANSION_WEIGHT = 0;
export const EXPANSION_LOSS = 1;
export const EXPANSION_FIRST = 2;
export const EXPANSION_SECOND = 3;
export const EXPANSION_THIRD = 4;
export const EXPANSION_FOURTH = 5;
export const EXPANSION_CORRECT = 6;
export const EXPANSION_FIFTH = 7;
export const EXPANSION_LENGTH = 8;

/** Writes a fused pass's sums in the layout above (the pairs' pass and the choices' share it). */
// @ts-ignore: decorator
@inline export function storeExpansion(
  out: usize, weight: f64, loss: f64, first: f64, second: f64, third: f64, fourth: f64, correct: f64, fifth: f64,
): void {
  store<f64>(out + (EXPANSION_WEIGHT << 3), weight);
  store<f64>(out + (EXPANSION_LOSS << 3), loss);
  store<f64>(out + (EXPANSION_FIRST << 3), first);
  store<f64>(out + (EXPANSION_SECOND << 3), second);
  store<f64>(out + (EXPANSION_THIRD << 3), third);
  store<f64>(out + (EXPANSION_FOURTH << 3), fourth);
  store<f64>(out + (EXPANSION_CORRECT << 3), correct);
  store<f64>(out + (EXPANSION_FIFTH << 3), fifth);
}

/** Unweighted pairs multiply this many factors 1 + e ∈ [1, 2] before one log: the product stays below 2^512. */
const PRODUCT_BLOCK = 512;

/**
 * The NLL sum and its first four derivatives in a = 1/T, in one pass over pairs [start, end) (docs/DESIGN.md §5.1).
 * With z = a·d, s = σ(z), v = s(1 − s) = e/(1 + e)² (e = e^(−|z|)) and ℓ(a) = softplus(z) − y·z per pair:
 *   ℓ' = d·(s − y),  ℓ'' = d²·v,  ℓ''' = d³·v·(1 − 2s),  ℓ'''' = d⁴·v·(1 − 6v),  ℓ⁽⁵⁾ = d⁵·v·(1 − 2s)·(1 − 12v).
 * out = [Σw, Σw·ℓ (when withLoss, else 0), Σw·ℓ', Σw·ℓ'', Σw·ℓ''', Σw·ℓ'''', Σw·correctness, Σw·ℓ⁽⁵⁾] over pairs start,
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
  let sumW = 0.0, first = 0.0, second = 0.0, third = 0.0, fourth = 0.0, fifth = 0.0, sumCorrect = 0.0;
  let linear = 0.0, logs = 0.0, product = 1.0;
  let inBlock = 0;
  // Two sampled pairs per step (i and i + stride), their terms computed in f64x2 lanes with the scalar loop's
  // operations, then added to each sum lane 0 before lane 1, so every sum sees the scalar loop's additions in its
  // order. A term the scalar loop skips is added here as +0, which leaves a sum unchanged (no sum is ever −0).
  const sampled = end > start ? (end - start + stride - 1) / stride : 0;
  const lanesEnd = start + (sampled & ~1) * stride;
  const strideBytes = <usize>stride << 3;
  const one = f64x2.splat(1.0), zero = f64x2.splat(0.0), aLanes = f64x2.splat(a);
  // Invariant: as for the loop below.
  for (let i = start; i < lanesEnd; i += 2 * stride) {
    const offset = <usize>i << 3;
    const d = lanePair(margins + offset, strideBytes);
    const y = labels == 0 ? one : lanePair(labels + offset, strideBytes);
    const w = weights == 0 ? one : lanePair(weights + offset, strideBytes);
    const z = f64x2.mul(aLanes, d);
    const e = expLanes(f64x2.neg(f64x2.abs(z)));
    const q = f64x2.div(one, f64x2.add(one, e));
    const high = f64x2.ge(z, zero);
    const p = v128.bitselect(q, f64x2.mul(e, q), high);
    const correct = f64x2.mul(w, v128.bitselect(y, v128.bitselect(f64x2.sub(one, y), f64x2.splat(0.5), f64x2.lt(d, zero)), f64x2.gt(d, zero)));
    const residual = f64x2.sub(p, y);
    const wd = f64x2.mul(w, d);
    const firstTerm = v128.and(
      v128.bitselect(f64x2.mul(wd, residual), f64x2.mul(w, f64x2.mul(d, residual)), f64x2.lt(f64x2.abs(wd), f64x2.splat(Infinity))),
      f64x2.ne(p, y),
    );
    const curved = f64x2.ne(e, zero);
    const v = f64x2.mul(f64x2.mul(e, q), q);
    const dd = f64x2.mul(d, d);
    const skew = v128.bitselect(f64x2.mul(f64x2.sub(e, one), q), f64x2.mul(f64x2.sub(one, e), q), high);
    const secondTerm = v128.and(f64x2.mul(f64x2.mul(w, dd), v), curved);
    const thirdTerm = v128.and(f64x2.mul(f64x2.mul(w, f64x2.mul(dd, d)), f64x2.mul(v, skew)), curved);
    const fourthTerm = v128.and(f64x2.mul(f64x2.mul(w, f64x2.mul(dd, dd)), f64x2.mul(v, f64x2.sub(one, f64x2.mul(f64x2.splat(6.0), v)))), curved);
    const fifthTerm = v128.and(
      f64x2.mul(f64x2.mul(w, f64x2.mul(f64x2.mul(dd, dd), d)), f64x2.mul(f64x2.mul(v, skew), f64x2.sub(one, f64x2.mul(f64x2.splat(12.0), v)))), curved,
    );
    sumW += f64x2.extract_lane(w, 0);
    sumW += f64x2.extract_lane(w, 1);
    sumCorrect += f64x2.extract_lane(correct, 0);
    sumCorrect += f64x2.extract_lane(correct, 1);
    first += f64x2.extract_lane(firstTerm, 0);
    first += f64x2.extract_lane(firstTerm, 1);
    second += f64x2.extract_lane(secondTerm, 0);
    second += f64x2.extract_lane(secondTerm, 1);
    third += f64x2.extract_lane(thirdTerm, 0);
    third += f64x2.extract_lane(thirdTerm, 1);
    fourth += f64x2.extract_lane(fourthTerm, 0);
    fourth += f64x2.extract_lane(fourthTerm, 1);
    fifth += f64x2.extract_lane(fifthTerm, 0);
    fifth += f64x2.extract_lane(fifthTerm, 1);
    if (withLoss) {
      const minusZ = f64x2.neg(z);
      const positive = v128.and(f64x2.mul(y, v128.and(minusZ, f64x2.gt(minusZ, zero))), f64x2.ne(y, zero));
      const negative = v128.and(f64x2.mul(f64x2.sub(one, y), v128.and(z, f64x2.gt(z, zero))), f64x2.ne(y, one));
      const shared = f64x2.add(positive, negative);
      if (weights == 0) {
        const factor = f64x2.add(one, e);
        linear += f64x2.extract_lane(shared, 0);
        product *= f64x2.extract_lane(factor, 0);
        linear += f64x2.extract_lane(shared, 1);
        // Blocks hold an even number of pairs, so a block ends only after a lane 1.
        product *= f64x2.extract_lane(factor, 1);
        inBlock += 2;
        if (inBlock == PRODUCT_BLOCK) {
          logs += Math.log(product);
          product = 1.0;
          inBlock = 0;
        }
      } else {
        const w0 = f64x2.extract_lane(w, 0), w1 = f64x2.extract_lane(w, 1);
        if (w0 != 0) {
          linear += w0 * f64x2.extract_lane(shared, 0);
          logs += w0 * log1pUnit(f64x2.extract_lane(e, 0));
        }
        if (w1 != 0) {
          linear += w1 * f64x2.extract_lane(shared, 1);
          logs += w1 * log1pUnit(f64x2.extract_lane(e, 1));
        }
      }
    }
  }
  // Invariant: every sum covers the sampled pairs before i; product holds Π(1 + e) of the unweighted pairs of the
  // current block (inBlock of them) and logs the logs of the blocks before it (or, weighted, Σw·log1p(e) so far).
  for (let i = lanesEnd; i < end; i += stride) {
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
      const skew = select<f64>((e - 1.0) * q, (1.0 - e) * q, high);
      third += w * (dd * d) * (v * skew);
      fourth += w * (dd * dd) * (v * (1.0 - 6.0 * v));
      fifth += w * (dd * dd * d) * (v * skew * (1.0 - 12.0 * v));
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
  storeExpansion(out, sumW, withLoss ? logs + linear : 0.0, first, second, third, fourth, sumCorrect, fifth);
}

/** [x[0], x[stride]] as lanes: one 16-byte load for adjacent pairs, two loads for a subsample. */
// @ts-ignore: decorator
@inline function lanePair(at: usize, strideBytes: usize): v128 {
  return strideBytes == 8 ? v128.load(at) : f64x2.replace_lane(f64x2.splat(load<f64>(at)), 1, load<f64>(at + strideBytes));
}
