// A calibration study of one data set: split, fit each calibrator on the training part, assess everything on the
// held-out part, and draw it. The result is a ReportSection that reportHtml renders.
import { tablePairs, subsetTable, rowsOfGroup, type PairTable, describeSkipped } from "../../platform/io/index";
import type { GroupResult, MethodResult, ReportSection } from "./report-model";
import { reportDiagnostics } from "./diagnostics-section";
import {
  assess, type Assessment, type AssessOptions, reliabilitySvg, histogramSvg, smoothEce, calibratedAssessment,
  calibratedPairs, compareCalibration, vennAbersAssessment, type VennAbersCalibrator, type Deployment,
  type CalibrationComparison, type ComparisonOptions, type Pairs,
} from "../../lib/index";
import {
  splitIndices, CALIBRATION_METHODS, COMPARED_METRICS, type CalibrationMethod, type FittedCalibrator,
} from "../../lib/programs";
import { deltaIntervalsSvg } from "./delta-intervals-svg";
import { tableTies } from "./ties-section";
import { groupTemperatureStudy } from "./group-temperatures";

/** Folds of the per-group temperatures' cross-fit in a report (as rmcal fit --group by default). */
const GROUP_FOLDS = 5;

/**
 * A bin whose interval is wider than this tells nothing about calibration (its few pairs fit a calibrated and a
 * badly calibrated model alike), so the report's diagrams fade it rather than let its marker argue.
 */
const UNRELIABLE_WIDTH = 0.5;
const FADED = `Faded bins have an interval wider than ${UNRELIABLE_WIDTH}: too few pairs to judge.`;

export interface StudyOptions {
  title: string;
  /** Where the data comes from, shown under the title. */
  source: string;
  /** Share of pairs held out (default 0.3). */
  holdout?: number;
  seed?: number;
  assess?: AssessOptions;
  /** Name of the group field(s), when the table has group codes. */
  groupField?: string | null;
  /** Name of the cluster field, when the table has cluster codes (the bootstraps then resample clusters). */
  clusterField?: string | null;
  /** Resamples of the before/after comparisons (default 1000). */
  resamples?: number;
  /** Called as each method's comparison resamples: the method's label, resamples done, and their total. */
  onProgress?: (method: string, done: number, total: number) => void;
  /** Stops the study between resamples when aborted (an AbortSignal), as compareCalibration does. */
  signal?: { readonly aborted: boolean; readonly reason?: unknown };
  /** The covariate's two fields, when the table holds their columns (docs/DESIGN.md §7.6). */
  covariateNames?: { a: string; b: string } | null;
  /** Deployment data for the diagnostics' shift, and the file it came from (docs/DESIGN.md §7.2). */
  deployment?: { name: string; data: Deployment } | null;
  /**
   * How the before/after comparisons resample: compareCalibration in this thread by default; the CLI passes
   * rmcal/node's compareCalibrationParallel and the web page rmcal/browser's, which give its bits on every core
   * (docs/DESIGN.md §6.10).
   */
  compare?: (before: Pairs, after: Pairs, options: ComparisonOptions) => Promise<CalibrationComparison>;
}

const compareHere = (before: Pairs, after: Pairs, options: ComparisonOptions): Promise<CalibrationComparison> =>
  Promise.resolve().then(() => compareCalibration(before, after, options));

/** Coverage of the Δ intervals, as in rmcal fit. */
const CONFIDENCE = 0.9;
/**
 * The report compares every metric but smooth ECE: each smooth-ECE resample refits its bandwidth (docs/DESIGN.md
 * §3.5), which made a report of the bundled data take a minute and a half instead of seconds. Its curve is drawn,
 * and `rmcal fit --metrics smece` compares it.
 */
const REPORT_METRICS = COMPARED_METRICS.filter((m) => m !== "smece");

