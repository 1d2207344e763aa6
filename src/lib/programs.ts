// What rmcal's own programs (the CLI, the HTML report, the web page) use beyond the public API. The package does
// not export it: these pieces serve the programs' workflows, and users get the same results through the public
// functions. Programs reach the library through src/lib/index.ts and this file only (docs/DESIGN.md §9.3).
export { CALIBRATION_METHODS, type CalibrationMethod, type FittedCalibrator, type MethodName } from "./calibrators/calibration-methods";
export { splitIndices } from "./pairs/split-pairs";
export { COMPARED_METRICS } from "./uncertainty/paired-comparison";
export { assessColumns } from "./metrics/assess";
export { partialOfColumns } from "./metrics/assess-partial";
// The size limits the library enforces, so the CLI's flags refuse exactly what the library refuses.
export { MAX_BINS } from "./metrics/assess";
export { MAX_COVERAGE_BINS } from "./diagnostics/diagnose";
export { escapeXml } from "./plot/escape-xml";
