// Data diagnostics for calibration pairs: coverage, shift to deployment, label quality and slices.
import { RmcalTypeError } from "../../core/errors";
import { toPairColumns, columnsAsPairs, type Pairs, type PairColumns } from "../pairs/pairs";
import { groupKeys } from "../pairs/group-keys";
import { ASSESS_OPTION_KEYS, assessColumns, type AssessOptions, type Assessment } from "../metrics/assess";
import { bootstrapCalibrationColumns, type BootstrapInterval } from "../uncertainty/bootstrap-calibration";
import { resampled } from "../uncertainty/resampling-units";
import { marginCoverage, type Coverage } from "./coverage";
import { distributionShift, type DistributionShift } from "./distribution-shift";
import { labelQuality, type LabelQuality } from "./label-quality";
import { covariateBias, type Covariate, type CovariateBias } from "./covariate-bias";
import { progressOption, type ProgressCallback, type SignalLike } from "../validation/abort";
import { finiteColumn, integerOption, numberOption, optionsObject, optionKeys } from "../validation/columns";

/** Deployment data: margins (an array, or { margin }), or per-response scores ({ scores }), or pairs. */
export type Deployment = ArrayLike<number> | { margin: ArrayLike<number> } | { scores: ArrayLike<number> } | Pairs;

export interface DiagnoseOptions extends AssessOptions {
  /** Deployment data to compare with the calibration pairs. */
  deployment?: Deployment;
  /** One group key per pair (subset, source, category): slices are assessed per group. */
  group?: ArrayLike<string | number>;
  /**
   * A numeric covariate of each response (its length, say): the margin's correlation with the covariate difference,
   * calibration per difference bin and tercile, and the "larger covariate wins" baseline (docs/DESIGN.md §7.6).
   */
  covariate?: Covariate;
  /** With covariate: equal-count bins of the covariate difference (default 5). */
  differenceBins?: number;
  /** Coverage histogram: number of equal-width margin bins (default 10). */
  coverageBins?: number;
  /** A coverage bin with fewer pairs than this is sparse (default 30). */
  minPerBin?: number;
  /** Bootstrap resamples for the slices' ECE intervals (default 1000), confidence (0.9) and seed (0). */
  resamples?: number;
  confidence?: number;
  seed?: number;
  /** Stops the slices' bootstraps between batches of resamples (error code "aborted"), as in bootstrapCalibration. */
  signal?: SignalLike;
  /** Called between batches of the slices' bootstraps with the resamples done over all slices and their total. */
  onProgress?: ProgressCallback;
}

const DIAGNOSE_OPTION_KEYS = optionKeys<DiagnoseOptions>()([...ASSESS_OPTION_KEYS, "deployment", "group", "covariate", "differenceBins", "coverageBins", "minPerBin", "resamples", "confidence", "seed", "signal", "onProgress"]);

/**
 * One group's assessment with a bootstrap interval of its ECE. With a cluster column the interval resamples the
 * slice's own clusters whole (docs/DESIGN.md §6.5).
 */
export interface Slice {
  group: string;
  n: number;
  assessment: Assessment;
  ece: number;
  eceLow: number;
  eceHigh: number;
  /** The interval's method: "bca", or "percentile" where BCa is undefined (docs/DESIGN.md §6.4). */
  eceMethod: BootstrapInterval["method"];
  /** What the interval resampled whole, and how many: the slice's pairs, or the clusters its pairs belong to. */
  unit: BootstrapInterval["unit"];
  units: number;
}

export interface Diagnosis {
  n: number;
  coverage: Coverage;
  labels: LabelQuality;
  /** Present with a deployment: shift of margins, or of per-response scores when deployment gave scores. */
  shift?: DistributionShift & { of: "margin" | "score"; deploymentN: number };
  /** Present with a group: one entry per group, largest ECE first. */
  slices?: Slice[];
  /** Present with a covariate: its correlation with the margin, the baseline it gives, calibration along it. */
  covariate?: CovariateBias;
}

/** The most coverage bins diagnose (and the CLI's --coverage-bins) accepts. */
export const MAX_COVERAGE_BINS = 100_000;

/**
 * Diagnoses calibration data before trusting a calibration fitted on it: where the margins are too sparse to
 * estimate calibration and where a calibrator would extrapolate, how far deployment data has shifted away
 * (PSI, two-sample KS, share outside the calibration range), what the labels allow (agreement ceiling, ties),
 * and how calibration differs between slices (per-group assess with bootstrap ECE intervals, sorted by ECE). With a
 * cluster column in the pairs, each slice's interval resamples the slice's clusters whole (docs/DESIGN.md §6.5).
 * O(n log n + G·R·n_g) for G groups and R resamples.
 * @param calibrationPairs the pairs a calibrator would be fitted or assessed on
 * With a covariate per response (lengths), the covariate-bias check of covariateBias (docs/DESIGN.md §7.6).
 * @param options deployment, group, covariate, differenceBins, coverageBins, minPerBin, resamples, confidence, seed,
 *   and assess's options
 * @throws {TypeError|RangeError} naming the argument and first offending index and value
 * @example diagnose({ margin: [2, -1, 0.5, 3], label: [1, 0, 0, 1] }, { deployment: [3, 4, 5, -1] }).shift.outsideShare // => 0.5
 */
