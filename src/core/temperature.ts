// Typed wrappers of the temperature kernels (assembly/temperature.ts). The Newton loop keeps the pair columns
// in WebAssembly memory across its passes, so they are copied in once per fit, not once per iteration.
import { kernels } from "./instance";
import { withScope, type Scope } from "./memory";

/** Σw, Σw·∂ℓ/∂a and Σw·∂²ℓ/∂a² at inverse temperature a. */
export interface TemperatureDerivatives {
  weight: number;
  gradient: number;
  curvature: number;
}

/**
 * The NLL sum and its first five derivatives in a at one a (z = a·d), with Σw·correctness: one fused pass
 * (docs/DESIGN.md §5.1). gradient and curvature are the `derivatives` pass's bit for bit.
 */
export interface TemperatureExpansion extends TemperatureDerivatives {
  /** The a they were taken at. */
  at: number;
  /** Σw·nll, or 0 when the pass was asked for derivatives only. */
  loss: number;
  third: number;
  fourth: number;
  fifth: number;
  correct: number;
}

/** Pairs resident in WebAssembly memory for the duration of `body`. */
export interface ResidentPairs {
  /** Derivatives at a over pairs 0, stride, 2·stride, … (stride 1: all pairs). */
  derivatives(a: number, stride?: number): TemperatureDerivatives;
  /** [Σw, Σw·nll, Σw·correctness] at temperature T (probabilities σ(d/T)). */
  nll(temperature: number): Float64Array;
  /** The fused pass at a over pairs 0, stride, 2·stride, … (prompts, for K-wise choices; docs/DESIGN.md §5.12). */
  expansion(a: number, withLoss: boolean, stride?: number): TemperatureExpansion;
  /**
   * nll(1/a) and derivatives(a) together (T = ∞ at a = 0): what each step of the profile interval needs. The same
   * numbers as the two calls, whether it takes one pass or two.
   */
  profile(a: number): TemperatureProfilePoint;
}

/** The NLL totals at T = 1/a and the derivatives at a. */
interface TemperatureProfilePoint {
  /** [Σw, Σw·nll, Σw·correctness] at T = 1/a. */
  totals: Float64Array;
  derivatives: TemperatureDerivatives;
}

/** The temperature of inverse temperature a: 1/a, and ∞ (not −∞) at a = ±0. */
export function temperatureOf(a: number): number {
  return a === 0 ? Infinity : 1 / a;
}

/** Copies the pair columns in once, runs `body` with passes over them, and frees them afterwards. */
export function withResidentPairs<T>(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  body: (pairs: ResidentPairs) => T,
): T {
  return withScope((scope) => {
    const k = kernels();
    const n = margin.length;
    const marginPtr = scope.f64In(margin);
    const labelPtr = scope.f64In(label);
    const weightPtr = scope.f64In(weight);
    const out = scope.f64Out(3);
    const resident: ResidentPairs = {
      derivatives(a, stride = 1) {
        k.temperatureDerivatives(marginPtr, labelPtr, weightPtr, n, stride, a, out);
        const [w, gradient, curvature] = scope.f64Read(out, 3);
        return { weight: w, gradient, curvature };
      },
      nll(temperature) {
        k.temperatureNll(marginPtr, labelPtr, weightPtr, n, temperature, out);
        return scope.f64Read(out, 3);
      },
      // Two passes: only the interval's fallback search asks for it (the fit's fused pass serves the usual ends).
      profile: (a) => ({ totals: resident.nll(temperatureOf(a)), derivatives: resident.derivatives(a) }),
      expansion: pairExpansion(scope, marginPtr, labelPtr, weightPtr, n),
    };
    return body(resident);
  });
}

/** The fused pass over pair columns already in WebAssembly memory (labelPtr, weightPtr 0: all ones). */
export function pairExpansion(
  scope: Scope, marginPtr: number, labelPtr: number, weightPtr: number, n: number,
): ResidentPairs["expansion"] {
  const k = kernels();
  const out = scope.f64Out(8);
  return (a, withLoss, stride = 1) => {
    k.temperatureExpansion(marginPtr, labelPtr, weightPtr, 0, n, stride, a, withLoss, out);
    const [weight, loss, gradient, curvature, third, fourth, correct, fifth] = scope.f64Read(out, 8);
    return { at: a, weight, loss, gradient, curvature, third, fourth, fifth, correct };
  };
}

/** e^x for one number, computed in WebAssembly. */
export function exponential(x: number): number {
  return kernels().exponential(x);
}
