// rmcal's plain-TypeScript reference implementation: no WebAssembly, no shortcuts. Every WASM path of the
// package is cross-checked against it (docs/DESIGN.md §2 and §3 are the specification both follow).
export { sigmoid, negativeLogSigmoid, crossEntropyWithLogit } from "./logistic";
export { referencePairColumns, viewPair, agreement, type ReferencePairs, type ReferenceView, type ViewedPair } from "./pairs";
export { linspaceEdges, percentileEdges, distinctEdges, binOf } from "./bins";
export { binSums, effectiveSize, calibrationErrors, wilson, reliabilityBins, Z95, type BinSums, type ReferenceBin, type ReferenceErrors } from "./calibration";
export { referenceAssess, type ReferenceAssessOptions, type ReferenceAssessment } from "./assess";
export {
  referenceCalibrationCurve, referenceExpectedCalibrationError, referenceBrierScore, referenceLogLoss, sklearnEdges,
} from "./binary";
