import type { Assessment, BestOfNAssessment } from "../../lib/index";
import type { ChoiceFields, FieldFlags } from "../../platform/io/index";
// Messages between the page (main.ts) and its Web Worker (worker.ts). Structured-clone friendly: plain data only.

/** The analysis settings the page exposes: those of `rmcal report`. */
export interface PageOptions {
  bins: number;
  binning: "uniform" | "quantile";
  view: "folded" | "oriented";
  /** Share of pairs held out to evaluate the calibrators fitted on the rest. */
  holdout: number;
  seed: number;
  /** Bootstrap resamples of each before/after comparison. */
  resamples: number;
}

/** Fields the user chose, and the label map; what `rmcal report`'s input flags give. */
export interface PageInput {
  fields?: FieldFlags;
  /** K-wise choices (`--scores` with `--best` or `--ranking`, or `--prompt --score` with `--best` or `--rank`). */
  choices?: ChoiceFields;
  labelMap?: string;
  /** Field whose values name the slices (`--group`). */
  group?: string;
  /** Field whose values name the clusters (`--cluster`): bootstraps and the split keep them whole. */
  cluster?: string;
  /** Pairs judged in both orders (`--pair-id`, `--order`): the field naming each pair, and the one naming its order. */
  pairId?: string;
  order?: string;
  /** A numeric covariate of each response, e.g. lengths (`--covariate-a`, `--covariate-b`). */
  covariateA?: string;
  covariateB?: string;
}

/**
 * Deployment data to compare with the pairs (`--deployment FILE2`): its pairs, read with the same fields, or with
 * `score` (`--deployment-score F`) one response per row.
 */
export interface PageDeployment {
  file: File;
  score?: string;
}

export type ToWorker =
  /** Read a file (and the deployment file, when given) and analyze it. */
  | { type: "open"; file: File; input: PageInput; options: PageOptions; deployment: PageDeployment | null }
  /** Analyze the last file again with other settings (the parsed columns are kept in the worker). */
  | { type: "reanalyze"; options: PageOptions };

/** One calibrator of the study, as the page lists it. */
export interface MethodSummary {
  name: string;
  /** Fitted parameters in words ("T = 1.901"), "—" when not fitted. */
  parameters: string;
  /** Why it was not fitted, or a boundary it reached. */
  note: string | null;
  /** Held-out metrics after it; null when not fitted. */
  assessment: Assessment | null;
  /** Each compared metric's line, as `rmcal fit` prints it: before → after, Δ [interval], verdict. */
  verdicts: string[];
  /** The calibrator JSON text for the download; null when not fitted. */
  json: string | null;
}

export interface AnalysisResult {
  fileName: string;
  fieldsUsed: string;
  n: number;
  skipped: string | null;
  /** All pairs, raw scores. */
  all: Assessment;
  svgAll: string;
  /** The held-out study (`rmcal report`'s section); null when there are too few pairs to split. */
  study: {
    nTrain: number;
    nTest: number;
    /** Held-out pairs, raw scores. */
    raw: Assessment;
    methods: MethodSummary[];
    /** "Δ = after − before, 90% BCa interval from 1000 resamples of 880 pairs". */
    comparedOn: string;
    svgCalibrated: string | null;
  } | null;
  /** Why there is no held-out study, when study is null. */
  heldOutNote: string | null;
  /** The whole report, as `rmcal report` writes it for this file and these settings. */
  reportHtml: string | null;
  /** With a deployment file: the shift line as `rmcal diagnose` prints it, and its numbers; null otherwise. */
  shift: { line: string; psi: number; ks: number; outsideShare: number; belowShare: number; aboveShare: number; deploymentN: number } | null;
}

/** What the page shows for K-wise choices: the best-of-N section of `rmcal report`. */
export interface BestOfNResult {
  fileName: string;
  fieldsUsed: string;
  /** Prompts and responses read. */
  prompts: number;
  responses: number;
  skipped: string | null;
  model: "best-of-n" | "plackett-luce";
  nTrain: number;
  nTest: number;
  /** "T = 2.517 (95% interval 2.267 to 2.816)", as the report words it. */
  temperatureSummary: string;
  /** Held-out prompts at T = 1 and at the fitted T, with prompt-resampled intervals. */
  before: BestOfNAssessment;
  after: BestOfNAssessment;
  svg: string;
  /** The calibrator JSON text for the download. */
  calibratorJson: string;
  reportHtml: string;
}

export type FromWorker =
  | { type: "progress"; phase: "reading" | "fitting" | "resampling"; text: string; fraction: number | null }
  /** The fields could not be detected: the page asks the user to choose among `fieldNames`. */
  | { type: "need-fields"; fieldNames: string[]; reason: string }
  | { type: "result"; result: AnalysisResult; fieldNames: string[]; deploymentFieldNames: string[] | null }
  | { type: "result-best-of-n"; result: BestOfNResult; fieldNames: string[] }
  /** `deploymentFieldNames` when the deployment file was sniffed, so the page can offer its score field. */
  | { type: "error"; message: string; fieldNames: string[] | null; deploymentFieldNames?: string[] | null };
