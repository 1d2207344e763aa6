// Typed wrappers of the normal-distribution kernels (assembly/normal-distribution.ts).
import { kernels } from "./instance";

/** Φ(x), the standard normal CDF, computed in WebAssembly (the same bits in every runtime). */
export function normalCdf(x: number): number {
  return kernels().normalCdf(x);
}

/** Φ⁻¹(p), the standard normal quantile, computed in WebAssembly. */
export function normalQuantile(p: number): number {
  return kernels().normalQuantile(p);
}
