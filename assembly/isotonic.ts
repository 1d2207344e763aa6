// Isotonic regression: pool adjacent violators (PAV), tie merging and linear interpolation between thresholds,
// with scikit-learn's semantics (sklearn/isotonic.py and sklearn/_isotonic.pyx, version 1.2).
// see: Best & Chakravarti, "Active set algorithms for isotonic regression; a unifying framework",
//      Mathematical Programming 47 (1990), §3; the block bookkeeping follows scikit-learn's _isotonic.pyx.

/** np.finfo(np.float64).resolution: scikit-learn's _make_unique merges x within this of a group's first x. */
const TIE_RESOLUTION: f64 = 1e-15;

/**
 * In-place PAV for a non-decreasing fit of y with weights w (both overwritten). target is n i32 of scratch.
 * Blocks are kept as index ranges: while [i..j] is an active block, target[i] = j and target[j] = i, and
 * y[i], w[i] hold the block's weighted mean and total weight. Backtracking one block after each merge keeps
 * the algorithm a single pass, O(n).
 */
export function poolAdjacentViolators(y: usize, w: usize, n: i32, target: usize): void {
  poolAdjacentBlocks(y, w, n, target);
  // Expand each block's mean over the block.
  let i = 0;
  // Invariant: y[0..i) holds the final fit.
  while (i < n) {
    const k = load<i32>(target + (<usize>i << 2)) + 1;
    const value = load<f64>(y + (<usize>i << 3));
    for (let j = i + 1; j < k; j++) store<f64>(y + (<usize>j << 3), value);
    i = k;
  }
}

/**
 * poolAdjacentViolators without the final expansion: on return, the blocks are [i, target[i]] walking from
 * i = 0, each with its mean in y[i]. For callers that only need the blocks (pruneBlocks).
 */
export function poolAdjacentBlocks(y: usize, w: usize, n: i32, target: usize): void {
  // Invariant: target[i] = i for every singleton block.
  for (let i = 0; i < n; i++) store<i32>(target + (<usize>i << 2), i);
  let i = 0;
  // Invariant: the blocks starting at or before i are non-decreasing in their means.
  while (i < n) {
    let k = load<i32>(target + (<usize>i << 2)) + 1;
    if (k == n) break;
    if (load<f64>(y + (<usize>i << 3)) < load<f64>(y + (<usize>k << 3))) {
      i = k;
      continue;
    }
    let sumWy = load<f64>(w + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
    let sumW = load<f64>(w + (<usize>i << 3));
    // Invariant: blocks i … k−1 form a non-increasing run being pooled; sumWy, sumW cover them.
    while (true) {
      const previousY = load<f64>(y + (<usize>k << 3));
      sumWy += load<f64>(w + (<usize>k << 3)) * previousY;
      sumW += load<f64>(w + (<usize>k << 3));
      k = load<i32>(target + (<usize>k << 2)) + 1;
      if (k == n || previousY < load<f64>(y + (<usize>k << 3))) {
        store<f64>(y + (<usize>i << 3), sumWy / sumW);
        store<f64>(w + (<usize>i << 3), sumW);
        store<i32>(target + (<usize>i << 2), k - 1);
        store<i32>(target + (<usize>(k - 1) << 2), i);
        // Backtrack to the previous block: the merged mean may now violate it.
        if (i > 0) i = load<i32>(target + (<usize>(i - 1) << 2));
        break;
      }
    }
  }
}

/** Reverses n f64 in place (a decreasing fit is the increasing fit of the reversed sequence, reversed). */
export function reverseF64(values: usize, n: i32): void {
  // Invariant: positions [0, i) and (n−1−i, n) are swapped.
  for (let i = 0, j = n - 1; i < j; i++, j--) {
    const a = load<f64>(values + (<usize>i << 3));
    store<f64>(values + (<usize>i << 3), load<f64>(values + (<usize>j << 3)));
    store<f64>(values + (<usize>j << 3), a);
  }
}

/**
 * scikit-learn's _make_unique on (x, y, w) sorted by x then y: a new group starts where x − (the group's
 * first x) ≥ 1e-15; each group becomes (its first x, weighted mean of y, total weight). Returns the number
 * of groups written to xOut, yOut, wOut. w = 0 means all weights 1. The outputs may be the inputs (in place):
 * group g is written after row j ≥ g + 1 is read.
 */
export function mergeTiedX(x: usize, y: usize, w: usize, n: i32, xOut: usize, yOut: usize, wOut: usize): i32 {
  let groups = 0;
  let currentX = load<f64>(x), currentWy = 0.0, currentW = 0.0;
  // Invariant: groups [0, groups) are written; the open group starts at currentX and sums rows up to j.
  for (let j = 0; j < n; j++) {
    const xj = load<f64>(x + (<usize>j << 3));
    const wj = w ? load<f64>(w + (<usize>j << 3)) : 1.0;
    if (xj - currentX >= TIE_RESOLUTION) {
      store<f64>(xOut + (<usize>groups << 3), currentX);
      store<f64>(wOut + (<usize>groups << 3), currentW);
      store<f64>(yOut + (<usize>groups << 3), currentWy / currentW);
      groups++;
      currentX = xj;
      currentW = wj;
      currentWy = load<f64>(y + (<usize>j << 3)) * wj;
    } else {
      currentW += wj;
      currentWy += load<f64>(y + (<usize>j << 3)) * wj;
    }
  }
  store<f64>(xOut + (<usize>groups << 3), currentX);
  store<f64>(wOut + (<usize>groups << 3), currentW);
  store<f64>(yOut + (<usize>groups << 3), currentWy / currentW);
  return groups + 1;
}

/**
 * numpy.interp(xNew, tx, ty) for m ≥ 2 strictly increasing thresholds, except outside [tx[0], tx[m−1]],
 * where it returns fillBelow / fillAbove (scipy's interp1d fill values). Same arithmetic as numpy's
 * compiled_interp: slope (ty[j+1] − ty[j]) / (tx[j+1] − tx[j]), then slope·(x − tx[j]) + ty[j].
 * see: numpy/core/src/multiarray/compiled_base.c, arr_interp
 */
export function interpolateLinear(
  tx: usize, ty: usize, m: i32, xNew: usize, n: i32, fillBelow: f64, fillAbove: f64, out: usize,
): void {
  const first = load<f64>(tx), last = load<f64>(tx + (<usize>(m - 1) << 3));
  // Invariant: out[0..i) hold the interpolated values of xNew[0..i).
  for (let i = 0; i < n; i++) {
    const x = load<f64>(xNew + (<usize>i << 3));
    let result: f64;
    if (x < first) result = fillBelow;
    else if (x > last) result = fillAbove;
    else if (x == last) result = load<f64>(ty + (<usize>(m - 1) << 3));
    else {
      // Binary search for j with tx[j] ≤ x < tx[j+1].
      let lo = 0, hi = m - 1;
      // Invariant: tx[lo] ≤ x < tx[hi].
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (load<f64>(tx + (<usize>mid << 3)) <= x) lo = mid;
        else hi = mid;
      }
      const x0 = load<f64>(tx + (<usize>lo << 3)), x1 = load<f64>(tx + (<usize>(lo + 1) << 3));
      const y0 = load<f64>(ty + (<usize>lo << 3)), y1 = load<f64>(ty + (<usize>(lo + 1) << 3));
      result = interpolateBetween(x, x0, x1, y0, y1);
    }
    store<f64>(out + (<usize>i << 3), result);
  }
}

