// Pointwise bootstrap bands for the smooth reliability curve of smoothEce.
import type { PairColumns } from "../pairs/pairs";
import { resamplingUnits, resampleUnitIndices } from "./resampling-units";
import { withSmoothingGrids } from "../../core/smooth-ece";
import { sortedCopy } from "../sort/sorted-copy";
import { linearQuantile } from "./linear-quantile";

/**
 * Pointwise percentile band of the smooth reliability curve: the pairs are resampled whole, or whole clusters when
 * the columns have a cluster column (the units and stream of bootstrapCalibration, docs/DESIGN.md §6.5), each resample is smoothed at the full data's bandwidth, and at each grid point the band is
 * the (1 ∓ confidence)/2 quantiles of the resampled curves (resamples with no kernel mass at a point are left out
 * there). Efron & Tibshirani 1993, ch. 13. O(R·(n + M·σ/h)) for R resamples on an M-point grid.
 * @param indices grid indices (stride apart on the M-point grid) where the curve is drawn
 * @returns low and high per drawn point, in the order of indices
 * @example smoothCurveBand(columns, values, outcomes, 0.5, 0.04, 201, [0, 2, 4], 200, 0.9, 0)
 */
export function smoothCurveBand(
  columns: PairColumns, values: Float64Array, outcomes: Float64Array, lower: number, bandwidth: number, m: number,
  indices: number[], resamples: number, confidence: number, seed: number, afterResample?: (done: number) => void,
): { low: (number | null)[]; high: (number | null)[] } {
  const curves = indices.map(() => [] as number[]);
  const units = resamplingUnits(columns);
  for (let r = 0; r < resamples; r++) {
    const drawn = resampleUnitIndices(units, seed, r);
    const v = Float64Array.from(drawn, (i) => values[i]);
    const k = Float64Array.from(drawn, (i) => outcomes[i]);
    const w = columns.weight ? Float64Array.from(drawn, (i) => columns.weight![i]) : null;
    const total = w ? w.reduce((a, b) => a + b, 0) : drawn.length;
    if (total > 0) {
      const [, density, outcome] = withSmoothingGrids(v, k, w, total, lower, 1, (grids) => grids.smoothAll(bandwidth, m));
      indices.forEach((at, j) => {
        if (density[at] > 0) curves[j].push(outcome[at] / density[at]);
      });
    }
    // Between resamples no WebAssembly memory is held, so stopping here leaves nothing behind.
    afterResample?.(r + 1);
  }
  const low: (number | null)[] = [], high: (number | null)[] = [];
  for (const drawn of curves) {
    // A point no resample reaches (all its nearby pairs left out every time) has no band: null, not a guess.
    const sorted = sortedCopy(Float64Array.from(drawn));
    low.push(sorted.length > 0 ? linearQuantile(sorted, (1 - confidence) / 2) : null);
    high.push(sorted.length > 0 ? linearQuantile(sorted, (1 + confidence) / 2) : null);
  }
  return { low, high };
}
