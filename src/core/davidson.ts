// Typed wrappers of the Davidson tie-model kernels (assembly/davidson.ts, docs/DESIGN.md §5.10). The pairs stay in
// WebAssembly memory for the whole fit, so each Newton iteration moves only eight numbers across the boundary.
import { kernels } from "./instance";
import { withScope } from "./memory";

/** Weighted sums at (a, λ): the three-outcome NLL, its gradient and Hessian, and the tie weight. */
export interface DavidsonSums {
  weight: number;
  nll: number;
  gradient: [number, number];
  /** [aa, aλ, λλ]. */
  hessian: [number, number, number];
  tieWeight: number;
}

/** Runs `body` with a function that evaluates the sums at (a = 1/T, λ = ln ν) on pairs copied in once. */
export function withDavidsonPasses<T>(
  margin: Float64Array, label: Float64Array, weight: Float64Array | null,
  body: (sums: (a: number, lambda: number) => DavidsonSums) => T,
): T {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const marginPtr = scope.f64In(margin), labelPtr = scope.f64In(label), weightPtr = scope.f64In(weight);
    const out = scope.f64Out(8);
    return body((a, lambda) => {
      k.davidsonNewtonSums(marginPtr, labelPtr, weightPtr, n, a, lambda, out);
      const [w, nll, ga, gl, haa, hal, hll, ties] = scope.f64Read(out, 8);
      return { weight: w, nll, gradient: [ga, gl], hessian: [haa, hal, hll], tieWeight: ties };
    });
  });
}

/** P(A ≻ B), P(tie) and P(B ≻ A) for each margin at (a, λ). */
export function davidsonProbabilities(margin: Float64Array, a: number, lambda: number): { win: Float64Array; tie: Float64Array; loss: Float64Array } {
  return withScope((scope) => {
    const n = margin.length;
    const outA = scope.f64Out(n), outTie = scope.f64Out(n), outB = scope.f64Out(n);
    kernels().davidsonProbabilities(scope.f64In(margin), n, a, lambda, outA, outTie, outB);
    return { win: scope.f64Read(outA, n), tie: scope.f64Read(outTie, n), loss: scope.f64Read(outB, n) };
  });
}