/**
 * The value at x ∈ [x0, x1) on the segment from (x0, y0) to (x1, y1), with numpy.interp's arithmetic:
 * slope (y1 − y0)/(x1 − x0), then slope·(x − x0) + y0, and its fallback from the other end when that is NaN.
 * see: numpy/core/src/multiarray/compiled_base.c, arr_interp
 */
// @ts-ignore: decorator
@inline export function interpolateBetween(x: f64, x0: f64, x1: f64, y0: f64, y1: f64): f64 {
  if (x0 == x) return y0;
  if (!isFinite(x1 - x0)) {
    // Thresholds more than 1.8e308 apart (numpy's slope would be dy/∞ = 0): work on halves, where nothing
    // overflows; h ∈ [0, 1], and each added term is at most half of |y1 − y0|.
    const h = (x * 0.5 - x0 * 0.5) / (x1 * 0.5 - x0 * 0.5);
    const half = y1 * 0.5 - y0 * 0.5;
    return y0 + h * half + h * half;
  }
  const slope = (y1 - y0) / (x1 - x0);
  let result = slope * (x - x0) + y0;
  // numpy's fallback for an overflowing slope: interpolate from the other end.
  if (isNaN(result)) {
    result = slope * (x - x1) + y1;
    if (isNaN(result) && y0 == y1) result = y0;
  }
  return result;
}

/** out[i] = logit(clamp(p[i], lo, hi)) = ln(p / (1 − p)): the isotonic calibrator's per-response reward. */
export function logitClipped(p: usize, n: i32, lo: f64, hi: f64, out: usize): void {
  // Invariant: out[0..i) are written.
  for (let i = 0; i < n; i++) {
    const q = Math.min(Math.max(load<f64>(p + (<usize>i << 3)), lo), hi);
    store<f64>(out + (<usize>i << 3), Math.log(q / (1.0 - q)));
  }
}

/**
 * The pruned thresholds of an increasing PAV fit straight from its blocks (poolAdjacentBlocks), each block's
 * mean clipped to [lo, hi]: the same points as expanding the fit, clipping and pruning (pruneThresholds: keep
 * the first and last points and every point whose value differs from a neighbour's), since inside a block the
 * values are equal: a block keeps its first point when the previous block's value differs and its last point
 * when the next block's does. O(number of blocks). Writes the kept points to xOut, yOut (which may be x, y:
 * every write lands at or before the block being read) and returns how many.
 */
export function pruneBlocks(x: usize, y: usize, m: i32, target: usize, lo: f64, hi: f64, xOut: usize, yOut: usize): i32 {
  let kept = 0, start = 0;
  let previous = 0.0;
  let value = min(max(load<f64>(y), lo), hi);
  // Invariant: the kept points of the blocks before `start` are in xOut, yOut[0, kept); value is the clipped
  // mean of the block at start, previous that of the block before it.
  while (start < m) {
    const end = load<i32>(target + (<usize>start << 2));
    const nextStart = end + 1;
    const next = nextStart < m ? min(max(load<f64>(y + (<usize>nextStart << 3)), lo), hi) : 0.0;
    const firstX = load<f64>(x + (<usize>start << 3)), lastX = load<f64>(x + (<usize>end << 3));
    if (start == 0 || start == m - 1 || previous != value || (start == end && next != value)) {
      store<f64>(xOut + (<usize>kept << 3), firstX);
      store<f64>(yOut + (<usize>kept << 3), value);
      kept++;
    }
    if (end > start && (end == m - 1 || next != value)) {
      store<f64>(xOut + (<usize>kept << 3), lastX);
      store<f64>(yOut + (<usize>kept << 3), value);
      kept++;
    }
    previous = value;
    value = next;
    start = nextStart;
  }
  return kept;
}
