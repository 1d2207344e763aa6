// The one-pass WebAssembly bootstrap of a metric whose bins do not depend on the resample, drawing whole pairs or
// whole clusters (docs/DESIGN.md §6.3, §6.5).
import type { PairColumns } from "../pairs/pairs";
import { scaleWeights } from "../../core/weight-scale";
import { bootstrapBinnedMetric, type BinnedMetric } from "../../core/bootstrap";
import type { FixedBinOptions } from "./binned-jackknife";
import { unitOfPair, type ResamplingUnits } from "./resampling-units";

/**
 * The metric on each of `resamples` resamples of `units` (assess's value, the bins of `options.layout` held
 * fixed; MCE with assess's mceMinCount): resample r draws the units of resampleUnitIndices(units, seed, r), and
 * equals assess on those pairs up to the order of the float additions. Without clusters the bits are those of the pair bootstrap.
 * `afterChunk(done)` runs between chunks of resamples and may throw to stop (docs/DESIGN.md §6.3). `first`
 * numbers the resamples from first on, for a worker's range of them (docs/DESIGN.md §6.10). O(R·n).
 */
export function binnedBootstrap(
  columns: PairColumns, units: ResamplingUnits, metric: BinnedMetric, options: FixedBinOptions,
  resamples: number, seed: number, afterChunk?: (done: number) => void, first = 0,
): Float64Array {
  const drawn = units.start ? { count: units.count, unitOfPair: unitOfPair(units, columns.n) } : null;
  // Weights scaled by a power of two as assess scales them, so w² stays in range (core/weight-scale.ts); the
  // scaling is exact, so no value moves.
  const weight = scaleWeights(columns.weight).weights;
  return bootstrapBinnedMetric(columns.margin, columns.label, weight, options.temperature, options.folded,
    options.layout, metric, resamples, seed, afterChunk, drawn, options.mceMinCount, first);
}
