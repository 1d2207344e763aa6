import type { Assessment, CalibrationComparison, CalibratorJson, Diagnosis, OrderSwap, VennAbersAssessment } from "../../lib/index";
import type { TieReport } from "./ties-section";
import type { BestOfNSection } from "./best-of-n-section";
import type { GroupTemperatureStudy } from "./group-temperatures";
import type { CovariateNames } from "./covariate-section";
// What a calibration report shows, as plain data: built by calibrationStudy, rendered by reportHtml.

/** One row of the held-out metrics table: a way of turning margins into probabilities, assessed on held-out pairs. */
export interface MethodResult {
  /** "raw σ(d)", "temperature", "Platt", "isotonic", "Venn–Abers". */
  name: string;
  /** Fitted parameters in words, e.g. "T = 2.31". */
  parameters: string;
  /** Assessment on the held-out pairs; null when the method could not be fitted (see note). */
  assessment: Assessment | null;
  /** Why a method was left out, or a boundary the fit reached. */
  note?: string;
  /** The held-out pairs after this method against the raw scores: before, after, Δ and its interval per metric. */
  comparison?: CalibrationComparison;
  /** The calibrator fitted on the training pairs, as JSON (what the web page offers for download). */
  calibrator?: CalibratorJson;
}

export interface GroupResult {
  group: string;
  /** Held-out pairs of the group, raw. */
  raw: Assessment;
  /** The same pairs after the temperature fitted on all training pairs. */
  calibrated: Assessment | null;
}

/** One data set in the report. */
export interface ReportSection {
  title: string;
  /** Where the data comes from (plain text; escaped when rendered). */
  source: string;
  fieldsUsed: string;
  nTrain: number;
  nTest: number;
  holdout: number;
  seed: number;
  /** Rows skipped as invalid, in words; null when none. */
  skipped: string | null;
  methods: MethodResult[];
  /** The temperature fit, stated plainly (T, objective, boundary if reached). */
  temperatureSummary: string;
  /** The Δ intervals of every fitted method against the raw scores (SVG), when any method was fitted. */
  deltaChart: string | null;
  /** Reliability diagrams (SVG strings): before, after, and one per group when grouped. */
  diagrams: { caption: string; svg: string }[];
  /** Histogram of the training margins (SVG). */
  marginHistogram: string;
  groupField: string | null;
  groups: GroupResult[];
  /** The cluster field and how many clusters it names, when bootstraps resample whole clusters; null otherwise. */
  clusters: { field: string; count: number } | null;
  /** The Venn–Abers calibrator's intervals on the held-out pairs, when it was fitted (docs/DESIGN.md §5.13). */
  vennAbers?: { assessment: VennAbersAssessment; histogram: string; diagram: string } | null;
  /** Per-group temperatures (global, unpooled, pooled) cross-fitted on all pairs, when grouped (docs/DESIGN.md §5.14). */
  groupTemperatures?: GroupTemperatureStudy;
  /** The covariate's two fields, when the table was read with them (diagnostics.covariate is then present). */
  covariateNames?: CovariateNames;
  /** Coverage, label quality and slices with bootstrap intervals of all the section's pairs (rmcal diagnose). */
  diagnostics?: Diagnosis;
  /** The deployment file the diagnostics' shift compares with (rmcal report --deployment, the page's second file). */
  deploymentName?: string;
  /** Pairs judged in both orders (rmcal report --pair-id F --order F), with the fields that named them. */
  orders?: { study: OrderSwap; fields: { pairId: string; order: string } };
  /** The Davidson tie model, when every label is 1, 0 or 0.5 and some are ties. */
  ties?: TieReport | null;
}

export interface ReportModel {
  title: string;
  /** e.g. "rmcal 0.1.0"; shown in the footer. */
  generator: string;
  sections: ReportSection[];
  /** Sections of K-wise input (best-of-N, rankings), after the pair sections. */
  bestOfN?: BestOfNSection[];
}
