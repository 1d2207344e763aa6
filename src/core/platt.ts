// Typed wrapper of the Platt Newton pass (assembly/platt.ts). The pairs stay in WebAssembly memory for the
// whole fit, so each iteration moves only seven numbers across the boundary.
import { kernels } from "./instance";
import { withScope } from "./memory";

/** Weighted sums at (α, β): NLL, gradient and Hessian of Σw·nll. */
export interface PlattSums {
  weight: number;
  nll: number;
  gradient: [number, number];
  /** [αα, αβ, ββ]. */
  hessian: [number, number, number];
}

export function withPlattPasses<T>(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  body: (sums: (scale: number, bias: number) => PlattSums) => T,
): T {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const marginPtr = scope.f64In(margin), labelPtr = scope.f64In(label), weightPtr = scope.f64In(weight);
    const out = scope.f64Out(7);
    return body((scale, bias) => {
      k.plattNewtonSums(marginPtr, labelPtr, weightPtr, n, scale, bias, out);
      const [w, nll, gScale, gBias, hss, hsb, hbb] = scope.f64Read(out, 7);
      return { weight: w, nll, gradient: [gScale, gBias], hessian: [hss, hsb, hbb] };
    });
  });
}
