// The partial assessment's JSON (docs/DESIGN.md §3.8): what one shard's pass leaves behind, in a form that merges
// exactly. Reading it is strict: a partial comes from another process or machine, so every field is checked and
// the first bad one named, and a field this version does not write is refused rather than ignored.
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";
import { describeValue } from "../validation/columns";
import { exactAtMost, exactOfFloat, exactText, parseExactText, roundExact, type ExactSum } from "./exact-sum";
import type { View } from "./assess";

const PARTIAL_FORMAT = "rmcal.partial";
const PARTIAL_VERSION = 1;

/** The largest number of bins a partial may hold: assess's limit. */
const MAX_PARTIAL_BINS = 1_000_000;
/** The most fine bins of a quantile partial's sketch. */
export const MAX_SKETCH_BINS = 65_536;

/**
 * A partial assessment as JSON. Sums are exact values as hexadecimal floats ("0x<m>p<e>", see exact-sum.ts) in
 * the caller's weight units; counts are integers. Per bin b: count[b], weight[b] = Σw, value[b] = Σw·v,
 * outcome[b] = Σw·k, weightSquared[b] = Σw².
 */
export interface PartialJson {
  format: typeof PARTIAL_FORMAT;
  version: typeof PARTIAL_VERSION;
  /** The settings every merged partial must share. */
  bins: number;
  binning: "uniform" | "quantile";
  view: View;
  temperature: number;
  /** Quantile bins: the fine uniform bins the sums are kept in, from which the merged edges are chosen. */
  sketchBins?: number;
  /** Quantile bins: [min, max] of the binned values of pairs with non-zero weight (the outer edges). */
  range?: [number, number];
  /** The kernel's weight scale: sums were rounded with weights times 2^−weightExponent (core/weight-scale.ts). */
  weightExponent: number;
  /** Pairs with non-zero weight. */
  n: number;
  totals: { weight: string; nll: string; brier: string; correct: string };
  sums: { count: number[]; weight: string[]; value: string[]; outcome: string[]; weightSquared: string[] };
}

/** A partial's settings, compared field by field when partials merge. */
export interface PartialSettings {
  bins: number;
  binning: "uniform" | "quantile";
  view: View;
  temperature: number;
  /** null for uniform bins. */
  sketchBins: number | null;
}

export const SETTING_FIELDS = ["bins", "binning", "view", "temperature", "sketchBins"] as const;
const FIELDS = ["format", "version", ...SETTING_FIELDS, "range", "weightExponent", "n", "totals", "sums"];
const TOTAL_FIELDS = ["weight", "nll", "brier", "correct"] as const;
const SUM_FIELDS = ["count", "weight", "value", "outcome", "weightSquared"] as const;

/**
 * A partial in memory: exact sums, 5 per bin (per fine bin for quantile bins) in the kernel's order, and the totals
 * [Σw, Σw·nll, Σw·brier, Σw·correct].
 */
export interface ExactPartial extends PartialSettings {
  /** Quantile bins: [min, max] of the binned values; null for uniform bins. */
  range: [number, number] | null;
  weightExponent: number;
  n: number;
  bins5: ExactSum[];
  totals: ExactSum[];
}

/** The JSON of an exact partial. */
export function partialJson(p: ExactPartial): PartialJson {
  const length = p.bins5.length / 5;
  const column = (offset: number) => Array.from({ length }, (_, b) => exactText(p.bins5[b * 5 + offset]));
  return {
    format: PARTIAL_FORMAT, version: PARTIAL_VERSION,
    bins: p.bins, binning: p.binning, view: p.view, temperature: p.temperature,
    ...(p.sketchBins === null ? {} : { sketchBins: p.sketchBins, range: p.range! }),
    weightExponent: p.weightExponent, n: p.n,
    totals: { weight: exactText(p.totals[0]), nll: exactText(p.totals[1]), brier: exactText(p.totals[2]), correct: exactText(p.totals[3]) },
    sums: {
      count: Array.from({ length }, (_, b) => roundExact(p.bins5[b * 5])),
      weight: column(1), value: column(2), outcome: column(3), weightSquared: column(4),
    },
  };
}

