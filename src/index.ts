// rmcal's public API, shared by every entry point (DESIGN.md §4). The entries in src/entries/ add `init`,
// each with its own way of obtaining the WebAssembly module.
export { assess, type AssessOptions, type Assessment, type View } from "./metrics/assess";
export { calibrationCurve, type CalibrationCurve, type CalibrationCurveOptions } from "./metrics/calibration-curve";
export { expectedCalibrationError, type ExpectedCalibrationErrorOptions } from "./metrics/expected-calibration-error";
export { brierScore, logLoss, type BinaryScoreOptions, type LogLossOptions } from "./metrics/binary-scores";
export { wilsonInterval } from "./metrics/wilson-interval";
export type { ReliabilityBin } from "./metrics/reliability-bins";
export type { Binning } from "./metrics/bin-edges";
export type { Pairs, PairRow, ChosenRejectedPairs, ScoredPairs, MarginPairs } from "./pairs/pairs";
export type { NumericColumn } from "./validate/columns";
export { isInitialized, type InitOptions } from "./wasm/instance";
export { bootstrapCalibration, type BootstrapOptions, type BootstrapInterval, type BootstrapMetric } from "./estimators/bootstrap-calibration";
export { smoothEce, type SmoothEceOptions, type SmoothEce, type SmoothCurve } from "./estimators/smooth-ece";
export { clopperPearsonInterval } from "./metrics/clopper-pearson-interval";
export type { BinInterval } from "./metrics/reliability-bins";
export { diagnose, type DiagnoseOptions, type Diagnosis, type Slice, type Deployment } from "./diagnostics/diagnose";
export { marginCoverage, type Coverage, type SparseRegion } from "./diagnostics/coverage";
export { populationStabilityIndex, kolmogorovSmirnovStatistic, distributionShift, type DistributionShift } from "./diagnostics/distribution-shift";
export type { LabelQuality } from "./diagnostics/label-quality";
export { betaQuantile, regularizedIncompleteBeta } from "./metrics/beta-distribution";
