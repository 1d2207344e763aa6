// The three bootstrap intervals of scipy.stats.bootstrap, from the resampled values of a statistic: percentile,
// basic (reverse percentile) and BCa, the bias-corrected and accelerated interval, which is the default
// (docs/DESIGN.md §6.4).
import { normalCdf, normalQuantile } from "../../core/normal-distribution";
import { linearQuantile } from "./linear-quantile";

export type BootstrapMethod = "bca" | "percentile" | "basic";

export const BOOTSTRAP_METHODS: readonly BootstrapMethod[] = ["bca", "percentile", "basic"];

export interface IntervalBounds {
  low: number;
  high: number;
  /**
   * The method the bounds come from: the one asked for, or "percentile" when BCa is undefined because every
   * resampled value lies on one side of the estimate (its bias correction would be infinite).
   */
  method: BootstrapMethod;
  /** BCa only: the bias correction z₀ = Φ⁻¹(share of resampled values below the estimate, ties counting ½). */
  biasCorrection?: number;
  /** BCa only: the acceleration a, from the jackknife values' skewness. */
  acceleration?: number;
}

/**
 * A bootstrap interval of coverage `confidence` from resampled values sorted ascending.
 * - percentile: the (1 ∓ confidence)/2 quantiles (Efron & Tibshirani 1993, ch. 13);
 * - basic: 2·estimate minus the percentile bounds, swapped (Davison & Hinkley 1997, §5.2);
 * - bca: the percentile interval at levels Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))) (Efron, "Better bootstrap
 *   confidence intervals", JASA 1987; Efron & Tibshirani ch. 14), as scipy.stats.bootstrap computes it.
 * BCa corrects for a statistic whose resampled values are biased or skewed. Binned ECE is biased upward, so its
 * BCa interval can lie wholly below the plug-in estimate, and that is the point: the estimate overstates the error.
 * Quantiles are numpy's linear ones. O(jackknife length).
 * @param jackknife leave-one-out (or leave-one-group-out) values of the statistic; needed for "bca" only
 */
export function bootstrapInterval(
  sorted: Float64Array, estimate: number, confidence: number, method: BootstrapMethod, jackknife: Float64Array | null,
): IntervalBounds {
  const alpha = (1 - confidence) / 2;
  if (method === "percentile") {
    return { low: linearQuantile(sorted, alpha), high: linearQuantile(sorted, 1 - alpha), method };
  }
  if (method === "basic") {
    return { low: 2 * estimate - linearQuantile(sorted, 1 - alpha), high: 2 * estimate - linearQuantile(sorted, alpha), method };
  }
  if (!jackknife) throw new Error("bootstrapInterval: BCa needs the jackknife values");
  let below = 0;
  for (const x of sorted) below += x < estimate ? 1 : x === estimate ? 0.5 : 0;
  const share = below / sorted.length;
  if (!(share > 0 && share < 1)) return bootstrapInterval(sorted, estimate, confidence, "percentile", null);
  const z0 = normalQuantile(share);
  const a = acceleration(jackknife);
  const level = (z: number) => {
    const shifted = z0 + z;
    return normalCdf(z0 + shifted / (1 - a * shifted));
  };
  const lowLevel = level(normalQuantile(alpha)), highLevel = level(normalQuantile(1 - alpha));
  // With a large acceleration, 1 − a(z₀ + z) can reach 0 and the levels leave [0, 1] or turn NaN: BCa has no
  // answer there, so the percentile interval stands in, named as such.
  if (!(lowLevel >= 0 && lowLevel <= 1 && highLevel >= 0 && highLevel <= 1 && lowLevel <= highLevel)) {
    return bootstrapInterval(sorted, estimate, confidence, "percentile", null);
  }
  return {
    low: linearQuantile(sorted, lowLevel), high: linearQuantile(sorted, highLevel), method,
    biasCorrection: z0, acceleration: a,
  };
}

/**
 * The BCa acceleration a = Σ(θ̄ − θᵢ)³ / (6·(Σ(θ̄ − θᵢ)²)^{3/2}) over jackknife values θᵢ (Efron & Tibshirani 1993,
 * eq. 14.15); 0 when every value is the same. Only + − × ÷ and sqrt, so every engine gives the same bits.
 */
export function acceleration(jackknife: Float64Array): number {
  let mean = 0;
  for (const x of jackknife) mean += x;
  mean /= jackknife.length;
  let squares = 0, cubes = 0;
  for (const x of jackknife) {
    const d = mean - x;
    squares += d * d;
    cubes += d * d * d;
  }
  return squares > 0 ? cubes / (6 * squares * Math.sqrt(squares)) : 0;
}
