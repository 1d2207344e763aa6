// Bin edges for reliability diagrams (docs/DESIGN.md §2.3).
import { withSortedValues } from "../../core/order-statistics";
import type { BinLayout } from "../../core/bin-layout";

export type Binning = "uniform" | "quantile";

/** Uniform bins over [low, 1] with numpy.linspace's edges: e_i = low + i·((1 − low)/B), e_B = 1. */
export function uniformLayout(nBins: number, low: number): BinLayout {
  return { kind: "uniform", nBins, start: low, step: (1 - low) / nBins };
}

/** The edges of a layout as numbers, e_0 … e_B (what a diagram draws). */
export function layoutEdges(layout: BinLayout): Float64Array {
  if (layout.kind === "edges") return layout.edges;
  const edges = new Float64Array(layout.nBins + 1);
  for (let i = 0; i < layout.nBins; i++) edges[i] = i * layout.step + layout.start;
  edges[layout.nBins] = 1;
  return edges;
}

/**
 * numpy.percentile(values, linspace(0, 1, B + 1) * 100) with the default "linear" method, reproduced
 * operation by operation so that edges equal numpy's bit for bit (scikit-learn's quantile strategy uses it).
 * O(n): the values are radix-sorted in WebAssembly.
 * see: numpy/lib/function_base.py, _quantile and _lerp (numpy 1.22+)
 */
export function numpyPercentileEdges(values: Float64Array, nBins: number): Float64Array {
  return withSortedValues(values, (sorted) => percentileEdgesOfSorted(sorted, nBins));
}

/** numpyPercentileEdges of values already sorted ascending: reads only the 2(B + 1) order statistics it needs. */
export function percentileEdgesOfSorted(sorted: Float64Array, nBins: number): Float64Array {
  const n = sorted.length;
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  for (let i = 0; i <= nBins; i++) {
    const fraction = i === nBins ? 1 : i * step; // linspace(0, 1, B + 1)
    const q = (fraction * 100) / 100; // "* 100" in scikit-learn, "/ 100" inside numpy.percentile
    const virtualIndex = (n - 1) * q;
    if (virtualIndex >= n - 1) {
      edges[i] = sorted[n - 1];
      continue;
    }
    const previous = Math.floor(virtualIndex);
    const gamma = virtualIndex - previous;
    const a = sorted[previous];
    const b = sorted[previous + 1];
    const diff = b - a;
    edges[i] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
  return edges;
}

/** Quantile edges with duplicates removed (assess's rule: no empty bins by construction). */
export function distinctQuantileEdges(values: Float64Array, nBins: number): Float64Array {
  return distinctEdges(numpyPercentileEdges(values, nBins));
}

/** Edges with duplicates removed; all values equal gives one bin holding everything. */
export function distinctEdges(edges: Float64Array): Float64Array {
  const distinct: number[] = [edges[0]];
  for (let i = 1; i < edges.length; i++) if (edges[i] > distinct[distinct.length - 1]) distinct.push(edges[i]);
  if (distinct.length === 1) distinct.push(distinct[0]);
  return Float64Array.from(distinct);
}

/** The values whose weight is positive (all of them when weights are null, meaning all ones). */
export function withPositiveWeight(values: Float64Array, weights: Float64Array | null): Float64Array {
  return weights === null ? values : values.filter((_, i) => weights[i] > 0);
}
