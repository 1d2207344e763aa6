// Typed wrapper of the exact jackknife kernel (assembly/jackknife.ts).
import { kernels } from "./instance";
import { withScope } from "./memory";
import { BINNED_METRIC_CODES, type BinnedMetric } from "./bootstrap";

/** The units a jackknife leaves out: pairs (start and members null), or clusters as lib's ResamplingUnits. */
export interface JackknifeUnits {
  readonly count: number;
  readonly start: Int32Array | null;
  readonly members: Int32Array | null;
}

/** Uniform bins as the kernels take them (core/bin-layout.ts). */
export interface UniformBins {
  readonly nBins: number;
  readonly start: number;
  readonly step: number;
}

/**
 * out[u] = the metric without unit u, for every unit, with `bins` fixed (docs/DESIGN.md §6.4): O(n + bins) in all,
 * from the bin sums. Zero-weight pairs count in no unit's sums.
 */
export function jackknifeBinnedMetric(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  temperature: number, folded: boolean, bins: UniformBins, units: JackknifeUnits,
  metric: BinnedMetric, mceMinCount: number,
): Float64Array {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const marginPtr = scope.f64In(margin);
    const labelPtr = scope.f64In(label);
    const weightPtr = scope.f64In(weight);
    const startPtr = scope.i32In(units.start);
    const membersPtr = scope.i32In(units.members);
    const scratch = scope.f64Out(Math.ceil(jackknifeScratchBytes(n, bins.nBins) / 8));
    const out = scope.f64Out(units.count);
    k.jackknifeBinnedMetric(marginPtr, labelPtr, weightPtr, n, temperature, folded, bins.nBins, bins.start, bins.step,
      startPtr, membersPtr, units.count, BINNED_METRIC_CODES[metric], mceMinCount, scratch, out);
    return scope.f64Read(out, units.count);
  });
}

/** The kernel's scratch size, rebuilt in doubles so it cannot wrap past 4 GiB (as bootstrapScratchBytes). */
function jackknifeScratchBytes(n: number, nBins: number): number {
  const k = kernels();
  const fixed = k.jackknifeScratchBytes(0, nBins) >>> 0;
  const perPair = (k.jackknifeScratchBytes(1, nBins) >>> 0) - fixed;
  return fixed + perPair * n;
}
