// The "meat" of the cluster-robust sandwich variance: per-cluster sums of the score (the gradient of each pair's
// weighted log-likelihood), their outer products summed, times the small-sample factor G/(G − 1).
// see: Cameron & Miller, "A Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50 (2015), §II.C
// (docs/DESIGN.md §6.7)

/** Σ_g s_g s_gᵀ · G/(G − 1), with s_g = Σ_{i∈g} scores[k][i] per dimension k, and G the clusters that hold a pair. */
export interface ClusterMeat {
  /** Row-major k×k matrix. */
  readonly meat: Float64Array;
  /** The number of clusters with at least one pair of non-zero weight. */
  readonly clusters: number;
}

/**
 * Sums each dimension's per-pair scores within clusters and returns the scaled sum of outer products. Pairs whose
 * score is 0 in every dimension (zero weight) do not make a cluster count. O(n·k + G·k²).
 */
export function clusterMeat(
  scores: readonly Float64Array[], cluster: Int32Array, clusterCount: number, weight: Float64Array | null,
): ClusterMeat {
  const k = scores.length;
  const sums = new Float64Array(clusterCount * k);
  const present = new Uint8Array(clusterCount);
  // Invariant: sums[g·k + j] holds Σ scores[j][i] over pairs i < current in cluster g.
  for (let i = 0; i < cluster.length; i++) {
    if (weight !== null && weight[i] === 0) continue;
    const g = cluster[i];
    present[g] = 1;
    for (let j = 0; j < k; j++) sums[g * k + j] += scores[j][i];
  }
  let clusters = 0;
  const meat = new Float64Array(k * k);
  for (let g = 0; g < clusterCount; g++) {
    if (present[g] === 0) continue;
    clusters++;
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) meat[r * k + c] += sums[g * k + r] * sums[g * k + c];
  }
  const factor = clusters / (clusters - 1);
  for (let j = 0; j < k * k; j++) meat[j] *= factor;
  return { meat, clusters };
}
