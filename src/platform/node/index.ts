// rmcal/node: file helpers for Node (streams, gzip, atomic output) on top of the isomorphic readers.
/**
 * Node only: streaming file readers and atomic output files (docs/DESIGN.md §4.1).
 * @module rmcal/node
 */
export { openFileSource, type FileSource } from "./file-source";
export { AtomicFile, checkOutputPath, writeFileAtomic, OutputError, type OutputOptions } from "./atomic-output";
export { readPairFile, readPairFiles, resolveFormat, type ReadPairFileOptions } from "./read-pair-file";
export { readChoiceFile, readChoiceFiles, type ReadChoiceFileOptions } from "./read-choice-file";
export { inputFieldNames } from "./input-field-names";
export { expandInputPaths, STDIN } from "./input-paths";
export { openStdinSource, openParquetFile } from "./file-source";
export * from "../io/index";
export { bootstrapCalibrationParallel, compareCalibrationParallel, smoothEceParallel, type ThreadsOptions } from "./parallel-resampling";
export { readPairFilesParallel, type ParallelReadOptions } from "./read-pair-files-parallel";
export { readPairFileRanges } from "./read-pair-file-ranges";
export { MAX_THREADS } from "../../lib/parallel/threads-option";
export { assessParallel } from "./parallel-assess";
export { fitTemperatureParallel } from "./parallel-temperature";
