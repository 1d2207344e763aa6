// What rmcal's own programs (the CLI, the HTML report, the web page) use beyond the public API. The package does
// not export it: these pieces serve the programs' workflows, and users get the same results through the public
// functions. Programs reach the library through src/lib/index.ts and this file only (docs/DESIGN.md §9.3).
export { CALIBRATION_METHODS, POSITION_DEBIASED_PLATT, type CalibrationMethod, type FittedCalibrator, type MethodName } from "./calibrators/calibration-methods";
export { splitIndices } from "./pairs/split-pairs";
export { COMPARED_METRICS } from "./uncertainty/paired-comparison";
export { assessColumns } from "./metrics/assess";
export { partialOfColumns } from "./metrics/assess-partial";
// The size limits the library enforces, so the CLI's flags refuse exactly what the library refuses.
export { MAX_BINS } from "./metrics/assess";
export { MAX_COVERAGE_BINS } from "./diagnostics/diagnose";
export { escapeXml } from "./plot/escape-xml";
// K-wise choices as the readers validate them, and a split of their prompts (docs/DESIGN.md §5.12).
export { choicesOf } from "./rankings/choices";
