// Typed wrappers of the logistic kernels (assembly/logistic.ts).
import { kernels } from "./instance";
import { withScope } from "./memory";

/** σ(margins[i] / temperature) for every i, computed in WebAssembly. */
export function sigmoidOfScaled(margins: Float64Array, temperature: number): Float64Array {
  return withScope((scope) => {
    const out = scope.f64Out(margins.length);
    kernels().sigmoidOfScaled(scope.f64In(margins), margins.length, temperature, out);
    return scope.f64Read(out, margins.length);
  });
}

/** ln(x) for one number. */
export function naturalLog(x: number): number {
  return kernels().naturalLog(x);
}
