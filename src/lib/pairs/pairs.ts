// Preference pairs in the three shapes of docs/DESIGN.md §2.1, and their one normalized form.
import {
  requireSameLength, requireNonEmpty, describeValue, columnLength, requireWasmCapacity, finiteView, unitIntervalView,
  weightView, marginColumn, type NumericColumn,
} from "../validation/columns";
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";

/**
 * The cluster of each pair (a prompt id, for example): strings or finite numbers, compared with SameValueZero, so
 * 1 and "1" are different clusters. Only uncertainty uses it: intervals resample whole clusters (docs/DESIGN.md
 * §6.5); every point estimate is the same with or without it.
 */
export type ClusterColumn = ArrayLike<string | number>;

/** The columns every pair shape may add: a weight and a cluster per pair. */
interface PairExtras { weight?: NumericColumn; cluster?: ClusterColumn }
/** Chosen/rejected scores: every label is 1 (the first response is the preferred one). */
export interface ChosenRejectedPairs extends PairExtras { chosen: NumericColumn; rejected: NumericColumn }
/** Scores of responses A and B with the observed P(A ≻ B): 1, 0, 0.5 for a tie, or an annotator share. */
export interface ScoredPairs extends PairExtras { scoreA: NumericColumn; scoreB: NumericColumn; label: NumericColumn }
/** Margins d = r_A − r_B with their labels. */
export interface MarginPairs extends PairExtras { margin: NumericColumn; label: NumericColumn }
/** One pair as a row object, with the same field names as the column shapes. */
export type PairRow =
  | { chosen: number; rejected: number; weight?: number; cluster?: string | number }
  | { scoreA: number; scoreB: number; label: number; weight?: number; cluster?: string | number }
  | { margin: number; label: number; weight?: number; cluster?: string | number };

/** Pairs as columns (arrays or typed arrays) in one of three shapes, or as an array of row objects. */
export type Pairs = ChosenRejectedPairs | ScoredPairs | MarginPairs | readonly PairRow[];

export type PairShape = "chosen-rejected" | "scores" | "margin";

/**
 * Validated pairs as float64 columns: what every kernel call starts from. A column may be the caller's own
 * Float64Array (checked, not copied; see ../validation/columns.ts): read the columns, never write to them.
 */
export interface PairColumns {
  readonly shape: PairShape;
  readonly n: number;
  /** d = r_A − r_B (chosen − rejected). */
  readonly margin: Float64Array;
  /** Observed P(A ≻ B); null when every label is 1 (chosen/rejected input). */
  readonly label: Float64Array | null;
  /** Pair weights; null when every weight is 1. */
  readonly weight: Float64Array | null;
  /** Per-response scores of A (chosen) and B (rejected), when the input had them. */
  readonly scoreA: Float64Array | null;
  readonly scoreB: Float64Array | null;
  /**
   * The cluster of each pair as a code below clusterCount (toPairColumns numbers them in order of first appearance;
   * a subset or resample keeps the codes, so some may be unused); null without clusters.
   */
  readonly cluster: Int32Array | null;
  /** The number of distinct clusters (0 without clusters). */
  readonly clusterCount: number;
}

/**
 * Checks pairs and converts them to float64 columns. Errors name the field, the first bad index and its value.
 * @param name how the argument is called in messages
 */
