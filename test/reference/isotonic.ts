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

/** A stable ascending sort permutation by comparison sort (−0 ties +0). */
export function referenceSortPermutation(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

/** scipy.stats.rankdata(values, "average"). */
export function referenceAverageRanks(values: ArrayLike<number>): number[] {
  const order = referenceSortPermutation(values);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    for (let k = start; k < end; k++) ranks[order[k]] = (start + 1 + end) / 2;
    start = end;
  }
  return ranks;
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
 * scikit-learn's IsotonicRegression._build_y written plainly (increasing, no bounds): drop zero weights, sort by
 * (x, y) with a comparison sort, merge x within 1e-15 of a group's first x, PAV, prune. Returns the thresholds.
 */
export function referenceIsotonicThresholds(
  x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>,
): { x: number[]; y: number[] } {
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
  const fit = referencePav(uy, uw);
  const keep = fit.map((v, i) => i === 0 || i === fit.length - 1 || v !== fit[i - 1] || v !== fit[i + 1]);
  return { x: ux.filter((_, i) => keep[i]), y: fit.filter((_, i) => keep[i]) };
}
