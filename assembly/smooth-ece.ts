// Smooth ECE (Błasiok & Nakkiran 2023): the residuals v − k are smoothed with a Gaussian kernel reflected
// at both ends of the range [lower, upper], and smECE_σ = ∫ |r̂_σ(t)| dt. The data are first spread onto an
// evenly spaced grid by linear interpolation (mass and first moment preserved), then convolved with a
// kernel truncated at 8σ, so one evaluation costs O(M·σ/h) instead of the reference's O(M²).
// see: Błasiok & Nakkiran, "Smooth ECE: Principled Reliability Diagrams via Kernel Smoothing", ICLR 2024, §3–4
// see: github.com/apple/ml-calibration, src/relplot/kernels.py (smooth_round_to_grid, ReflectedGaussianKernel)

const INV_SQRT_TWO_PI: f64 = 0.3989422804014327;
/** The kernel is cut where it falls below e^(−32) ≈ 1e-14 of its peak. */
const TRUNCATION_SIGMAS: f64 = 8.0;

/**
 * Spreads n weighted points onto the grid t_i = lower + i·(upper − lower)/(M − 1), i in [0, M):
 * residual[i] gets Σ share·(v − k), density[i] Σ share, outcome[i] Σ share·k, where share = w/Σw and each
 * point's share is split between its two neighbouring grid points in proportion to closeness.
 * weights == 0 means every weight is 1. totalWeight is Σw.
 */
export function depositOnGrid(
  values: usize, outcomes: usize, weights: usize, n: i32, totalWeight: f64,
  lower: f64, upper: f64, m: i32, residual: usize, density: usize, outcome: usize,
): void {
  const bytes = <usize>m << 3;
  memory.fill(residual, 0, bytes);
  memory.fill(density, 0, bytes);
  memory.fill(outcome, 0, bytes);
  const scale = <f64>(m - 1) / (upper - lower);
  // Invariant: the grids hold the interpolated shares of points [0, i).
  for (let i = 0; i < n; i++) {
    const offset = <usize>i << 3;
    const v = load<f64>(values + offset);
    const k = load<f64>(outcomes + offset);
    const share = (weights == 0 ? 1.0 : load<f64>(weights + offset)) / totalWeight;
    const u = (v - lower) * scale;
    let j = <i32>Math.floor(u);
    if (j < 0) j = 0;
    if (j > m - 2) j = m - 2;
    const right = u - <f64>j;
    const left = 1.0 - right;
    const at = <usize>j << 3;
    store<f64>(residual + at, load<f64>(residual + at) + left * share * (v - k));
    store<f64>(residual + at + 8, load<f64>(residual + at + 8) + right * share * (v - k));
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
export function kernelHalfWidth(sigma: f64, h: f64): i32 {
  return <i32>Math.ceil((TRUNCATION_SIGMAS * sigma) / h);
}

/**
 * out[i] = Σ_p mass[reflect(p)]·φ_σ((i − p)·h) over |i − p| ≤ D: the mass convolved with the Gaussian density
 * of standard deviation sigma, reflected at both ends. taps must hold D + 1 f64 of scratch.
 */
export function reflectedGaussianSmooth(mass: usize, m: i32, h: f64, sigma: f64, taps: usize, out: usize): void {
  const half = kernelHalfWidth(sigma, h);
  const norm = INV_SQRT_TWO_PI / sigma;
  const s = sigma / h;
  // Invariant: taps[0..e) hold φ_σ(e'·h) for e' < e.
  for (let e = 0; e <= half; e++) {
    const x = <f64>e / s;
    store<f64>(taps + (<usize>e << 3), norm * Math.exp(-0.5 * x * x));
  }
  // Invariant: out[0..i) hold the smoothed values at grid points [0, i).
  for (let i = 0; i < m; i++) {
    let sum = load<f64>(taps) * load<f64>(mass + (<usize>i << 3));
    // Invariant: sum covers the taps at distance < e on both sides of i.
    for (let e = 1; e <= half; e++) {
      const left = i - e, right = i + e;
      const a = left >= 0 ? left : reflectIndex(left, m);
      const b = right < m ? right : reflectIndex(right, m);
      sum += load<f64>(taps + (<usize>e << 3)) * (load<f64>(mass + (<usize>a << 3)) + load<f64>(mass + (<usize>b << 3)));
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
export function smoothEceAt(residual: usize, m: i32, lower: f64, upper: f64, sigma: f64, taps: usize, smoothed: usize): f64 {
  const h = (upper - lower) / <f64>(m - 1);
  reflectedGaussianSmooth(residual, m, h, sigma, taps, smoothed);
  return trapezoidAbsoluteIntegral(smoothed, m, h);
}