export function toPairColumns(pairs: Pairs, name = "pairs"): PairColumns {
  if (Array.isArray(pairs)) return toPairColumns(rowsToColumns(pairs as readonly PairRow[], name), name);
  if (pairs === null || typeof pairs !== "object") {
    throw new RmcalTypeError("invalid-argument", `${name} must be an object of columns ({chosen, rejected}, {scoreA, scoreB, label} or {margin, label}) or an array of rows, got ${describeValue(pairs)}`, { argument: name });
  }
  const p = pairs as Partial<ChosenRejectedPairs & ScoredPairs & MarginPairs>;
  requireOneShape(p, name);
  // Kernels take margin, label and weight columns: check they fit in WebAssembly memory before copying any.
  const rows = columnLength(p.chosen ?? p.scoreA ?? p.margin);
  requireWasmCapacity(rows, 1 + Number(p.chosen === undefined) + Number(p.weight !== undefined), name);
  const weight = p.weight === undefined ? null : weightView(p.weight, `${name}.weight`);
  let shape: PairShape;
  let margin: Float64Array;
  let label: Float64Array | null = null;
  let scoreA: Float64Array | null = null;
  let scoreB: Float64Array | null = null;
  if (p.chosen !== undefined || p.rejected !== undefined) {
    shape = "chosen-rejected";
    requireFields(p, ["chosen", "rejected"], name);
    scoreA = finiteView(p.chosen, `${name}.chosen`);
    scoreB = finiteView(p.rejected, `${name}.rejected`);
    requireSameLength({ [`${name}.chosen`]: scoreA, [`${name}.rejected`]: scoreB, ...(weight ? { [`${name}.weight`]: weight } : {}) });
    margin = difference(scoreA, scoreB, name, "chosen", "rejected");
  } else if (p.scoreA !== undefined || p.scoreB !== undefined) {
    shape = "scores";
    requireFields(p, ["scoreA", "scoreB", "label"], name);
    scoreA = finiteView(p.scoreA, `${name}.scoreA`);
    scoreB = finiteView(p.scoreB, `${name}.scoreB`);
    label = unitIntervalView(p.label, `${name}.label`);
    requireSameLength({ [`${name}.scoreA`]: scoreA, [`${name}.scoreB`]: scoreB, [`${name}.label`]: label, ...(weight ? { [`${name}.weight`]: weight } : {}) });
    margin = difference(scoreA, scoreB, name, "scoreA", "scoreB");
  } else if (p.margin !== undefined) {
    shape = "margin";
    requireFields(p, ["margin", "label"], name);
    margin = finiteView(p.margin, `${name}.margin`);
    label = unitIntervalView(p.label, `${name}.label`);
    requireSameLength({ [`${name}.margin`]: margin, [`${name}.label`]: label, ...(weight ? { [`${name}.weight`]: weight } : {}) });
  } else {
    throw new RmcalTypeError("invalid-argument", `${name} has none of the fields chosen/rejected, scoreA/scoreB/label or margin/label`, { argument: name });
  }
  requireNonEmpty(margin.length, name);
  const clusters = p.cluster === undefined ? null : clusterCodes(p.cluster, `${name}.cluster`);
  if (clusters) requireSameLength({ [`${name}.margin`]: margin, [`${name}.cluster`]: clusters.codes });
  return {
    shape, n: margin.length, margin, label, weight, scoreA, scoreB,
    cluster: clusters?.codes ?? null, clusterCount: clusters?.count ?? 0,
  };
}

/**
 * Validated columns back as Pairs of their own shape (chosen/rejected, scores or margins, with weight and cluster
 * codes), for functions that take Pairs, such as a calibrator's fit on one fold. The columns are not copied. O(1).
 */
export function columnsAsPairs(columns: PairColumns): Pairs {
  const extras = {
    ...(columns.weight ? { weight: columns.weight } : {}),
    ...(columns.cluster ? { cluster: columns.cluster } : {}),
  };
  if (columns.shape === "chosen-rejected" && columns.scoreA && columns.scoreB) {
    return { chosen: columns.scoreA, rejected: columns.scoreB, ...extras };
  }
  const label = columns.label ?? new Float64Array(columns.n).fill(1);
  if (columns.shape === "scores" && columns.scoreA && columns.scoreB) {
    return { scoreA: columns.scoreA, scoreB: columns.scoreB, label, ...extras };
  }
  return { margin: columns.margin, label, ...extras };
}

