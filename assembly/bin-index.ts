// Bin assignment with scikit-learn's calibration_curve rule: value v goes to bin k when e_k < v ≤ e_{k+1},
// and bin 0 also takes v at (or below) the lowest edge. That is numpy.searchsorted(inner_edges, v, "left").
// see: sklearn/calibration.py, calibration_curve (binids = searchsorted(bins[1:-1], y_prob))

/**
 * Bin of v among nBins uniform bins whose edges are e_i = i·step + start (numpy.linspace's values).
 * The closed-form guess can be off by one where rounding puts v next to an edge, so it is corrected
 * against the edges themselves, computed exactly as numpy computes them.
 */
// @ts-ignore: decorator
@inline export function uniformBinIndex(v: f64, nBins: i32, start: f64, step: f64): i32 {
  let k = <i32>Math.floor((v - start) / step);
  if (k < 0) k = 0;
  if (k > nBins - 1) k = nBins - 1;
  while (k > 0 && v <= <f64>k * step + start) k--;
  while (k < nBins - 1 && v > <f64>(k + 1) * step + start) k++;
  return k;
}

/** Bin of v given the nInner sorted inner edges: the number of inner edges strictly below v (binary search). */
// @ts-ignore: decorator
@inline export function sortedEdgesBinIndex(v: f64, innerEdges: usize, nInner: i32): i32 {
  let lo = 0;
  let hi = nInner;
  // Invariant: every inner edge before lo is < v, and every inner edge from hi on is ≥ v.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(innerEdges + (<usize>mid << 3)) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