/**
 * Fits every available calibrator on a training split and assesses it on held-out pairs; draws the reliability
 * diagrams before and after, the margin histogram and per-group results. O(n log n) at most (isotonic).
 * @param table pairs read from a file
 * @param options title, source, holdout, seed, assess options, group field name
 * @returns a report section
 * @throws {RangeError} when the table has fewer than 2 pairs
 * @example reportHtml({ title: "RM", generator: "rmcal", sections: [await calibrationStudy(table, { title: "RM", source: "file" })] })
 */
export async function calibrationStudy(table: PairTable, options: StudyOptions): Promise<ReportSection> {
  const compare = options.compare ?? compareHere;
  const holdout = options.holdout ?? 0.3, seed = options.seed ?? 0;
  const assessOptions = { ...options.assess, temperature: 1 };
  const clusters = table.clusterCodes ? { codes: table.clusterCodes, count: table.clusterCount } : null;
  const { train: trainIndex, test: testIndex } = splitIndices(table.n, holdout, seed, clusters);
  const train = subsetTable(table, trainIndex), test = subsetTable(table, testIndex);
  const trainPairs = tablePairs(train), testPairs = tablePairs(test);
  const raw = assess(testPairs, assessOptions);

  const methods: MethodResult[] = [{ name: "raw σ(d)", parameters: "T = 1", assessment: raw }];
  const fitted: { method: CalibrationMethod; calibrator: FittedCalibrator; assessment: Assessment }[] = [];
  for (const method of Object.values(CALIBRATION_METHODS)) {
    if (!method) continue;
    const why = method.unsupported(table.mapping.shape === "chosen-rejected" ? "chosen-rejected" : "scores");
    if (why) {
      methods.push({ name: method.label, parameters: "—", assessment: null, note: why });
      continue;
    }
    try {
      const calibrator = method.fit(trainPairs, {});
      const assessment = calibratedAssessment(calibrator, testPairs, assessOptions);
      fitted.push({ method, calibrator, assessment });
      const { bins, binning, view } = assessOptions;
      const comparison = await compare(testPairs, calibratedPairs(calibrator, testPairs), {
        bins, binning, view, metrics: REPORT_METRICS, resamples: options.resamples ?? 1000, confidence: CONFIDENCE, seed,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: (done: number, total: number) => options.onProgress!(method.label, done, total) } : {}),
      });
      methods.push({
        name: method.label, parameters: method.describe(calibrator), assessment, note: method.message(calibrator) ?? undefined, comparison,
        calibrator: calibrator.toJSON(),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      methods.push({ name: method.label, parameters: "—", assessment: null, note: `not fitted: ${(error as Error).message}` });
    }
  }
  const temperature = fitted.find((f) => f.method.name === "temperature");
  const vennAbers = fitted.find((f) => f.method.name === "venn-abers");
  const diagrams = [
    {
      caption: `Before: raw scores σ(d) on ${test.n} held-out pairs; the line is the smooth reliability curve (smooth ECE, Błasiok & Nakkiran 2023). ${FADED}`,
      svg: reliabilitySvg([{ name: "raw σ(d)", report: raw }, { name: "raw, smoothed", smooth: smoothEce(testPairs, { view: assessOptions.view, temperature: 1 }) }], { title: `${options.title}: before`, greyWiderThan: UNRELIABLE_WIDTH }),
    },
  ];
  if (fitted.length > 0) {
    diagrams.push({
      caption: `After: each calibrator fitted on the training pairs, assessed on the same held-out pairs. ${FADED}`,
      svg: reliabilitySvg(fitted.map((f) => ({ name: `${f.method.label} (${f.method.describe(f.calibrator)})`, report: f.assessment })), { title: `${options.title}: after`, greyWiderThan: UNRELIABLE_WIDTH }),
    });
  }

  const groups: GroupResult[] = [];
  if (table.groupCodes !== null) {
    table.groupNames.forEach((group, code) => {
      const rows = rowsOfGroup(test, code);
      if (rows.length === 0) return;
      const pairs = tablePairs(subsetTable(test, rows));
      groups.push({ group, raw: assess(pairs, assessOptions), calibrated: temperature ? calibratedAssessment(temperature.calibrator, pairs, assessOptions) : null });
    });
    if (groups.length > 0 && groups.length <= 8) {
      diagrams.push({
        caption: `Per ${options.groupField ?? "group"}, raw scores on held-out pairs: slices can be miscalibrated in different ways. ${FADED}`,
        svg: reliabilitySvg(groups.map((g) => ({ name: g.group, report: g.raw })), { title: `${options.title}: per ${options.groupField ?? "group"}`, greyWiderThan: UNRELIABLE_WIDTH }),
      });
    }
  }
  return {
    title: options.title,
    source: options.source,
    fieldsUsed: table.fieldsUsed,
    nTrain: train.n,
    nTest: test.n,
    holdout,
    seed,
    skipped: describeSkipped(table.skipped),
    methods,
    temperatureSummary: temperature
      ? `${temperature.method.describe(temperature.calibrator)} (NLL objective${temperature.method.message(temperature.calibrator) ? `; ${temperature.method.message(temperature.calibrator)}` : ""})`
      : "not fitted",
    diagrams,
    deltaChart: methods.some((m) => m.comparison)
      ? deltaIntervalsSvg(methods.flatMap((m) => (m.comparison ? [{ name: m.name, comparison: m.comparison }] : [])), { title: `${options.title}: change after calibration` })
      : null,
    marginHistogram: histogramSvg(marginsOf(train), { title: "Training margins d = r_A − r_B", xLabel: "margin d", sparseBelow: 10 }),
    groupField: table.groupCodes !== null ? options.groupField ?? "group" : null,
    groups,
    clusters: table.clusterCodes !== null ? { field: options.clusterField ?? "cluster", count: table.clusterCount } : null,
    vennAbers: vennAbers ? vennAbersSection(vennAbers.calibrator as unknown as VennAbersCalibrator, test, assessOptions, options.title) : null,
    ...(table.groupCodes !== null && table.groupNames.length >= 2 && unitsOf(table) >= GROUP_FOLDS
      ? { groupTemperatures: groupTemperatureStudy(tablePairs(table), Array.from(table.groupCodes, (code) => table.groupNames[code]), {
        groupField: options.groupField ?? "group", folds: GROUP_FOLDS, seed, assess: options.assess,
      }) }
      : {}),
    ...(options.covariateNames && table.covariates.length === 2 ? { covariateNames: options.covariateNames } : {}),
    diagnostics: reportDiagnostics(table, assessOptions, seed, options.deployment?.data),
    ...(options.deployment ? { deploymentName: options.deployment.name } : {}),
    ties: tieSection(table),
  };
}