// Fields of two shapes at once are ambiguous (which margin counts? is a label next to chosen/rejected meant to
// override the implied 1?), so they are refused rather than silently ignored.
const SHAPE_FIELDS = [["chosen", "rejected"], ["scoreA", "scoreB"], ["margin"]] as const;

function requireOneShape(p: object, name: string): void {
  const given = (field: string) => (p as Record<string, unknown>)[field] !== undefined;
  const present = SHAPE_FIELDS.filter((fields) => fields.some(given));
  if (present.length > 1) {
    throw new RmcalTypeError("invalid-argument", `${name} mixes the fields ${present.map((f) => f.filter(given).join("/")).join(" and ")}; give one shape: {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}`, { argument: name });
  }
  if (present[0] === SHAPE_FIELDS[0] && given("label")) {
    throw new RmcalTypeError("invalid-argument", `${name}.label is given with chosen/rejected, where every label is 1; use {scoreA, scoreB, label} for other labels`, { argument: `${name}.label` });
  }
}

function requireFields(p: object, fields: string[], name: string): void {
  for (const field of fields) {
    if ((p as Record<string, unknown>)[field] === undefined) {
      throw new RmcalTypeError("invalid-argument", `${name}.${field} is missing; pairs with ${fields.filter((f) => f !== field).join(" and ")} also need ${field}`, { argument: `${name}.${field}` });
    }
  }
}

function difference(a: Float64Array, b: Float64Array, name: string, aName: string, bName: string): Float64Array {
  return marginColumn(a, b, (i) =>
    new RmcalRangeError("invalid-argument", `${name}.${aName}[${i}] − ${name}.${bName}[${i}] overflows (${a[i]} − ${b[i]}); rescale the scores`, { argument: `${name}.${aName}`, index: i }));
}

function rowsToColumns(rows: readonly PairRow[], name: string): Pairs {
  if (rows.length === 0) throw new RmcalRangeError("empty-input", `${name} is empty; at least one pair is needed`, { argument: name });
  const first = rows[0] as Record<string, unknown>;
  if (first === null || typeof first !== "object") throw notARow(name, 0, first);
  const fields = ["chosen", "rejected", "scoreA", "scoreB", "margin", "label", "weight", "cluster"].filter((f) => f in first);
  const columns: Record<string, unknown[]> = {};
  for (const field of fields) columns[field] = new Array(rows.length);
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object") throw notARow(name, i, row);
    for (const field of fields) {
      const value = (row as Record<string, unknown>)[field];
      if (value === undefined) throw new RmcalTypeError("invalid-argument", `${name}[${i}].${field} is missing; row 0 has it`, { argument: name, index: i, field });
      columns[field][i] = value;
    }
  });
  return columns as unknown as Pairs;
}

/**
 * Codes of a cluster column: each distinct id gets the next code in order of first appearance, so the codes, and
 * every resample drawn from them, depend only on the column. O(n) with a Map.
 */
export function clusterCodes(values: unknown, name: string, what = "a cluster id"): { codes: Int32Array; count: number } {
  if (!isArrayLike(values)) {
    throw new RmcalTypeError("invalid-argument", `${name} must be an array of strings or numbers, got ${describeValue(values)}`, { argument: name });
  }
  const codes = new Int32Array(values.length);
  const seen = new Map<unknown, number>();
  for (let i = 0; i < values.length; i++) {
    const id = values[i];
    if (!(typeof id === "string" || (typeof id === "number" && Number.isFinite(id)))) {
      throw new RmcalTypeError("invalid-argument", `${name}[${i}] is ${describeValue(id)}; ${what} must be a string or a finite number`, { argument: name, index: i });
    }
    let code = seen.get(id);
    if (code === undefined) seen.set(id, (code = seen.size));
    codes[i] = code;
  }
  return { codes, count: seen.size };
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function notARow(name: string, i: number, row: unknown): TypeError {
  return new RmcalTypeError("invalid-argument", `${name}[${i}] is ${describeValue(row)}; rows must be objects`, { argument: name, index: i });
}
