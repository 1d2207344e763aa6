// Bin assignment with scikit-learn's calibration_curve rule: value v goes to bin k when e_k < v ≤ e_{k+1},
// and bin 0 also takes v at (or below) the lowest edge. That is numpy.searchsorted(inner_edges, v, "left").
// see: sklearn/calibration.py, calibration_curve (binids = searchsorted(bins[1:-1], y_prob))

/**
 * Bin of v among nBins uniform bins whose edges are e_i = i·step + start (numpy.linspace's values).
 * The guess (v − start)·inverseStep is only a starting point: the loops settle on the unique k with
 * e_k < v ≤ e_{k+1} against the edges computed exactly as numpy computes them, so the result does not depend
 * on how the guess was rounded. The guess is within one bin of the answer, so each loop runs at most once,
 * and both are almost never taken (a well-predicted branch).
 */
// @ts-ignore: decorator
@inline export function uniformBinIndex(v: f64, nBins: i32, start: f64, step: f64): i32 {
  return uniformBinIndexScaled(v, nBins, start, step, 1.0 / step);
}

/** uniformBinIndex with 1/step computed once by the caller (the result does not depend on the guess). */
// @ts-ignore: decorator
@inline export function uniformBinIndexScaled(v: f64, nBins: i32, start: f64, step: f64, inverseStep: f64): i32 {
  // trunc_sat: a value below start (or NaN, which the facade rejects) gives 0 or less, never a trap.
  let k = min(max(<i32>((v - start) * inverseStep), 0), nBins - 1);
  while (k > 0 && v <= <f64>k * step + start) k--;
  while (k < nBins - 1 && v > <f64>(k + 1) * step + start) k++;
  return k;
}

/**
 * Bin of v given the nInner sorted inner edges: the number of inner edges strictly below v.
 * Branch-free binary search (a conditional move per halving), since v's bin is unpredictable.
 * see: Khuong & Morin, "Array Layouts for Comparison-Based Searching", JEA 2017 (branch-free lower bound)
 */
// @ts-ignore: decorator
@inline export function sortedEdgesBinIndex(v: f64, innerEdges: usize, nInner: i32): i32 {
  if (nInner == 0) return 0;
  let base = 0;
  let length = nInner;
  // Invariant: every inner edge before base is < v, and the answer lies in [base, base + length].
  while (length > 1) {
    const half = length >>> 1;
    base = select<i32>(base + half, base, load<f64>(innerEdges + (<usize>(base + half) << 3)) < v);
    length -= half;
  }
  return base + <i32>(load<f64>(innerEdges + (<usize>base << 3)) < v);
}

/**
 * uniformBinIndex for two values at once (f64x2 lanes 0 and 1), returned in i32x4 lanes 0 and 1.
 * The same guess and the same edges (k·step + start, exact conversion of k) as the scalar version, but the
 * correction is one step down and one step up without a loop: the guess is within one bin of the answer, because
 * its rounding error (a few ulps of (v − start)/step ≤ 10⁶) and the edges' (a few ulps of 1, against a step
 * ≥ 5·10⁻⁷) are far below one bin. So the result equals the scalar loops' for every v in [start, 1].
 * Done in SIMD because the scalar version's chain (guess → convert → edge → compare, twice) bounded the binning.
 */
// @ts-ignore: decorator
@inline export function uniformBinIndexPair(v: v128, last: v128, start: v128, step: v128, inverseStep: v128): v128 {
  const zero = i32x4.splat(0);
  let k = i32x4.min_s(i32x4.max_s(i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(f64x2.sub(v, start), inverseStep)), zero), last);
  const lower = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(k), step), start);
  // f64x2 masks are all ones where true; lanes 0 and 2 of the i32x4 view hold one 32-bit copy per value.
  k = i32x4.add(k, v128.and(i32x4.shuffle(f64x2.le(v, lower), zero, 0, 2, 4, 4), i32x4.gt_s(k, zero)));
  const upper = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.add(k, i32x4.splat(1))), step), start);
  return i32x4.sub(k, v128.and(i32x4.shuffle(f64x2.gt(v, upper), zero, 0, 2, 4, 4), i32x4.lt_s(k, last)));
}
