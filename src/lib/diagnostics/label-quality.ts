// What the labels themselves allow: how much annotators agree, and how many pairs are ties.
import type { PairColumns } from "../pairs/pairs";

export interface LabelQuality {
  /** Best accuracy any scorer could reach on these labels: the weighted mean of max(y, 1 − y). */
  agreementCeiling: number;
  /** Weighted share of pairs with |y − 0.5| ≤ nearHalf (annotators split). */
  nearHalfShare: number;
  nearHalf: number;
  /** Weighted share of soft labels (0 < y < 1). */
  softShare: number;
  /** Weighted share of tied labels (y = 0.5). */
  labelTieShare: number;
  /** Weighted share of tied margins (d = 0: the model has no preference). */
  marginTieShare: number;
}

/**
 * Label quality of preference pairs. With soft labels (annotator shares), the agreement ceiling — the mean of
 * max(y, 1 − y) — bounds the accuracy of every scorer, and the share near 0.5 counts pairs the annotators could
 * not decide; the tie shares count tied labels and tied margins (a tied margin scores ½ in every metric).
 * O(n).
 * @example labelQuality(toPairColumns({ margin: [1, 0], label: [0.8, 0.5] })).agreementCeiling // => 0.65
 */
export function labelQuality(columns: PairColumns, nearHalf = 0.1): LabelQuality {
  const { margin, label, weight } = columns;
  let total = 0, ceiling = 0, near = 0, soft = 0, labelTies = 0, marginTies = 0;
  for (let i = 0; i < columns.n; i++) {
    const w = weight ? weight[i] : 1;
    const y = label ? label[i] : 1;
    total += w;
    ceiling += w * Math.max(y, 1 - y);
    if (Math.abs(y - 0.5) <= nearHalf) near += w;
    if (y > 0 && y < 1) soft += w;
    if (y === 0.5) labelTies += w;
    if (margin[i] === 0) marginTies += w;
  }
  return {
    agreementCeiling: ceiling / total, nearHalfShare: near / total, nearHalf, softShare: soft / total,
    labelTieShare: labelTies / total, marginTieShare: marginTies / total,
  };
}
