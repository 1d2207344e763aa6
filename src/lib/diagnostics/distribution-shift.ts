// Shift between the calibration distribution and the deployment distribution of a score or margin.
import { sortedCopy } from "../sort/sorted-copy";
import { numpyPercentileEdges } from "../metrics/bin-edges";
import { naturalLog } from "../../core/logistic";
import { finiteColumn, requireNonEmpty } from "../validation/columns";

export interface DistributionShift {
  /** Population stability index over the calibration deciles. */
  psi: number;
  /** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs. */
  ks: number;
  /** Share of deployment values outside the calibration range [min, max], and below / above it. */
  outsideShare: number;
  belowShare: number;
  aboveShare: number;
  /** Calibration range. */
  range: [number, number];
}

/** Proportions below this are raised to it in the PSI, whose log term is infinite for an empty bin. */
const PSI_FLOOR = 1e-4;

/**
 * Population stability index: Σ_b (q_b − p_b)·ln(q_b / p_b) over bins at the calibration sample's deciles
 * (p: calibration shares, q: deployment shares, each floored at 1e-4). Rule of thumb: < 0.1 stable,
 * 0.1–0.25 moderate shift, > 0.25 large shift.
 * Yurdakul, "Statistical properties of population stability index", PhD thesis, Western Michigan Univ. 2018.
 * O((n + m) log n). Bins: (−∞, e_1], (e_1, e_2], …, (e_9, ∞) with e_i numpy's percentiles of the calibration data.
 * @example populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4]) // => 0
 */
export function populationStabilityIndex(calibration: ArrayLike<number>, deployment: ArrayLike<number>, bins = 10): number {
  const expected = checked(calibration, "calibration");
  const actual = checked(deployment, "deployment");
  const edges = numpyPercentileEdges(expected, bins);
  const inner = Array.from(edges.subarray(1, bins));
  const p = shares(expected, inner), q = shares(actual, inner);
  let psi = 0;
  for (let b = 0; b < p.length; b++) {
    const pb = Math.max(p[b], PSI_FLOOR), qb = Math.max(q[b], PSI_FLOOR);
    psi += (qb - pb) * naturalLog(qb / pb);
  }
  return psi;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic sup_x |F_1(x) − F_2(x)| over the empirical CDFs (ties handled by
 * stepping past every copy of a value at once), as scipy.stats.ks_2samp's statistic.
 * Kolmogorov 1933, Smirnov 1948. O((n + m) log(n + m)).
 * @example kolmogorovSmirnovStatistic([1, 2, 3], [4, 5, 6]) // => 1
 */
export function kolmogorovSmirnovStatistic(sample1: ArrayLike<number>, sample2: ArrayLike<number>): number {
  const a = sortedCopy(checked(sample1, "sample1"));
  const b = sortedCopy(checked(sample2, "sample2"));
  let i = 0, j = 0, gap = 0;
  // Invariant: i and j count the values ≤ the last value stepped past, so i/n and j/m are the two CDFs there.
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    gap = Math.max(gap, Math.abs(i / a.length - j / b.length));
  }
  return gap;
}

/** PSI, KS and the share of deployment values outside the calibration range. */
export function distributionShift(calibration: ArrayLike<number>, deployment: ArrayLike<number>): DistributionShift {
  const c = checked(calibration, "calibration");
  const d = checked(deployment, "deployment");
  let low = Infinity, high = -Infinity;
  for (const x of c) { low = Math.min(low, x); high = Math.max(high, x); }
  let below = 0, above = 0;
  for (const x of d) { if (x < low) below++; else if (x > high) above++; }
  return {
    psi: populationStabilityIndex(c, d), ks: kolmogorovSmirnovStatistic(c, d),
    outsideShare: (below + above) / d.length, belowShare: below / d.length, aboveShare: above / d.length,
    range: [low, high],
  };
}

function checked(values: ArrayLike<number>, name: string): Float64Array {
  const out = finiteColumn(values, name);
  requireNonEmpty(out.length, name);
  return out;
}

/** Share of values in each bin (−∞, e_1], (e_1, e_2], …, (e_last, ∞). */
function shares(values: Float64Array, inner: number[]): number[] {
  const counts = new Array<number>(inner.length + 1).fill(0);
  for (const x of values) {
    let lo = 0, hi = inner.length;
    // Invariant: inner edges before lo are < x, those from hi on are ≥ x.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inner[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts.map((c) => c / values.length);
}
