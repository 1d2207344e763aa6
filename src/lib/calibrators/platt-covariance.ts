// The covariance of the fitted Platt parameters (α, β) (docs/DESIGN.md §6.7): the inverse observed information
// H⁻¹ of the weighted NLL at the optimum, or with clusters the sandwich H⁻¹·M·H⁻¹, M the cluster meat.
// see: Cameron & Miller, "A Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50 (2015)
import { sigmoidOfScaled } from "../../core/logistic";
import type { PairColumns } from "../pairs/pairs";
import { clusterMeat } from "./cluster-sandwich";

/** [[var α, cov], [cov, var β]] and whether the cluster sandwich made it. */
export interface PlattCovariance {
  readonly covariance: readonly [readonly [number, number], readonly [number, number]];
  readonly method: "wald" | "cluster-sandwich";
}

/**
 * H⁻¹ for H = [[haa, hab], [hab, hbb]] (sums of w·σ'(z)·[d², d, 1]); with a cluster column, H⁻¹·M·H⁻¹ with
 * s_g = Σ_{i∈g} w·(σ(α·d + β) − y)·[d, 1]. Null with fewer than two clusters. O(n) for the sandwich.
 */
export function plattCovariance(
  columns: PairColumns, scale: number, bias: number, hessian: readonly [number, number, number],
): PlattCovariance | null {
  const [haa, hab, hbb] = hessian;
  const det = haa * hbb - hab * hab;
  const inverse = [hbb / det, -hab / det, haa / det];
  if (columns.cluster === null) {
    return { covariance: matrix(inverse[0], inverse[1], inverse[2]), method: "wald" };
  }
  const { margin, label, weight, cluster, clusterCount } = columns;
  const z = new Float64Array(margin.length);
  for (let i = 0; i < z.length; i++) z[i] = scale * margin[i] + bias;
  // σ(z / 1): the division by 1 is exact, as in the calibrator's predict.
  const p = sigmoidOfScaled(z, 1);
  const scoreScale = new Float64Array(z.length), scoreBias = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const y = label === null ? 1 : label[i];
    const w = weight === null ? 1 : weight[i];
    if (w === 0) continue;
    scoreBias[i] = w * (p[i] - y);
    scoreScale[i] = scoreBias[i] * margin[i];
  }
  const { meat, clusters } = clusterMeat([scoreScale, scoreBias], cluster, clusterCount, weight);
  if (clusters < 2) return null;
  // H⁻¹·M·H⁻¹ for symmetric 2×2 matrices, written out.
  const [ia, ib, ic] = inverse;
  const [maa, mab, mbb] = [meat[0], meat[1], meat[3]];
  const ra = ia * maa + ib * mab, rb = ia * mab + ib * mbb; // first row of H⁻¹·M
  const sa = ib * maa + ic * mab, sb = ib * mab + ic * mbb; // second row of H⁻¹·M
  return { covariance: matrix(ra * ia + rb * ib, ra * ib + rb * ic, sa * ib + sb * ic), method: "cluster-sandwich" };
}

function matrix(aa: number, ab: number, bb: number): PlattCovariance["covariance"] {
  return Object.freeze([Object.freeze([aa, ab] as const), Object.freeze([ab, bb] as const)] as const);
}
