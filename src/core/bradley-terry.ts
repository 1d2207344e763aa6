// Typed wrapper of the Bradley–Terry loss kernel (assembly/bradley-terry.ts).
import { kernels } from "./instance";
import { withScope } from "./memory";

/** Loss (weighted mean) and per-pair gradient; offsets null means every offset is `offset`. */
export function bradleyTerryLossKernel(
  margins: Float64Array, labels: Float64Array | null, offsets: Float64Array | null, weights: Float64Array | null,
  smoothing: number, offset: number,
): { loss: number; gradient: Float64Array } {
  return withScope((scope) => {
    const n = margins.length;
    const gradient = scope.f64Out(n);
    const out = scope.f64Out(2);
    kernels().bradleyTerryLoss(scope.f64In(margins), scope.f64In(labels), scope.f64In(offsets), scope.f64In(weights),
      n, smoothing, offset, gradient, out);
    return { loss: scope.f64Read(out, 2)[1], gradient: scope.f64Read(gradient, n) };
  });
}
