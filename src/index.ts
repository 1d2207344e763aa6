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
// Calibrators (DESIGN.md §4: fix) and pair splitting
export { fitTemperature, type FitTemperatureOptions, type FittedTemperature } from "./calibrators/fit-temperature";
export type { TemperatureCalibrator } from "./calibrators/temperature-calibrator";
export type { PlattCalibrator } from "./calibrators/platt-calibrator";
export { loadCalibrator, type Calibrator } from "./calibrators/load-calibrator";
export type { CalibratorJson, CalibratorKind, RewardNormalization } from "./calibrators/calibrator";
export { splitPairs, type SplitPairsOptions } from "./pairs/split-pairs";
export { reliabilitySvg, type ReliabilitySeries, type AssessmentSeries, type CurveSeries, type SmoothEceSeries, type ReliabilitySvgOptions } from "./plot/reliability-svg";
export { histogramSvg, type HistogramSvgOptions } from "./plot/histogram-svg";
export { isotonicRegression, type IsotonicRegressionOptions } from "./calibrators/isotonic-regression";
export {
  fitIsotonicRegression, type FitIsotonicRegressionOptions, type IsotonicRegressionModel, type OutOfBounds,
} from "./calibrators/fit-isotonic-regression";
export { fitIsotonic, type FitIsotonicOptions } from "./calibrators/fit-isotonic";
export type { IsotonicCalibrator, IsotonicRewardOptions } from "./calibrators/isotonic-calibrator";
export { fitPlatt, type FitPlattOptions, type FittedPlatt } from "./calibrators/fit-platt";
// Training (DESIGN.md §4: train)
export { bradleyTerryLoss, type BradleyTerryLossOptions } from "./training/bradley-terry-loss";
