// Typed wrapper of the smooth-ECE kernels (assembly/smooth-ece.ts). The points are spread onto each grid
// size once and kept in WASM memory while the caller searches for the bandwidth.
import { kernels } from "./instance";
import { withScope, type Scope } from "./memory";

/** Grids of one data set: evaluate smECE_σ on an M-point grid, or smooth the outcome and density. */
export interface SmoothingGrids {
  /** smECE_σ = ∫|r̂_σ| on the M-point grid. */
  smoothEce(sigma: number, m: number): number;
  /** The smoothed [residual, density, outcome] on the M-point grid. */
  smoothAll(sigma: number, m: number): [Float64Array, Float64Array, Float64Array];
}

interface Deposit { residual: number; density: number; outcome: number }

/**
 * Copies the points into WASM memory, runs `body` with grid operations on them, and frees everything.
 * weight null means all weights are 1; totalWeight is Σw.
 */
export function withSmoothingGrids<T>(
  values: Float64Array, outcomes: Float64Array, weight: Float64Array | null, totalWeight: number,
  lower: number, upper: number, body: (grids: SmoothingGrids) => T,
): T {
  return withScope((scope) => {
    const k = kernels();
    const n = values.length;
    const valuesPtr = scope.f64In(values);
    const outcomesPtr = scope.f64In(outcomes);
    const weightPtr = scope.f64In(weight);
    const deposits = new Map<number, Deposit>();
    const deposit = (m: number): Deposit => {
      let d = deposits.get(m);
      if (!d) {
        d = { residual: scope.f64Out(m), density: scope.f64Out(m), outcome: scope.f64Out(m) };
        k.depositOnGrid(valuesPtr, outcomesPtr, weightPtr, n, totalWeight, lower, upper, m, d.residual, d.density, d.outcome);
        deposits.set(m, d);
      }
      return d;
    };
    const taps = (sigma: number, m: number, s: Scope) => s.f64Out(k.kernelHalfWidth(sigma, (upper - lower) / (m - 1)) + 1);
    return body({
      smoothEce(sigma, m) {
        const d = deposit(m);
        return withScope((s) => k.smoothEceAt(d.residual, m, lower, upper, sigma, taps(sigma, m, s), s.f64Out(m)));
      },
      smoothAll(sigma, m) {
        const d = deposit(m);
        const h = (upper - lower) / (m - 1);
        return withScope((s) => {
          const tapsPtr = taps(sigma, m, s);
          const out = s.f64Out(m);
          return [d.residual, d.density, d.outcome].map((mass) => {
            k.reflectedGaussianSmooth(mass, m, h, sigma, tapsPtr, out);
            return s.f64Read(out, m);
          }) as [Float64Array, Float64Array, Float64Array];
        });
      },
    });
  });
}
