// The antisymmetric step of the pairwise isotonic calibrator (src/lib/calibrators/fit-isotonic.ts): from the fit g
// at thresholds t, the values (g(s) + 1 − g(−s)) / 2 on the mirrored set S = t ∪ −t, then the thresholds pruned
// to where the value changes. Done here so that only the pruned thresholds leave WebAssembly memory.
// see: numpy/core/src/multiarray/compiled_base.c, arr_interp (the interpolation arithmetic, as in ./isotonic.ts)
import { interpolateBetween } from "./isotonic";

/**
 * The sorted union of t and −t (t strictly increasing, m ≥ 1), −0 and +0 as one point (+0). Writes at most
 * 2m values to out and returns how many. O(m), a merge of t with its reversed negation.
 */
export function mirroredUnion(t: usize, m: i32, out: usize): i32 {
  let i = 0, j = m - 1, count = 0;
  // Invariant: out[0, count) is the sorted union of t[0, i) and −t(j, m − 1], without repeats.
  while (i < m || j >= 0) {
    let next: f64;
    if (j < 0 || (i < m && load<f64>(t + (<usize>i << 3)) <= -load<f64>(t + (<usize>j << 3)))) {
      next = load<f64>(t + (<usize>i << 3)); i++;
    } else {
      next = -load<f64>(t + (<usize>j << 3)); j--;
    }
    const value = next == 0 ? 0.0 : next;
    if (count == 0 || value > load<f64>(out + (<usize>(count - 1) << 3))) {
      store<f64>(out + (<usize>count << 3), value);
      count++;
    }
  }
  return count;
}

/**
 * interpolateLinear (./isotonic.ts) for ascending queries xs, with fill values ty[0] below and ty[m − 1] above,
 * and the constant ty[0] when m = 1. The interval of each query is found by walking forward instead of by
 * binary search; tx is strictly increasing, so both find the same interval and give the same bits. O(m + n).
 */
export function interpolateAscending(tx: usize, ty: usize, m: i32, xs: usize, n: i32, out: usize): void {
  const first = load<f64>(tx), last = load<f64>(tx + (<usize>(m - 1) << 3));
  const below = load<f64>(ty), above = load<f64>(ty + (<usize>(m - 1) << 3));
  let lo = 0;
  // Invariant: out[0, i) are written; tx[lo] ≤ xs[i − 1] when xs[i − 1] lies in [first, last).
  for (let i = 0; i < n; i++) {
    const x = load<f64>(xs + (<usize>i << 3));
    let result: f64;
    if (m == 1 || x < first) result = below;
    else if (x > last) result = above;
    else if (x == last) result = above;
    else {
      // Invariant: tx[lo] ≤ x; stops at the last such lo, so x < tx[lo + 1].
      while (load<f64>(tx + (<usize>(lo + 1) << 3)) <= x) lo++;
      const x0 = load<f64>(tx + (<usize>lo << 3)), x1 = load<f64>(tx + (<usize>(lo + 1) << 3));
      const y0 = load<f64>(ty + (<usize>lo << 3)), y1 = load<f64>(ty + (<usize>(lo + 1) << 3));
      result = interpolateBetween(x, x0, x1, y0, y1);
    }
    store<f64>(out + (<usize>i << 3), result);
  }
}

/**
 * g[i] := (g[i] + (1 − g[m − 1 − i])) / 2 for g evaluated on a set symmetric about 0 (−s[i] = s[m − 1 − i]),
 * in place: both ends of each mirrored couple are read before either is written. O(m).
 */
export function antisymmetrize(g: usize, m: i32): void {
  // Invariant: entries [0, i) and (m − 1 − i, m) hold their final values.
  for (let i = 0, j = m - 1; i <= j; i++, j--) {
    const a = load<f64>(g + (<usize>i << 3)), b = load<f64>(g + (<usize>j << 3));
    store<f64>(g + (<usize>i << 3), (a + (1 - b)) / 2);
    store<f64>(g + (<usize>j << 3), (b + (1 - a)) / 2);
  }
}

/**
 * Keeps the first and last points and every point whose y differs from its predecessor's or successor's
 * (scikit-learn's _build_y), writing the kept (x, y) to xOut, yOut. Returns how many were kept. O(m).
 * The outputs may be the inputs: when point i is read, slot i − 1 holds point i − 1 or was not written yet.
 */
export function pruneThresholds(x: usize, y: usize, m: i32, xOut: usize, yOut: usize): i32 {
  let kept = 0;
  let previous = load<f64>(y);
  // Invariant: the points of [0, i) that are kept are in xOut, yOut[0, kept); previous = y[i − 1].
  for (let i = 0; i < m; i++) {
    const yi = load<f64>(y + (<usize>i << 3));
    if (i == 0 || i == m - 1 || yi != previous || yi != load<f64>(y + (<usize>(i + 1) << 3))) {
      store<f64>(xOut + (<usize>kept << 3), load<f64>(x + (<usize>i << 3)));
      store<f64>(yOut + (<usize>kept << 3), yi);
      kept++;
    }
    previous = yi;
  }
  return kept;
}
