// Inductive Venn–Abers: for every place a test score can take among m merged calibration scores, the isotonic
// fit at the test point after adding it with label 1 (or 0), all in O(m) after the sort (docs/DESIGN.md §5.13).
// see: Vovk, Petej & Fedorova, "Large-scale probabilistic predictors with and without guarantees of validity",
//      NeurIPS 2015, §4 (the cumulative sum diagram and its greatest convex minorant, kept on a stack);
//      the insertion sweep below is our own formulation of the same idea.
//
// The geometry. With cumulative sums P_b = (W_b, V_b) of the merged weights and weighted labels (P_0 = (0, 0)),
// the isotonic fit at a test point of weight 1 and label c placed in gap g (after merged score g) is
//   max_{a ≤ g} min_{b ≥ g} (V_b − V_a + c) / (W_b − W_a + 1) = max_a min_b slope(Q_a, P_b),  Q_a = P_a − (1, c),
// the slope of the bridge of the lower convex hull of L_g = {Q_0 … Q_g} and R_g = {P_g … P_m} (the two sets are
// separated in x, so the bridge is the hull edge over (W_g − 1, W_g)). From gap g − 1 to gap g, P_{g−1} leaves
// and Q_g enters. For c = 1, P_{g−1} = Q_{g−1} + (1, 1) lies on or above the chord from Q_{g−1} to P_g (whose
// slope is at most 1), so it is never below the new hull: the new hull is the old hull with Q_g inserted. Every
// hull vertex is removed at most once and the cursor only moves right: O(m) for all gaps.
//
// Ties. A test score equal to merged score j is merged with it (as isotonic regression merges tied x): its fit
// takes a ≤ j − 1 and b ≥ j, whose hull is gap j − 1's without P_{j−1}, which the argument above shows changes
// nothing. So with label 1 a tie gets gap j − 1's value, and (by mirroring) with label 0 gap j's value.

/** A hull vertex id: 0 … m are P_0 … P_m, m + 1 … 2m + 1 are Q_0 … Q_m. */
// @ts-ignore: decorator
@inline function vx(id: i32, m: i32, cw: usize): f64 {
  return id <= m ? load<f64>(cw + (<usize>id << 3)) : load<f64>(cw + (<usize>(id - m - 1) << 3)) - 1.0;
}

// @ts-ignore: decorator
@inline function vy(id: i32, m: i32, cv: usize): f64 {
  // The added label is 1: Q_a = P_a − (1, 1).
  return id <= m ? load<f64>(cv + (<usize>id << 3)) : load<f64>(cv + (<usize>(id - m - 1) << 3)) - 1.0;
}

/** (a − o) × (b − o): positive when o → a → b turns left (b lies above the line through o and a, o left of a). */
// @ts-ignore: decorator
@inline function cross(ox: f64, oy: f64, ax: f64, ay: f64, bx: f64, by: f64): f64 {
  return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);
}

