// The (yTrue, yProb, sampleWeight) inputs of the scikit-learn-shaped helpers, checked once for all of them.
import { RmcalError } from "../../core/errors";
import {
  requireSameLength, requireNonEmpty, columnLength, requireWasmCapacity, unitIntervalView, weightView, type NumericColumn,
} from "../validation/columns";
import { scaleWeights } from "../../core/weight-scale";

export interface BinaryInputs {
  yTrue: Float64Array;
  yProb: Float64Array;
  /** Rescaled by a power of two when far from 1 (core/weight-scale.ts): these helpers report only ratios of sums. */
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

/**
 * binaryInputs for a kernel that checks the [0, 1] range itself in its pass (accumulateProbabilitySums):
 * Float64Array yTrue and yProb are not scanned here, every other check runs as in binaryInputs. Call
 * `reject()` when the kernel reports a value outside [0, 1]: it throws binaryInputs' error for the first bad
 * row. When another check fails, binaryInputs runs first, so the error is the one it would have thrown.
 * Other inputs (arrays, typed arrays of other types), or defer = false, are checked at once, as binaryInputs
 * does. O(1) + weights.
 */
export function rangeDeferredBinaryInputs(
  yTrue: NumericColumn, yProb: NumericColumn, sampleWeight: NumericColumn | undefined, defer = true,
): BinaryInputs & { reject(): never } {
  const reject = (): never => {
    binaryInputs(yTrue, yProb, sampleWeight);
    throw new RmcalError("internal", "internal: the binning kernel reported a value outside [0, 1] that binaryInputs accepts");
  };
  if (!defer || !(yTrue instanceof Float64Array && yProb instanceof Float64Array)) {
    return { ...binaryInputs(yTrue, yProb, sampleWeight), reject };
  }
  try {
    const weights = sampleWeight === undefined ? null : weightView(sampleWeight, "sampleWeight");
    requireSameLength({ yTrue, yProb, ...(weights ? { sampleWeight: weights } : {}) });
    requireNonEmpty(yTrue.length, "yTrue");
    return { yTrue, yProb, sampleWeight: weights, reject };
  } catch (error) {
    // A range error in yTrue or yProb comes first in binaryInputs: let it throw that one.
    binaryInputs(yTrue, yProb, sampleWeight);
    throw error;
  }
}