export function diagnose(calibrationPairs: Pairs, options?: DiagnoseOptions): Diagnosis {
  const columns = toPairColumns(calibrationPairs, "calibrationPairs");
  const o = optionsObject(options, DIAGNOSE_OPTION_KEYS);
  const { deployment, group, covariate, differenceBins, coverageBins, minPerBin, resamples, confidence, seed, signal, onProgress, ...assessOptions } = o;
  const bins = integerOption(coverageBins ?? 10, "options.coverageBins", 1, MAX_COVERAGE_BINS);
  const minimum = numberOption(minPerBin ?? 30, "options.minPerBin", (m) => m >= 0, "a number ≥ 0");
  const diagnosis: Diagnosis = {
    n: columns.n,
    coverage: marginCoverage(columns.margin, bins, minimum),
    labels: labelQuality(columns),
  };
  if (deployment !== undefined) diagnosis.shift = deploymentShift(columns, deployment);
  if (covariate !== undefined) {
    diagnosis.covariate = covariateBias(columnsAsPairs(columns), covariate, { ...assessOptions, ...(differenceBins === undefined ? {} : { differenceBins }) });
  } else if (differenceBins !== undefined) {
    throw new RmcalTypeError("invalid-option", "options.differenceBins bins the covariate difference; give options.covariate too", { argument: "options.differenceBins" });
  }
  if (group !== undefined) {
    diagnosis.slices = slices(columns, groupKeys(group, columns.n, "calibrationPairs"), assessOptions, { resamples, confidence, seed, signal }, onProgress);
  }
  return diagnosis;
}

function deploymentShift(columns: PairColumns, deployment: Deployment): Diagnosis["shift"] {
  if (deployment !== null && typeof deployment === "object" && "scores" in deployment) {
    if (!columns.scoreA || !columns.scoreB) {
      throw new RmcalTypeError("invalid-option", "options.deployment gives per-response scores, but calibrationPairs have only margins; give scoreA/scoreB or chosen/rejected", { argument: "options.deployment" });
    }
    const scores = finiteColumn(deployment.scores, "options.deployment.scores");
    const calibrationScores = new Float64Array(2 * columns.n);
    calibrationScores.set(columns.scoreA);
    calibrationScores.set(columns.scoreB, columns.n);
    return { of: "score", deploymentN: scores.length, ...distributionShift(calibrationScores, scores) };
  }
  const margins = isColumnLike(deployment)
    ? finiteColumn(deployment, "options.deployment")
    : "margin" in deployment && !("label" in deployment)
      ? finiteColumn(deployment.margin, "options.deployment.margin")
      : toPairColumns(deployment as Pairs, "options.deployment").margin;
  return { of: "margin", deploymentN: margins.length, ...distributionShift(columns.margin, margins) };
}

function isColumnLike(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function slices(
  columns: PairColumns, keys: string[], assessOptions: AssessOptions,
  bootstrap: { resamples?: number; confidence?: number; seed?: number; signal?: SignalLike },
  onProgress: unknown,
): Slice[] {
  const progress = progressOption(onProgress, "options.onProgress");
  const members = new Map<string, number[]>();
  keys.forEach((key, i) => {
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  });
  const result: Slice[] = [];
  // Progress counts resamples over all slices: slice s reports done as s·R + its own count.
  const perSlice = bootstrap.resamples ?? 1000, total = perSlice * members.size;
  let offset = 0;
  for (const [group, indices] of members) {
    const slice = resampled(columns, Int32Array.from(indices));
    // A group whose pairs all have weight 0 has nothing to assess.
    if (slice.weight && !slice.weight.some((w) => w > 0)) {
      offset += perSlice;
      continue;
    }
    const assessment = assessColumns(slice, assessOptions);
    const sliceProgress = progress && ((done: number) => progress(offset + done, total));
    const interval = bootstrapCalibrationColumns(slice, { ...assessOptions, ...bootstrap, metric: "ece", onProgress: sliceProgress });
    offset += perSlice;
    result.push({
      group, n: indices.length, assessment, ece: assessment.ece, eceLow: interval.low, eceHigh: interval.high,
      eceMethod: interval.method, unit: interval.unit, units: interval.units,
    });
  }
  return result.sort((a, b) => b.ece - a.ece || (a.group < b.group ? -1 : 1));
}
