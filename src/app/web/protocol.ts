import type { Assessment } from "../../lib/index";
import type { FieldFlags } from "../../platform/io/index";
// Messages between the page (main.ts) and its Web Worker (worker.ts). Structured-clone friendly: plain data only.

/** The analysis settings the page exposes. */
export interface PageOptions {
  bins: number;
  binning: "uniform" | "quantile";
  view: "folded" | "oriented";
  /** Share of pairs held out to evaluate the temperature fitted on the rest. */
  holdout: number;
  seed: number;
}

export type ToWorker =
  /** Read a file and analyze it; `fields` and `labelMap` when the user chose them. */
  | { type: "open"; file: File; fields?: FieldFlags; labelMap?: string; options: PageOptions }
  /** Analyze the last file again with other settings (the parsed columns are kept in the worker). */
  | { type: "reanalyze"; options: PageOptions };

export interface TemperatureSummary {
  temperature: number;
  converged: boolean;
  atBound: "lower" | "upper" | null;
  message: string | null;
  iterations: number;
  /** The calibrator's JSON text, as the download button saves it. */
  json: string;
}

/** The Davidson tie model on all pairs, when every label is 1, 0 or 0.5 and some are ties (docs/DESIGN.md §5.10). */
export interface TieSummary {
  nu: number;
  low: number | null;
  high: number | null;
  temperature: number;
  nll: number;
  tieShare: number;
  predictedTieShare: number;
  tieCalibrationError: number;
  bins: { predicted: number; observed: number; low: number; high: number; count: number }[];
}

export interface AnalysisResult {
  fileName: string;
  fieldsUsed: string;
  n: number;
  skipped: string | null;
  /** All pairs, raw scores. */
  all: Assessment;
  /** The held-out part: raw, then with the temperature fitted on the other part. Null when too few pairs. */
  heldOut: { nFit: number; nHeldOut: number; before: Assessment; after: Assessment; temperature: TemperatureSummary } | null;
  /** Why there is no held-out evaluation, when heldOut is null. */
  heldOutNote: string | null;
  svgAll: string;
  svgCalibrated: string | null;
  ties: TieSummary | null;
}

export type FromWorker =
  | { type: "progress"; phase: "reading" | "fitting"; rows: number; fraction: number | null }
  /** The fields could not be detected: the page asks the user to choose among `fieldNames`. */
  | { type: "need-fields"; fieldNames: string[]; reason: string }
  | { type: "result"; result: AnalysisResult; fieldNames: string[] }
  | { type: "error"; message: string; fieldNames: string[] | null };
