// Plain-TypeScript reference for the isotonic kernels: a stack-of-blocks PAV (a different formulation from the
// kernel's in-place target array), Array.prototype.sort for ordering, and numpy.interp written out directly.

/** Non-decreasing weighted least-squares fit by a stack of blocks (mean, weight, length). */
export function referencePav(y: ArrayLike<number>, w: ArrayLike<number>): number[] {
  const blocks: { sumWy: number; sumW: number; length: number }[] = [];
  for (let i = 0; i < y.length; i++) {
    blocks.push({ sumWy: w[i] * y[i], sumW: w[i], length: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1], before = blocks[blocks.length - 2];
      if (before.sumWy / before.sumW < last.sumWy / last.sumW) break;
      blocks.pop();
      before.sumWy += last.sumWy;
      before.sumW += last.sumW;
      before.length += last.length;
    }
  }
  return blocks.flatMap((b) => Array(b.length).fill(b.sumWy / b.sumW));
}

/** numpy.interp(x, xp, fp) inside [xp[0], xp[last]] (callers handle the outside). */
export function referenceInterp(x: number, xp: ArrayLike<number>, fp: ArrayLike<number>): number {
  const m = xp.length;
  if (x === xp[m - 1]) return fp[m - 1];
  let j = 0;
  while (j + 1 < m && xp[j + 1] <= x) j++;
  if (xp[j] === x) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  return slope * (x - xp[j]) + fp[j];
}

/**
 * scikit-learn's _make_unique after its sort, written plainly: drop zero weights, sort by (x, y) with a comparison
 * sort, and merge x within 1e-15 of a group's first x into the group's weighted mean and total weight.
 */
function referenceMergeTies(
  x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>,
): { x: number[]; y: number[]; w: number[] } {
  const rows = Array.from({ length: x.length }, (_, i) => i).filter((i) => w[i] > 0)
    .sort((a, b) => x[a] - x[b] || y[a] - y[b] || a - b);
  const ux: number[] = [], uy: number[] = [], uw: number[] = [];
  let first = x[rows[0]], sumWy = 0, sumW = 0;
  for (const i of rows) {
    if (x[i] - first >= 1e-15) {
      ux.push(first); uy.push(sumWy / sumW); uw.push(sumW);
      first = x[i]; sumWy = 0; sumW = 0;
    }
    sumWy += y[i] * w[i];
    sumW += w[i];
  }
  ux.push(first); uy.push(sumWy / sumW); uw.push(sumW);
  return { x: ux, y: uy, w: uw };
}

/**
 * scikit-learn's IsotonicRegression._build_y written plainly (increasing, no bounds): drop zero weights, sort by
 * (x, y) with a comparison sort, merge x within 1e-15 of a group's first x, PAV, prune. Returns the thresholds.
 */
export function referenceIsotonicThresholds(
  x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>,
): { x: number[]; y: number[] } {
  const { x: ux, y: uy, w: uw } = referenceMergeTies(x, y, w);
  const fit = referencePav(uy, uw);
  const keep = fit.map((v, i) => i === 0 || i === fit.length - 1 || v !== fit[i - 1] || v !== fit[i + 1]);
  return { x: ux.filter((_, i) => keep[i]), y: fit.filter((_, i) => keep[i]) };
}

/**
 * scikit-learn's _inplace_contiguous_isotonic_regression (sklearn/_isotonic.pyx, 1.2) on plain arrays: the same
 * arithmetic as its compiled loop (a pooled block contributes mean × weight), so fits agree bit for bit, which
 * the symmetric fit's pruning (exact comparisons of fitted values) needs.
 */
function referencePavSklearn(values: ArrayLike<number>, weights: ArrayLike<number>): number[] {
  const y = Array.from(values), w = Array.from(weights), n = y.length;
  const target = y.map((_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) { i = k; continue; }
    let sumWy = w[i] * y[i], sumW = w[i];
    for (;;) {
      const previous = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || previous < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  for (let start = 0; start < n; start = target[start] + 1) y.fill(y[start], start + 1, target[start] + 1);
  return y;
}

/**
 * The symmetric pairwise isotonic fit (fitIsotonic with symmetric: true) written plainly: the 2n records
 * (d, y) and (−d, 1 − y) with zero weights dropped, sorted by (x, y) with a comparison sort, merged, pooled
 * (referencePavSklearn), clipped to [0, 1]; then g on the sorted union S of the thresholds and their negations,
 * (g(s) + 1 − g(−s)) / 2, and the pruning. label null means all 1, weight null all 1.
 */
export function referenceAntisymmetricThresholds(
  margin: ArrayLike<number>, label: ArrayLike<number> | null, weight: ArrayLike<number> | null,
): { x: number[]; y: number[] } {
  const x: number[] = [], y: number[] = [], w: number[] = [];
  for (const mirrored of [false, true]) {
    for (let i = 0; i < margin.length; i++) {
      const yi = label ? label[i] : 1;
      x.push(mirrored ? -margin[i] : margin[i]);
      y.push(mirrored ? 1 - yi : yi);
      w.push(weight ? weight[i] : 1);
    }
  }
  const { x: tx, y: uy, w: uw } = referenceMergeTies(x, y, w);
  const ty = referencePavSklearn(uy, uw).map((v) => Math.min(Math.max(v, 0), 1));
  const m = tx.length;
  const s = [...tx, ...tx.map((v) => -v)].map((v) => (v === 0 ? 0 : v)).sort((a, b) => a - b)
    .filter((v, i, all) => i === 0 || v > all[i - 1]);
  const g = s.map((v) => (m === 1 || v < tx[0] ? ty[0] : v > tx[m - 1] ? ty[m - 1] : referenceInterp(v, tx, ty)));
  const symmetric = g.map((v, i) => (v + (1 - g[s.length - 1 - i])) / 2);
  const keep = symmetric.map((v, i) => i === 0 || i === s.length - 1 || v !== symmetric[i - 1] || v !== symmetric[i + 1]);
  return { x: s.filter((_, i) => keep[i]), y: symmetric.filter((_, i) => keep[i]) };
}