/**
 * Reads and checks a partial (the object or its JSON text), naming the first bad field as `name.field`. O(bins).
 * @throws {TypeError|RangeError} code "invalid-argument": not a partial, another version, a bad field
 */
export function readPartial(json: unknown, name: string): ExactPartial {
  const o = record(typeof json === "string" ? parsedText(json, name) : json, name);
  for (const key of Object.keys(o)) {
    if (!FIELDS.includes(key)) throw invalid(`${name} has an unknown field "${key.slice(0, 60)}"; a partial holds ${FIELDS.join(", ")}`, name);
  }
  if (o.format !== PARTIAL_FORMAT) throw invalid(`${name}.format is ${describeValue(o.format)}; expected "${PARTIAL_FORMAT}"`, `${name}.format`);
  if (o.version !== PARTIAL_VERSION) {
    throw invalid(`${name}.version is ${describeValue(o.version)}; this release reads version ${PARTIAL_VERSION} (write the partials again with this release)`, `${name}.version`);
  }
  const bins = integer(o.bins, `${name}.bins`, 1, MAX_PARTIAL_BINS);
  if (o.binning !== "uniform" && o.binning !== "quantile") throw invalid(`${name}.binning is ${describeValue(o.binning)}; expected "uniform" or "quantile"`, `${name}.binning`);
  if (o.view !== "folded" && o.view !== "oriented") throw invalid(`${name}.view is ${describeValue(o.view)}; expected "folded" or "oriented"`, `${name}.view`);
  const quantile = o.binning === "quantile";
  for (const field of ["sketchBins", "range"]) {
    if (Object.hasOwn(o, field) !== quantile) {
      throw invalid(`${name}.${field} is ${quantile ? "missing; quantile bins need it" : "present; only quantile bins have it"}`, `${name}.${field}`);
    }
  }
  const sketchBins = quantile ? integer(o.sketchBins, `${name}.sketchBins`, 1, MAX_SKETCH_BINS) : null;
  const range = quantile ? valueRange(o.range, `${name}.range`, o.view === "folded" ? 0.5 : 0) : null;
  const length = sketchBins ?? bins;
  const temperature = o.temperature;
  if (typeof temperature !== "number" || !(temperature > 0 && temperature < Infinity)) {
    throw invalid(`${name}.temperature is ${describeValue(temperature)}; expected a finite number > 0`, `${name}.temperature`);
  }
  // Weights in [1e-100, 1e100] (docs/DESIGN.md §2.5) put the exponent within ±333.
  const weightExponent = integer(o.weightExponent, `${name}.weightExponent`, -340, 340);
  const n = integer(o.n, `${name}.n`, 1, Number.MAX_SAFE_INTEGER);
  const totalsRecord = record(o.totals, `${name}.totals`);
  exactFields(totalsRecord, TOTAL_FIELDS, `${name}.totals`);
  const totals = TOTAL_FIELDS.map((f) => exactField(totalsRecord[f], `${name}.totals.${f}`));
  const sums = record(o.sums, `${name}.sums`);
  exactFields(sums, SUM_FIELDS, `${name}.sums`);
  const columns = SUM_FIELDS.map((f) => {
    const column = sums[f];
    if (!Array.isArray(column)) throw invalid(`${name}.sums.${f} is ${describeValue(column)}; expected an array of ${bins} entries`, `${name}.sums.${f}`);
    if (column.length !== length) {
      throw new RmcalRangeError("length-mismatch", `${name}.sums.${f} has ${column.length} entries; ${name}.${quantile ? "sketchBins" : "bins"} is ${length}`, { argument: `${name}.sums.${f}` });
    }
    return column as unknown[];
  });
  const bins5: ExactSum[] = new Array(length * 5);
  let countSum = 0;
  for (let b = 0; b < length; b++) {
    const count = integer(columns[0][b], `${name}.sums.count[${b}]`, 0, Number.MAX_SAFE_INTEGER);
    countSum += count;
    bins5[b * 5] = exactOfFloat(count);
    for (let f = 1; f < 5; f++) bins5[b * 5 + f] = exactField(columns[f][b], `${name}.sums.${SUM_FIELDS[f]}[${b}]`);
  }
  if (countSum !== n) throw invalid(`${name}.sums.count adds up to ${countSum} but ${name}.n is ${n}; the partial is damaged`, `${name}.n`);
  checkBounds(bins5, totals, name);
  return { bins, binning: o.binning, view: o.view, temperature, sketchBins, range, weightExponent, n, bins5, totals };
}

