// How well calibration pairs cover the margin axis.
import { finiteColumn } from "../validation/columns";

/** A run of adjacent histogram bins, each holding fewer pairs than the minimum. */
export interface SparseRegion { lower: number; upper: number; count: number }

export interface Coverage {
  /** Smallest and largest calibration margin: a calibrator fitted on these pairs extrapolates outside them. */
  range: [number, number];
  /** Equal-width histogram of the margins over `range`: B + 1 edges and B counts (pairs of any weight). */
  histogram: { edges: number[]; counts: number[] };
  /** The minimum number of pairs per bin needed to estimate calibration there. */
  minPerBin: number;
  /** Adjacent bins below the minimum, merged into regions. */
  sparse: SparseRegion[];
  /** Share of pairs in sparse bins. */
  sparseShare: number;
}

/**
 * Coverage of the margin axis by calibration pairs: an equal-width histogram of the margins, the regions whose
 * bins hold fewer than `minPerBin` pairs (too few to estimate a calibration gap: with 30 pairs a binomial rate's
 * standard error is still up to 0.09), and the range outside which any fitted calibrator extrapolates.
 * O(n). Bin rule as numpy.histogram: [e_i, e_{i+1}), the last bin closed.
 * @param margins calibration margins d = r_A − r_B
 * @returns the histogram, sparse regions and the extrapolation range
 * @throws {RangeError} if a margin is not finite or the options are invalid
 * @example marginCoverage([-1, 0, 0, 2], 2, 2).sparseShare // => 0.25
 */
export function marginCoverage(margins: ArrayLike<number>, bins = 10, minPerBin = 30): Coverage {
  const d = finiteColumn(margins, "margins");
  let low = Infinity, high = -Infinity;
  for (const x of d) {
    if (x < low) low = x;
    if (x > high) high = x;
  }
  const width = high > low ? (high - low) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? (high > low ? high : low + 1) : low + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const x of d) {
    let b = Math.floor((x - low) / width);
    if (b >= bins) b = bins - 1;
    // Rounding in (x − low)/width can land one bin off; the edges decide, as numpy.histogram does.
    while (b > 0 && x < edges[b]) b--;
    while (b < bins - 1 && x >= edges[b + 1]) b++;
    counts[b]++;
  }
  const sparse: SparseRegion[] = [];
  let sparseCount = 0;
  counts.forEach((count, b) => {
    if (count >= minPerBin) return;
    sparseCount += count;
    const last = sparse[sparse.length - 1];
    if (last && last.upper === edges[b]) Object.assign(last, { upper: edges[b + 1], count: last.count + count });
    else sparse.push({ lower: edges[b], upper: edges[b + 1], count });
  });
  return { range: [low, high], histogram: { edges, counts }, minPerBin, sparse, sparseShare: sparseCount / d.length };
}
