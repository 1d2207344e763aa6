// The WebAssembly module's exports. Kernels are pure loops over linear memory (ptr, n): they never
// validate; the TypeScript facade (src/) checks every input before calling them.
export { alloc, free } from "./memory";
export { naturalLog, sigmoidOfScaled, log1pOnUnitInterval, log1pTwoLanes } from "./logistic";
export { accumulatePairs, addPairs, accumulateProbabilities, addProbabilities, completeProbabilityBins, binaryScoreSums } from "./binning";
export { calibrationErrors } from "./calibration-errors";
export { resampleIndices } from "./random";
export { bootstrapBinnedMetric, bootstrapScratchBytes } from "./bootstrap";
export { jackknifeBinnedMetric, jackknifeScratchBytes } from "./jackknife";
export { regularizedIncompleteBeta, betaQuantile, clopperPearsonBounds } from "./beta";
export { depositOnGrid, reflectedGaussianSmooth, smoothEceAt, smoothingScratchLength } from "./smooth-ece";
export { temperatureDerivatives, temperatureNll, exponential } from "./temperature";
export { temperatureExpansion } from "./temperature-expansion";
export { expTwoLanes } from "./exp-lanes";
export { choiceDerivatives, choiceTerms, choiceProfile } from "./plackett-luce";
export { choiceExpansion } from "./choice-expansion";
export { identityIndex, radixSortIndices, gatherF64, averageRanks } from "./radix-sort";
export { poolAdjacentViolators, poolAdjacentBlocks, pruneBlocks, reverseF64, mergeTiedX, interpolateLinear, logitClipped } from "./isotonic";
export { plattNewtonSums } from "./platt";
export { davidsonNewtonSums, davidsonProbabilities } from "./davidson";
export { bradleyTerryLoss } from "./bradley-terry";
export { streamSum } from "./stream-sum";
export { sortFloat64 } from "./value-radix-sort";
export { pairConfidences } from "./pair-confidences";
export { sortRecordsByX, mirrorPairs } from "./record-radix-sort";
export { mirroredUnion, interpolateAscending, antisymmetrize, pruneThresholds } from "./antisymmetric-isotonic";
export { normalCdf, normalQuantile } from "./normal-distribution";
export { vennAbersUpper, vennAbersLower, pruneVennAbers, vennAbersPredict } from "./venn-abers";
export { selectRanksCount, selectRanksGather, selectRanksTableBytes } from "./order-statistics";
