// Pointwise bootstrap bands for the smooth reliability curve of smoothEce.
import type { PairColumns } from "../pairs/pairs";
import { gathered, resamplingUnits, resampleUnitIndices } from "./resampling-units";
import { withSmoothingGrids } from "../../core/smooth-ece";
import { sortedCopy } from "../sort/sorted-copy";
import { linearQuantile } from "./linear-quantile";

/**
 * What the band's resamples need, as plain data so that it crosses to a worker by structured clone: the pairs, their
 * binned values and outcomes, the range's lower end, the full data's bandwidth, the M-point grid and the grid
 * indices where the curve is drawn, and the seed.
 */
export interface SmoothBandResampling {
  readonly columns: PairColumns;
  readonly values: Float64Array;
  readonly outcomes: Float64Array;
  readonly lower: number;
  readonly bandwidth: number;
  readonly m: number;
  readonly indices: readonly number[];
  readonly seed: number;
}

/**
 * The resampled curves of smoothEce's pointwise percentile band: the pairs are resampled whole, or whole clusters
 * when the columns have a cluster column (the units and stream of bootstrapCalibration, docs/DESIGN.md §6.5), and
 * each resample is smoothed at the full data's bandwidth (Efron & Tibshirani 1993, ch. 13). This computes
 * resamples first … first + count − 1 at the drawn points: value j·P + p is resample first + j's curve at point p
 * (P points), NaN where that resample has no kernel mass. Resample r draws
 * resampleUnitIndices(units, seed, r) whatever range it is computed in, so ranges computed apart (in workers,
 * docs/DESIGN.md §6.10) and joined in order give the bits of one run. O(count·(n + M·σ/h)) on an M-point grid.
 * @example smoothBandCurves({ columns, values, outcomes, lower: 0.5, bandwidth: 0.04, m: 201, indices: [0, 2, 4], seed: 0 }, 0, 200)
 */
export function smoothBandCurves(
  resampling: SmoothBandResampling, first: number, count: number, afterResample?: (done: number) => void,
): Float64Array {
  const { columns, values, outcomes, lower, bandwidth, m, indices, seed } = resampling;
  const units = resamplingUnits(columns);
  const points = indices.length;
  const curves = new Float64Array(count * points).fill(NaN);
  for (let j = 0; j < count; j++) {
    const drawn = resampleUnitIndices(units, seed, first + j);
    const v = gathered(values, drawn), k = gathered(outcomes, drawn);
    const w = columns.weight ? gathered(columns.weight, drawn) : null;
    const total = w ? w.reduce((a, b) => a + b, 0) : drawn.length;
    if (total > 0) {
      const [, density, outcome] = withSmoothingGrids(v, k, w, total, lower, 1, (grids) => grids.smoothAll(bandwidth, m));
      indices.forEach((at, p) => {
        if (density[at] > 0) curves[j * points + p] = outcome[at] / density[at];
      });
    }
    // Between resamples no WebAssembly memory is held, so stopping here leaves nothing behind.
    afterResample?.(j + 1);
  }
  return curves;
}

/**
 * The band from the resampled curves of smoothBandCurves (every resample, in resample order): at each of the
 * `points` drawn points, the (1 ∓ confidence)/2 linear quantiles of the curves that reach it. O(R·P log R).
 */
export function smoothBandFromCurves(curves: Float64Array, points: number, confidence: number): { low: (number | null)[]; high: (number | null)[] } {
  const low: (number | null)[] = [], high: (number | null)[] = [];
  for (let p = 0; p < points; p++) {
    const reached: number[] = [];
    for (let at = p; at < curves.length; at += points) if (!Number.isNaN(curves[at])) reached.push(curves[at]);
    // A point no resample reaches (all its nearby pairs left out every time) has no band: null, not a guess.
    const sorted = sortedCopy(Float64Array.from(reached));
    low.push(sorted.length > 0 ? linearQuantile(sorted, (1 - confidence) / 2) : null);
    high.push(sorted.length > 0 ? linearQuantile(sorted, (1 + confidence) / 2) : null);
  }
  return { low, high };
}

