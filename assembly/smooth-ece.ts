// Smooth ECE (Błasiok & Nakkiran 2023): the residuals v − k are smoothed with a Gaussian kernel reflected
// at both ends of the range [lower, upper], and smECE_σ = ∫ |r̂_σ(t)| dt. The data are first spread onto an
// evenly spaced grid by linear interpolation (mass and first moment preserved), then convolved with a
// kernel truncated at 8σ, so one evaluation costs O(M·σ/h) instead of the reference's O(M²).
// see: Błasiok & Nakkiran, "Smooth ECE: Principled Reliability Diagrams via Kernel Smoothing", ICLR 2024, §3–4
// see: github.com/apple/ml-calibration, src/relplot/kernels.py (smooth_round_to_grid, ReflectedGaussianKernel)

import { loadOrOne } from "./optional-column";

const INV_SQRT_TWO_PI: f64 = 0.3989422804014327;
/** The kernel is cut where it falls below e^(−32) ≈ 1e-14 of its peak. */
const TRUNCATION_SIGMAS: f64 = 8.0;

/**
 * Spreads n weighted points onto the grid t_i = lower + i·(upper − lower)/(M − 1), i in [0, M):
 * residual[i] gets Σ share·(v − k), density[i] Σ share, outcome[i] Σ share·k, where share = w/Σw and each
 * point's share is split between its two neighbouring grid points in proportion to closeness.
 * weights == 0 means every weight is 1. totalWeight is Σw. density == 0 skips the density and outcome grids
 * (the bandwidth search needs only the residuals).
 */
export function depositOnGrid(
  values: usize, outcomes: usize, weights: usize, n: i32, totalWeight: f64,
  lower: f64, upper: f64, m: i32, residual: usize, density: usize, outcome: usize,
): void {
  const bytes = <usize>m << 3;
  const all = density != 0;
  memory.fill(residual, 0, bytes);
  if (all) {
    memory.fill(density, 0, bytes);
    memory.fill(outcome, 0, bytes);
  }
  const scale = <f64>(m - 1) / (upper - lower);
  // Invariant: the grids hold the interpolated shares of points [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const v = load<f64>(values + offset);
    const k = load<f64>(outcomes + offset);
    const share = loadOrOne(weights, offset) / totalWeight;
    const u = (v - lower) * scale;
    let j = <i32>Math.floor(u);
    if (j < 0) j = 0;
    if (j > m - 2) j = m - 2;
    const right = u - <f64>j;
    const left = 1.0 - right;
    const at = <usize>j << 3;
    store<f64>(residual + at, load<f64>(residual + at) + left * share * (v - k));
    store<f64>(residual + at + 8, load<f64>(residual + at + 8) + right * share * (v - k));
    if (!all) continue;
    store<f64>(density + at, load<f64>(density + at) + left * share);
    store<f64>(density + at + 8, load<f64>(density + at + 8) + right * share);
    store<f64>(outcome + at, load<f64>(outcome + at) + left * share * k);
    store<f64>(outcome + at + 8, load<f64>(outcome + at + 8) + right * share * k);
  }
}

/** Grid index p reflected into [0, M): the grid mirrored at both ends, repeated with period 2(M − 1). */
// @ts-ignore: decorator
@inline function reflectIndex(p: i32, m: i32): i32 {
  const period = 2 * (m - 1);
  let q = p % period;
  if (q < 0) q += period;
  return q < m ? q : period - q;
}

/** Number of kernel taps on each side for bandwidth sigma on a grid of spacing h. */
function kernelHalfWidth(sigma: f64, h: f64): i32 {
  return <i32>Math.ceil((TRUNCATION_SIGMAS * sigma) / h);
}

/** f64 slots of scratch reflectedGaussianSmooth needs: D + 1 taps and the M + 2D reflected masses. */
export function smoothingScratchLength(sigma: f64, h: f64, m: i32): i32 {
  const half = kernelHalfWidth(sigma, h);
  return 3 * half + m + 1;
}

/**
 * out[i] = Σ_p mass[reflect(p)]·φ_σ((i − p)·h) over |i − p| ≤ D: the mass convolved with the Gaussian density
 * of standard deviation sigma, reflected at both ends. scratch holds smoothingScratchLength(sigma, h, m) f64.
 */
export function reflectedGaussianSmooth(mass: usize, m: i32, h: f64, sigma: f64, scratch: usize, out: usize): void {
  const half = kernelHalfWidth(sigma, h);
  const norm = INV_SQRT_TWO_PI / sigma;
  const s = sigma / h;
  const taps = scratch;
  // Invariant: taps[0..e) hold φ_σ(e'·h) for e' < e.
  for (let e = 0; e <= half; e++) {
    const x = <f64>e / s;
    store<f64>(taps + (<usize>e << 3), norm * Math.exp(-0.5 * x * x));
  }
  // The reflected masses, padded by D on each side, so the convolution below needs no index arithmetic.
  // A mass on an end point is its own mirror image, so it counts twice: the linear spreading of a point and
  // of its reflection puts 2× the end point's share there. This keeps ∫ r̂ = Σ mass under the trapezoid rule.
  const padded = scratch + (<usize>(half + 1) << 3);
  // Invariant: padded[0..p) holds mass[reflect(p' − D)] (doubled at the ends) for p' < p.
  for (let p = 0; p < m + 2 * half; p++) {
    const q = reflectIndex(p - half, m);
    const value = load<f64>(mass + (<usize>q << 3));
    store<f64>(padded + (<usize>p << 3), q == 0 || q == m - 1 ? 2.0 * value : value);
  }
  // Invariant: out[0..i) hold the smoothed values at grid points [0, i).
  for (let i = 0; i < m; i++) {
    const center = padded + (<usize>(i + half) << 3);
    let sum = load<f64>(taps) * load<f64>(center);
    // Invariant: sum covers the taps at distance < e on both sides of i.
    for (let e = 1; e <= half; e++) {
      const offset = <usize>e << 3;
      sum += load<f64>(taps + offset) * (load<f64>(center - offset) + load<f64>(center + offset));
    }
    store<f64>(out + (<usize>i << 3), sum);
  }
}

/** ∫ |r(t)| dt over the grid by the trapezoid rule, spacing h. */
export function trapezoidAbsoluteIntegral(values: usize, m: i32, h: f64): f64 {
  let sum = 0.5 * (Math.abs(load<f64>(values)) + Math.abs(load<f64>(values + (<usize>(m - 1) << 3))));
  // Invariant: sum covers the interior grid points [1, i).
  for (let i = 1; i < m - 1; i++) sum += Math.abs(load<f64>(values + (<usize>i << 3)));
  return sum * h;
}

/** smECE_σ from the residual grid: smooths it into `smoothed` (M f64) and integrates |·|. */
export function smoothEceAt(residual: usize, m: i32, lower: f64, upper: f64, sigma: f64, scratch: usize, smoothed: usize): f64 {
  const h = (upper - lower) / <f64>(m - 1);
  reflectedGaussianSmooth(residual, m, h, sigma, scratch, smoothed);
  return trapezoidAbsoluteIntegral(smoothed, m, h);
}
