// The (yTrue, yProb, sampleWeight) inputs of the scikit-learn-shaped helpers, checked once for all of them.
import { requireSameLength, requireNonEmpty, columnLength, requireWasmCapacity } from "../validate/columns";
import { unitIntervalView, weightView } from "../validate/column-views";
import type { NumericColumn } from "../validate/columns";
import { scaleWeights } from "./weight-scale";

export interface BinaryInputs {
  yTrue: Float64Array;
  yProb: Float64Array;
  /** Rescaled by a power of two when far from 1 (./weight-scale.ts): these helpers report only ratios of sums. */
  sampleWeight: Float64Array | null;
}

/**
 * Labels (soft allowed) and probabilities in [0, 1], of one length, with optional non-negative weights.
 * Float64Array inputs are returned as they are (checked, not copied): read them, never write to them.
 */
export function binaryInputs(yTrue: NumericColumn, yProb: NumericColumn, sampleWeight: NumericColumn | undefined): BinaryInputs {
  requireWasmCapacity(columnLength(yTrue), 2 + Number(sampleWeight !== undefined), "yTrue");
  const labels = unitIntervalView(yTrue, "yTrue");
  const probabilities = unitIntervalView(yProb, "yProb");
  const weights = sampleWeight === undefined ? null : weightView(sampleWeight, "sampleWeight");
  requireSameLength({ yTrue: labels, yProb: probabilities, ...(weights ? { sampleWeight: weights } : {}) });
  requireNonEmpty(labels.length, "yTrue");
  return { yTrue: labels, yProb: probabilities, sampleWeight: scaleWeights(weights).weights };
}
