// Reference bin edges and bin assignment (docs/DESIGN.md §2.3), written for clarity, not speed.

/** numpy.linspace(low, 1, B + 1): e_i = low + i·((1 − low)/B), with the last edge exactly 1. */
export function linspaceEdges(low: number, nBins: number): number[] {
  const step = (1 - low) / nBins;
  const edges: number[] = [];
  for (let i = 0; i < nBins; i++) edges.push(i * step + low);
  edges.push(1);
  return edges;
}

/**
 * numpy.percentile(values, linspace(0, 1, B + 1) * 100), "linear" method: the q-quantile sits at the virtual
 * index h = (n − 1)·q of the sorted values, interpolated between its neighbours as numpy's _lerp does
 * (from below when the fraction is < ½, from above otherwise).
 */
export function percentileEdges(values: readonly number[], nBins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return linspaceEdges(0, nBins).map((fraction) => {
    const q = (fraction * 100) / 100;
    const h = (n - 1) * q;
    const below = Math.floor(h);
    if (below >= n - 1) return sorted[n - 1];
    const t = h - below;
    const a = sorted[below], b = sorted[below + 1];
    return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
  });
}

/** Edges with repeated values removed; one value only gives the single bin [v, v]. */
export function distinctEdges(edges: readonly number[]): number[] {
  const out = edges.filter((e, i) => i === 0 || e !== edges[i - 1]);
  return out.length === 1 ? [out[0], out[0]] : out;
}

/** The bin of v: k with e_k < v ≤ e_{k+1}; the first bin also takes v ≤ e_0. Found by a plain scan. */
export function binOf(v: number, edges: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < edges.length - 1; i++) if (edges[i] < v) k = i;
  return k;
}
