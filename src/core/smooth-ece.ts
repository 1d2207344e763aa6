// Typed wrapper of the smooth-ECE kernels (assembly/smooth-ece.ts). The points stay in WASM memory while the
// caller searches for the bandwidth; each evaluation spreads them onto the grid it needs.
import { kernels } from "./instance";
import { withScope, type Scope } from "./memory";

/** Grid operations on one data set. */
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
    const deposit = (m: number, s: Scope, all: boolean): Deposit => {
      const d = { residual: s.f64Out(m), density: all ? s.f64Out(m) : 0, outcome: all ? s.f64Out(m) : 0 };
      k.depositOnGrid(valuesPtr, outcomesPtr, weightPtr, n, totalWeight, lower, upper, m, d.residual, d.density, d.outcome);
      return d;
    };
    // The bisection's last steps all land on one grid size: keep the residual grid of the last size used.
    let last: { m: number; residual: number } | null = null;
    const residualGrid = (m: number): number => {
      if (last?.m !== m) last = { m, residual: deposit(m, scope, false).residual };
      return last.residual;
    };
    const scratch = (sigma: number, m: number, s: Scope) => s.f64Out(k.smoothingScratchLength(sigma, (upper - lower) / (m - 1), m) >>> 0);
    return body({
      smoothEce(sigma, m) {
        const residual = residualGrid(m);
        return withScope((s) => k.smoothEceAt(residual, m, lower, upper, sigma, scratch(sigma, m, s), s.f64Out(m)));
      },
      smoothAll(sigma, m) {
        const h = (upper - lower) / (m - 1);
        return withScope((s) => {
          const d = deposit(m, s, true);
          const scratchPtr = scratch(sigma, m, s);
          const out = s.f64Out(m);
          return [d.residual, d.density, d.outcome].map((mass) => {
            k.reflectedGaussianSmooth(mass, m, h, sigma, scratchPtr, out);
            return s.f64Read(out, m);
          }) as [Float64Array, Float64Array, Float64Array];
        });
      },
    });
  });
}
