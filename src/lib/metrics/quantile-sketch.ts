// Equal-count bins from a fine histogram, for quantile bins over shards (docs/DESIGN.md §3.8). Each shard keeps its
// sums in G fine uniform bins, which add across shards; the merged counts locate every order statistic to within its
// fine bin, so numpy's percentile edge is replaced by a fine-bin boundary: exactly the same split of the pairs when
// the two order statistics around the edge lie in different fine bins, and otherwise a split within one fine bin
// of width (1 − low)/G. The outer edges, min and max, are exact.

/** The final bins: edges e_0 … e_k (e_0 = min, e_k = max) and, per final bin, the fine bins [first[i], first[i + 1]). */
export interface SketchBins {
  edges: Float64Array;
  first: number[];
}

/**
 * Equal-count bins of B requested from the counts of G fine bins with edges fineEdges (G + 1 of them), the values'
 * range [min, max], and n = Σ counts. The target of inner edge i is numpy.percentile's: the order statistics j and
 * j + 1 around the virtual index (n − 1)·i/B. Edges that would leave a bin empty are dropped, as assess drops
 * duplicate quantile edges. O(G + B).
 */
export function sketchQuantileBins(
  counts: readonly number[], fineEdges: Float64Array, range: readonly [number, number], nBins: number,
): SketchBins {
  const g = counts.length;
  // below[k]: the number of values in fine bins [0, k), the values a boundary at fineEdges[k] puts below it.
  const below = new Array<number>(g + 1);
  below[0] = 0;
  for (let f = 0; f < g; f++) below[f + 1] = below[f] + counts[f];
  const n = below[g];
  /** The fine bin holding the order statistic of 0-based rank r: the first f with below[f + 1] > r. */
  const fineOf = (r: number): number => {
    let lo = 0, hi = g - 1;
    // Invariant: the answer lies in [lo, hi].
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (below[mid + 1] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const boundaries: number[] = [];
  const step = 1 / nBins;
  for (let i = 1; i < nBins; i++) {
    const virtualIndex = (n - 1) * ((i * step * 100) / 100); // numpy.percentile's, as in percentileEdgesOfSorted
    if (virtualIndex >= n - 1) continue;
    const j = Math.floor(virtualIndex);
    const a = fineOf(j), b = fineOf(j + 1);
    // Order statistics j and j + 1 in different fine bins: the boundary above j's splits exactly as numpy's edge.
    // In one fine bin: the nearer of its two boundaries in count (ties to the lower), off by less than its count.
    const k = b > a ? a + 1 : Math.abs(below[a] - (j + 1)) <= Math.abs(below[a + 1] - (j + 1)) ? a : a + 1;
    const previous = boundaries.length === 0 ? 0 : below[boundaries[boundaries.length - 1]];
    // A boundary must leave values on both sides and add some to the bin it closes, and lie strictly inside (min, max).
    if (below[k] > previous && below[k] < n && fineEdges[k] > range[0] && fineEdges[k] < range[1]) boundaries.push(k);
  }
  const edges = Float64Array.from([range[0], ...boundaries.map((k) => fineEdges[k]), range[1]]);
  return { edges, first: [0, ...boundaries, g] };
}
