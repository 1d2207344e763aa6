// The interval of one fitted parameter, as fitTemperature and fitPlatt report it (docs/DESIGN.md §6.7).
import { normalQuantile } from "../../core/normal-distribution";

/** A two-sided interval of a fitted parameter at the given confidence, and how it was computed. */
export interface ParameterInterval {
  readonly low: number;
  /** May be Infinity (a temperature the data cannot bound above); stored as null in a calibrator's JSON. */
  readonly high: number;
  readonly confidence: number;
  readonly method: "profile-likelihood" | "cluster-sandwich" | "wald" | "wald-log";
}

/** z = Φ⁻¹((1 + confidence)/2), the two-sided normal quantile; z² is the χ²₁ quantile at `confidence`. */
export function twoSidedNormalQuantile(confidence: number): number {
  return normalQuantile((1 + confidence) / 2);
}

/** The interval as JSON can hold it: an infinite bound becomes null (JSON has no Infinity). */
export function intervalJson(interval: ParameterInterval | null): Record<string, unknown> | null {
  if (interval === null) return null;
  const bound = (x: number) => (Number.isFinite(x) ? x : null);
  return { low: bound(interval.low), high: bound(interval.high), confidence: interval.confidence, method: interval.method };
}
