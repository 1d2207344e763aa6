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
 * (docs/DESIGN.md §5.1). gradient and curvature are the `derivatives` pass's bit for bit up to PASS_CHUNK_PAIRS pairs.
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

/**
 * Copies the pair columns in once, at the first pass, runs `body` with passes over them, and frees them afterwards.
 * A body that takes no pass copies nothing: fitTemperatureParallel's finish, whose fit passes ran on worker threads
 * and whose interval needs none from about 10^6 pairs on (docs/DESIGN.md §6.10).
 */
export function withResidentPairs<T>(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null,
  body: (pairs: ResidentPairs) => T,
): T {
  return withScope((scope) => {
    let held: ResidentPairs | null = null;
    const resident = (): ResidentPairs => (held ??= residentIn(scope, margin, label, weight));
    return body({
      derivatives: (a, stride) => resident().derivatives(a, stride),
      nll: (temperature) => resident().nll(temperature),
      profile: (a) => resident().profile(a),
      expansion: (a, withLoss, stride) => resident().expansion!(a, withLoss, stride),
    });
  });
}

/** The pair columns copied into `scope`, with their passes. O(n) to copy. */
function residentIn(scope: Scope, margin: Float64Array, label: Float64Array | null, weight: Float64Array | null): ResidentPairs {
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
  return resident;
}

/**
 * Pairs per chunk of a full fused pass: a pass over more pairs sums each chunk of 2^20 apart and adds the chunks'
 * sums in chunk order (joinPassSums), so worker threads given the same chunks return the same bits for any number
 * of threads (docs/DESIGN.md §6.10). A multiple of the kernel's 512-pair product block, so the chunks' loss sums
 * use the blocks one pass would.
 */
export const PASS_CHUNK_PAIRS = 1 << 20;

/** The fused pass over pair columns already in WebAssembly memory (labelPtr, weightPtr 0: all ones). */
export function pairExpansion(
  scope: Scope, marginPtr: number, labelPtr: number, weightPtr: number, n: number,
): ResidentPairs["expansion"] {
  const k = kernels();
  const out = scope.f64Out(8);
  const sums = (start: number, end: number, stride: number, a: number, withLoss: boolean): Float64Array => {
    k.temperatureExpansion(marginPtr, labelPtr, weightPtr, start, end, stride, a, withLoss, out);
    return scope.f64Read(out, 8);
  };
  return (a, withLoss, stride = 1) => {
    // A subsample (stride > 1) is one range: only full passes are cut into chunks.
    if (stride !== 1 || n <= PASS_CHUNK_PAIRS) return expansionOfSums(a, sums(0, n, stride, a, withLoss));
    const parts: Float64Array[] = [];
    for (let first = 0; first < n; first += PASS_CHUNK_PAIRS) parts.push(sums(first, Math.min(first + PASS_CHUNK_PAIRS, n), 1, a, withLoss));
    return expansionOfSums(a, joinPassSums(parts));
  };
}

/**
 * The fused pass's eight sums over a chunk of pairs (at most PASS_CHUNK_PAIRS), copied into WebAssembly memory for
 * the call: what a worker thread computes for one chunk of a full pass (docs/DESIGN.md §6.10). O(count).
 */
export function expansionChunkSums(
  margin: Float64Array, label: Float64Array | null, weight: Float64Array | null, a: number, withLoss: boolean,
): Float64Array {
  return withScope((scope) => {
    const out = scope.f64Out(8);
    kernels().temperatureExpansion(scope.f64In(margin), scope.f64In(label), scope.f64In(weight), 0, margin.length, 1, a, withLoss, out);
    return scope.f64Read(out, 8);
  });
}

/** The chunks' sums added in chunk order: one fixed order, whoever computed each chunk. O(chunks). */
export function joinPassSums(parts: readonly Float64Array[]): Float64Array {
  const sums = parts[0].slice();
  for (let c = 1; c < parts.length; c++) for (let j = 0; j < sums.length; j++) sums[j] += parts[c][j];
  return sums;
}

/** The expansion at a from the kernel's eight sums (layout of assembly/temperature-expansion.ts). */
export function expansionOfSums(a: number, sums: Float64Array): TemperatureExpansion {
  const [weight, loss, gradient, curvature, third, fourth, correct, fifth] = sums;
  return { at: a, weight, loss, gradient, curvature, third, fourth, fifth, correct };
}

/** e^x for one number, computed in WebAssembly. */
export function exponential(x: number): number {
  return kernels().exponential(x);
}