// @ts-ignore: decorator
@inline function getI32(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function setI32(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

/**
 * upper[g], g = 0 … m: the isotonic fit at a test point of label 1 and weight 1 placed after the first g of m
 * merged calibration scores (weights w, mean labels y, in score order). With `mirrored`, the scores are read in
 * reverse order with labels 1 − y, which gives the label-0 fits by symmetry (vennAbersLower). Clipped to [0, 1].
 * Scratch: cw, cv of m + 1 f64 each; prev, next of 2m + 2 i32 each. O(m).
 * Requires the total weight below 2^53, so that W_g − 1 is exact and every Q_g lies strictly left of P_g (the
 * facade refuses larger totals): the walks below rely on P_m being the rightmost point.
 */
export function vennAbersUpper(
  w: usize, y: usize, m: i32, mirrored: bool, cw: usize, cv: usize, prev: usize, next: usize, upper: usize,
): void {
  // Cumulative sums: cw[b] = W_b, cv[b] = V_b.
  let sumW = 0.0, sumV = 0.0;
  store<f64>(cw, 0.0);
  store<f64>(cv, 0.0);
  // Invariant: cw[0 … i], cv[0 … i] hold the sums of the first i groups (in reading order).
  for (let i = 0; i < m; i++) {
    const at = mirrored ? m - 1 - i : i;
    const wi = load<f64>(w + (<usize>at << 3));
    const yi = mirrored ? 1.0 - load<f64>(y + (<usize>at << 3)) : load<f64>(y + (<usize>at << 3));
    sumW += wi;
    sumV += wi * yi;
    store<f64>(cw + (<usize>(i + 1) << 3), sumW);
    store<f64>(cv + (<usize>(i + 1) << 3), sumV);
  }
  const q0 = m + 1;
  // The lower hull of Q_0, P_0, …, P_m (in increasing x) by the monotone chain; the stack is the next[] chain.
  setI32(prev, q0, -1);
  let top = q0;
  // Invariant: q0 → … → top (linked through prev) is the lower hull of the points read so far.
  for (let b = 0; b <= m; b++) {
    const bx = vx(b, m, cw), by = vy(b, m, cv);
    while (top != q0) {
      const below = getI32(prev, top);
      if (cross(vx(below, m, cw), vy(below, m, cv), vx(top, m, cw), vy(top, m, cv), bx, by) > 0) break;
      top = below;
    }
    setI32(prev, b, top);
    setI32(next, top, b);
    top = b;
  }
  setI32(next, top, -1);
  let cursor = q0;
  store<f64>(upper, bridgeSlope(cursor, m, cw, cv, next));
  // Invariant: prev/next link the lower hull of {Q_0 … Q_g} ∪ {P_g … P_m} (plus, at most, vertices lying on
  // it); cursor is a vertex with x ≤ W_g − 1, and every vertex left of it is left of all later insertions.
  for (let g = 1; g <= m; g++) {
    const q = q0 + g;
    const qx = vx(q, m, cw), qy = vy(q, m, cv);
    let u = cursor;
    // The rightmost vertex P_m has x = W_m > qx, so the walk stops before the end of the hull.
    while (vx(getI32(next, u), m, cw) <= qx) u = getI32(next, u);
    let v = getI32(next, u);
    if (cross(vx(u, m, cw), vy(u, m, cv), vx(v, m, cw), vy(v, m, cv), qx, qy) < 0) {
      // Q_g lies below the edge u → v: it becomes a vertex, and neighbours that no longer turn left are removed.
      // Invariant: the vertices left of u (through prev) form a convex chain ending at u.
      while (getI32(prev, u) >= 0) {
        const uu = getI32(prev, u);
        if (cross(vx(uu, m, cw), vy(uu, m, cv), vx(u, m, cw), vy(u, m, cv), qx, qy) > 0) break;
        u = uu;
      }
      // Invariant: the vertices right of v (through next) form a convex chain starting at v.
      while (getI32(next, v) >= 0) {
        const vv = getI32(next, v);
        if (cross(qx, qy, vx(v, m, cw), vy(v, m, cv), vx(vv, m, cw), vy(vv, m, cv)) > 0) break;
        v = vv;
      }
      setI32(next, u, q); setI32(prev, q, u);
      setI32(next, q, v); setI32(prev, v, q);
      cursor = q;
    } else {
      cursor = u;
    }
    store<f64>(upper + (<usize>g << 3), bridgeSlope(cursor, m, cw, cv, next));
  }
}

/** The slope of the hull edge leaving `from` to the right, clipped to [0, 1] (a mean of labels in [0, 1]). */
// @ts-ignore: decorator
@inline function bridgeSlope(from: i32, m: i32, cw: usize, cv: usize, next: usize): f64 {
  const to = getI32(next, from);
  const slope = (vy(to, m, cv) - vy(from, m, cv)) / (vx(to, m, cw) - vx(from, m, cw));
  return min(max(slope, 0.0), 1.0);
}

/**
 * lower[g] := 1 − mirroredUpper[m − g], in place on the output of vennAbersUpper(…, mirrored = true): the label-0
 * fit in gap g is the complement of the label-1 fit of the mirrored data (scores negated, labels 1 − y) in the
 * mirrored gap. O(m).
 */
export function vennAbersLower(lower: usize, m: i32): void {
  // Invariant: entries [0, i) and (m − i, m] hold their final values.
  for (let i = 0, j = m; i <= j; i++, j--) {
    const a = load<f64>(lower + (<usize>i << 3)), b = load<f64>(lower + (<usize>j << 3));
    store<f64>(lower + (<usize>i << 3), 1.0 - b);
    store<f64>(lower + (<usize>j << 3), 1.0 - a);
  }
}

/**
 * Keeps score j (1-based, between gaps j − 1 and j) only where a table changes across it: when
 * lower[j − 1] = lower[j] and upper[j − 1] = upper[j], the tie at j and both gaps give the same interval, so the
 * score and one gap entry can go without changing any prediction. Writes in place (every write lands at or
 * before the entry read) and returns the number of scores kept; the tables then hold kept + 1 entries. O(m).
 */
export function pruneVennAbers(x: usize, lower: usize, upper: usize, m: i32): i32 {
  let kept = 0;
  // Invariant: x[0, kept) are the kept scores; lower/upper[0 … kept] hold the gap values up to the last kept one.
  for (let j = 1; j <= m; j++) {
    const lo = load<f64>(lower + (<usize>j << 3)), hi = load<f64>(upper + (<usize>j << 3));
    if (lo != load<f64>(lower + (<usize>kept << 3)) || hi != load<f64>(upper + (<usize>kept << 3))) {
      store<f64>(x + (<usize>kept << 3), load<f64>(x + (<usize>(j - 1) << 3)));
      kept++;
      store<f64>(lower + (<usize>kept << 3), lo);
      store<f64>(upper + (<usize>kept << 3), hi);
    }
  }
  return kept;
}

/**
 * Venn–Abers predictions for n scores s from k strictly increasing scores x and gap tables lower, upper (k + 1
 * each): with lo = #{x < s} and hi = #{x ≤ s} (binary search), p0 = lower[hi], p1 = upper[lo] (a tied score
 * takes the tie rule above), and the merged probability p = p1 / (1 − p0 + p1). O(n log k).
 */
export function vennAbersPredict(
  x: usize, lower: usize, upper: usize, k: i32, s: usize, n: i32, p0Out: usize, p1Out: usize, pOut: usize,
): void {
  // Invariant: outputs [0, i) are written.
  for (let i = 0; i < n; i++) {
    const v = load<f64>(s + (<usize>i << 3));
    // lo: the first index with x[lo] ≥ v. Invariant: x[a − 1] < v ≤ x[b] (with x[−1] = −∞, x[k] = +∞).
    let a = 0, b = k;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (load<f64>(x + (<usize>mid << 3)) < v) a = mid + 1;
      else b = mid;
    }
    const lo = a;
    const hi = lo < k && load<f64>(x + (<usize>lo << 3)) == v ? lo + 1 : lo;
    const p0 = load<f64>(lower + (<usize>hi << 3)), p1 = load<f64>(upper + (<usize>lo << 3));
    store<f64>(p0Out + (<usize>i << 3), p0);
    store<f64>(p1Out + (<usize>i << 3), p1);
    store<f64>(pOut + (<usize>i << 3), p1 / (1.0 - p0 + p1));
  }
}
