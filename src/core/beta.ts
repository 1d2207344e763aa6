// Typed wrappers of the beta-distribution kernels (assembly/beta.ts).
import { kernels } from "./instance";
import { withScope } from "./memory";

/** The beta quantile B⁻¹(p; a, b). */
export function betaQuantile(p: number, a: number, b: number): number {
  return kernels().betaQuantile(p, a, b);
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  return kernels().regularizedIncompleteBeta(x, a, b);
}

/** Clopper–Pearson [low, high] for each (successes, trials) at level 1 − alpha. */
export function clopperPearsonBounds(successes: Float64Array, trials: Float64Array, alpha: number): [Float64Array, Float64Array] {
  return withScope((scope) => {
    const m = successes.length;
    const low = scope.f64Out(m);
    const high = scope.f64Out(m);
    kernels().clopperPearsonBounds(scope.f64In(successes), scope.f64In(trials), m, alpha, low, high);
    return [scope.f64Read(low, m), scope.f64Read(high, m)];
  });
}
