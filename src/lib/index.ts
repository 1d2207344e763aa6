// rmcal's public API, shared by every entry point (docs/DESIGN.md §4.2). The entries in src/platform/entries/
// add `init`, each with its own way of obtaining the WebAssembly module.

// Pairs and their shapes
export type { Pairs, PairRow, ChosenRejectedPairs, ScoredPairs, MarginPairs, ClusterColumn } from "./pairs/pairs";
export type { NumericColumn } from "./validation/columns";
export { splitPairs, type SplitPairsOptions } from "./pairs/split-pairs";
export { isInitialized, type InitOptions, type CompiledWasmModule } from "../core/instance";

// Errors: one family with a machine-readable code (docs/DESIGN.md §8); branch on `code`, never on the message
export {
  RmcalError, RmcalTypeError, RmcalRangeError, isRmcalError,
  type RmcalErrorCode, type RmcalErrorDetails, type RmcalErrorFields,
} from "../core/errors";

// Assess: reliability bins and metrics of pairs, and scikit-learn-shaped helpers for (label, probability) data
export { assess, type AssessOptions, type Assessment, type View } from "./metrics/assess";
export {
  assessPartial, mergePartials, assessFromPartial, type AssessPartialOptions, type AssessFromPartialOptions,
} from "./metrics/assess-partial";
export type { PartialJson } from "./metrics/partial-json";
export type { ReliabilityBin, BinInterval } from "./metrics/reliability-bins";
export type { Binning } from "./metrics/bin-edges";
export { calibrationCurve, type CalibrationCurve, type CalibrationCurveOptions } from "./metrics/calibration-curve";
export { expectedCalibrationError, type ExpectedCalibrationErrorOptions } from "./metrics/expected-calibration-error";
export { brierScore, logLoss, type BinaryScoreOptions, type LogLossOptions } from "./metrics/binary-scores";
export { wilsonInterval } from "./uncertainty/wilson-interval";
export { clopperPearsonInterval } from "./uncertainty/clopper-pearson-interval";
export { betaQuantile, regularizedIncompleteBeta } from "./uncertainty/beta-distribution";

// Best-of-N and rankings: K responses per prompt, softmax and Plackett–Luce (docs/DESIGN.md §5.12)
export type { Choices, BestOfNChoices, RankedChoices, LongChoices, FlatChoices } from "./rankings/choices";
export {
  assessBestOfN, type AssessBestOfNOptions, type BestOfNAssessment, type PromptInterval,
} from "./rankings/assess-best-of-n";

// Uncertainty and better estimators
export { bootstrapCalibration, type BootstrapOptions, type BootstrapInterval, type BootstrapMetric } from "./uncertainty/bootstrap-calibration";
export type { BootstrapMethod } from "./uncertainty/bootstrap-interval";
export { compareCalibration, type ComparedMetric, type ComparisonOptions, type MetricComparison, type CalibrationComparison } from "./uncertainty/paired-comparison";
export type { SignalLike, ProgressCallback } from "./validation/abort";
export { smoothEce, type SmoothEceOptions, type SmoothEce, type SmoothCurve } from "./metrics/smooth-ece";

// Diagnose data: coverage, shift, label quality, slices
export { diagnose, type DiagnoseOptions, type Diagnosis, type Slice, type Deployment } from "./diagnostics/diagnose";
export { marginCoverage, type Coverage, type SparseRegion } from "./diagnostics/coverage";
export { populationStabilityIndex, kolmogorovSmirnovStatistic, distributionShift, type DistributionShift } from "./diagnostics/distribution-shift";
export type { LabelQuality } from "./diagnostics/label-quality";
export { covariateBias, type Covariate, type CovariateBias, type CovariateBiasOptions, type DifferenceBin } from "./diagnostics/covariate-bias";

// Fix: calibrators, their JSON, and scikit-learn-compatible isotonic regression
export { fitTemperature, type FitTemperatureOptions, type FittedTemperature } from "./calibrators/fit-temperature";
export type { TemperatureCalibrator } from "./calibrators/temperature-calibrator";
export { fitPlatt, type FitPlattOptions, type FittedPlatt } from "./calibrators/fit-platt";
export { fitPositionDebiasedPlatt, type PositionDebiasedPlatt } from "./calibrators/fit-position-debiased-platt";
export { fitDavidson, type FitDavidsonOptions, type FittedDavidson, type DavidsonProbabilities } from "./calibrators/fit-davidson";
export { assessTies, type AssessTiesOptions, type TieAssessment, type TieBin } from "./metrics/tie-reliability";
export { orderSwap, type OrderSwapOptions, type OrderSwap } from "./diagnostics/order-swap";
export type { PlattCalibrator } from "./calibrators/platt-calibrator";
export type { ParameterInterval } from "./calibrators/parameter-interval";
export { fitIsotonic, type FitIsotonicOptions } from "./calibrators/fit-isotonic";
export type { IsotonicCalibrator, IsotonicRewardOptions } from "./calibrators/isotonic-calibrator";
export { fitVennAbers, type FitVennAbersOptions } from "./calibrators/fit-venn-abers";
export type { VennAbersCalibrator, VennAbersPrediction } from "./calibrators/venn-abers-calibrator";
export { vennAbersAssessment, type VennAbersAssessment, type IntervalWidths } from "./calibrators/venn-abers-assessment";
export { loadCalibrator, type Calibrator } from "./calibrators/load-calibrator";
export { calibratedAssessment, calibratedPairs, type PredictingCalibrator } from "./calibrators/calibrated-assessment";
export { crossFit, type CrossFit, type CrossFitOptions } from "./calibrators/cross-fit";
export {
  fitGroupedTemperature, type FitGroupedTemperatureOptions, type FittedGroupedTemperature, type GroupTemperature, type Pooling,
} from "./calibrators/fit-grouped-temperature";
export type {
  GroupedTemperatureCalibrator, GroupedPredictOptions, GroupedRewardOptions, UnseenGroupsReport,
} from "./calibrators/grouped-temperature-calibrator";
export { crossFitGroupedTemperature, type CrossFitGroups, type CrossFitGroupsOptions } from "./calibrators/cross-fit-groups";
export type { CalibratorJson, CalibratorKind, RewardNormalization, FittedRange } from "./calibrators/calibrator";
export type { RewardOptions, RewardTransform, RewardTransformOptions } from "./calibrators/reward-transform";
export type { PredictOptions, ExtrapolationReport, ExtrapolationHandler } from "./calibrators/extrapolation";
export {
  exportCalibrator, type ExportTarget, type CalibratorExport, type HeadPatch, type OpenRlhfNormalization,
} from "./calibrators/export-calibrator";
export { isotonicRegression, type IsotonicRegressionOptions } from "./calibrators/isotonic-regression";
export {
  fitIsotonicRegression, type FitIsotonicRegressionOptions, type IsotonicRegressionModel, type OutOfBounds,
} from "./calibrators/fit-isotonic-regression";

// Train: the label-smoothed Bradley–Terry loss
export { bradleyTerryLoss, type BradleyTerryLossOptions } from "./training/bradley-terry-loss";

// Pictures: self-contained SVG strings (no DOM needed)
export {
  reliabilitySvg, type ReliabilitySeries, type AssessmentSeries, type CurveSeries, type SmoothEceSeries,
  type ReliabilitySvgOptions,
} from "./plot/reliability-svg";
export { histogramSvg, type HistogramSvgOptions } from "./plot/histogram-svg";