/**
 * What every sum of a real pass satisfies: v, k, correctness and (p − y)² lie in [0, 1], so each of their weighted
 * sums is at most the matching Σw (rounding is monotone, so this holds for the kernel's float sums too); a bin has
 * weight exactly when it has pairs; and the total weight is positive. A partial breaking one was damaged, and would
 * give probabilities outside [0, 1] or a division by 0.
 */
function checkBounds(bins5: ExactSum[], totals: ExactSum[], name: string): void {
  const [weight, , brier, correct] = totals;
  if (weight === "inf" || weight.m === 0n) {
    throw invalid(`${name}.totals.weight is "${exactText(weight)}"; a partial holds pairs of positive, finite total weight`, `${name}.totals.weight`);
  }
  for (const [sum, field] of [[correct, "correct"], [brier, "brier"]] as const) {
    if (!exactAtMost(sum, weight)) throw invalid(`${name}.totals.${field} exceeds ${name}.totals.weight; the partial is damaged`, `${name}.totals.${field}`);
  }
  for (let b = 0; b < bins5.length / 5; b++) {
    const [count, w, value, outcome] = bins5.slice(b * 5, b * 5 + 4);
    const empty = count !== "inf" && count.m === 0n;
    if (empty !== (w !== "inf" && w.m === 0n)) throw invalid(`${name}.sums.weight[${b}] is ${empty ? "positive in a bin of no pairs" : "0 in a bin of pairs"}; the partial is damaged`, `${name}.sums.weight[${b}]`);
    if (w === "inf") throw invalid(`${name}.sums.weight[${b}] is "inf"; the partial is damaged`, `${name}.sums.weight[${b}]`);
    for (const [sum, field] of [[value, "value"], [outcome, "outcome"]] as const) {
      if (!exactAtMost(sum, w)) throw invalid(`${name}.sums.${field}[${b}] exceeds ${name}.sums.weight[${b}]; the partial is damaged`, `${name}.sums.${field}[${b}]`);
    }
  }
}

/** [min, max] within [low, 1], min ≤ max. */
function valueRange(value: unknown, name: string, low: number): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === "number" && x >= low && x <= 1) || !(value[0] <= value[1])) {
    throw invalid(`${name} is ${describeValue(value)}; expected [min, max] with ${low} ≤ min ≤ max ≤ 1`, name);
  }
  return [value[0], value[1]];
}

function parsedText(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(`${name} is not valid JSON (${(error as Error).message})`, name);
  }
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new RmcalTypeError("invalid-argument", `${name} is ${describeValue(value)}; expected an object`, { argument: name });
  }
  return value as Record<string, unknown>;
}

/** Refuses a missing or an unknown field of a record whose fields are all exact sums. */
function exactFields(o: Record<string, unknown>, known: readonly string[], name: string): void {
  for (const key of Object.keys(o)) if (!known.includes(key)) throw invalid(`${name} has an unknown field "${key.slice(0, 60)}"; it holds ${known.join(", ")}`, name);
  for (const key of known) if (!Object.hasOwn(o, key)) throw new RmcalTypeError("invalid-argument", `${name}.${key} is missing`, { argument: `${name}.${key}` });
}

function exactField(value: unknown, name: string): ExactSum {
  const parsed = typeof value === "string" ? parseExactText(value) : null;
  if (parsed === null) {
    throw invalid(`${name} is ${describeValue(value)}; expected a non-negative sum as a canonical hexadecimal float ("0x3p-1"), or "inf"`, name);
  }
  return parsed;
}

function integer(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} is ${describeValue(value)}; expected an integer from ${min} to ${max}`, name);
  }
  return value;
}

function invalid(message: string, argument: string): RmcalRangeError {
  return new RmcalRangeError("invalid-argument", message, { argument });
}
