// Empirical-Bayes shrinkage of per-group estimates toward a common centre, with the between-group variance τ²
// estimated by the method of moments (docs/DESIGN.md §5.14).
// see: DerSimonian & Laird, "Meta-analysis in clinical trials", Controlled Clinical Trials 7 (1986), eq. (8);
// Efron & Morris, "Stein's estimation rule and its competitors", JASA 68 (1973) for the posterior mean.

/** The shrinkage of G group estimates toward a centre. */
export interface GroupShrinkage {
  /** τ², the between-group variance of the true values, estimated (≥ 0). */
  readonly betweenVariance: number;
  /** Cochran's Q = Σ w_g·(x_g − centre)², w_g = 1/v_g over the informative groups. */
  readonly q: number;
  /** Groups with a finite, positive variance: only they inform τ². */
  readonly informative: number;
  /** B_g = τ²/(τ² + v_g): the share of its own estimate each group keeps (0: all centre, 1: all own). */
  readonly keep: Float64Array;
  /** The posterior means centre + B_g·(x_g − centre). */
  readonly posterior: Float64Array;
}

/**
 * Shrinks estimates x_g with sampling variances v_g toward `centre`: τ² = max(0, (Q − (G − 1)) / (S₁ − S₂/S₁)) with
 * w_g = 1/v_g, S₁ = Σw_g, S₂ = Σw_g², G the informative groups (DerSimonian–Laird; the centre stands in for their
 * weighted mean, which it equals to first order when it is the pooled fit); then the normal–normal posterior mean
 * centre + B_g·(x_g − centre), B_g = τ²/(τ² + v_g). A group with v_g = ∞ (no information) or fewer than two
 * informative groups (τ² not estimable, taken as 0) gets the centre. Only + − × ÷: bit-identical everywhere. O(G).
 */
export function shrinkTowardCentre(estimates: Float64Array, variances: Float64Array, centre: number): GroupShrinkage {
  let q = 0, s1 = 0, s2 = 0, informative = 0;
  for (let g = 0; g < estimates.length; g++) {
    const v = variances[g];
    if (!(v > 0 && v < Infinity)) continue;
    const w = 1 / v, r = estimates[g] - centre;
    q += w * r * r;
    s1 += w;
    s2 += w * w;
    informative++;
  }
  const denominator = s1 - s2 / s1;
  const betweenVariance = informative >= 2 && denominator > 0 ? Math.max(0, (q - (informative - 1)) / denominator) : 0;
  const keep = new Float64Array(estimates.length);
  const posterior = new Float64Array(estimates.length);
  for (let g = 0; g < estimates.length; g++) {
    const v = variances[g];
    keep[g] = betweenVariance > 0 && v > 0 && v < Infinity ? betweenVariance / (betweenVariance + v) : betweenVariance > 0 && v === 0 ? 1 : 0;
    posterior[g] = centre + keep[g] * (estimates[g] - centre);
  }
  return { betweenVariance, q, informative, keep, posterior };
}