/** The Davidson section when the labels are three outcomes with ties (and the ties have weight); null otherwise. */
function tieSection(table: PairTable): ReportSection["ties"] {
  try {
    return tableTies(table);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** What the folds deal out: clusters, or pairs. */
function unitsOf(table: PairTable): number {
  return table.clusterCodes !== null ? table.clusterCount : table.n;
}

function marginsOf(table: PairTable): Float64Array {
  if (table.margin) return table.margin;
  const d = new Float64Array(table.n);
  for (let i = 0; i < table.n; i++) d[i] = table.scoreA![i] - table.scoreB![i];
  return d;
}

/** The Venn–Abers intervals on the held-out pairs: their widths, and the reliability of the merged probability. */
function vennAbersSection(calibrator: VennAbersCalibrator, test: PairTable, assessOptions: AssessOptions, title: string) {
  const assessment = vennAbersAssessment(calibrator, tablePairs(test), assessOptions);
  const { p0, p1 } = calibrator.predictInterval(marginsOf(test));
  const widths = p1.map((high, i) => high - p0[i]);
  return {
    assessment,
    histogram: histogramSvg(widths, { title: "Venn–Abers interval widths p1 − p0", xLabel: "width" }),
    diagram: reliabilitySvg([{ name: "Venn–Abers, merged p", report: assessment.merged }], { title: `${title}: Venn–Abers merged p`, greyWiderThan: UNRELIABLE_WIDTH }),
  };
}
