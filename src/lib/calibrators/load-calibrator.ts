// Restoring a calibrator from its JSON (docs/DESIGN.md §4.3). Parameters are used exactly as stored, so predictions
// after a round trip through JSON.stringify / JSON.parse are bit-identical to the fitted calibrator's.
import { RmcalRangeError, RmcalTypeError, isRmcalError } from "../../core/errors";
import { describeValue } from "../validation/columns";
import { CALIBRATOR_FORMAT, CALIBRATOR_VERSION, SCORE_QUANTILES, type CalibratorJson, type FittedRange, type RewardNormalization } from "./calibrator";
import { temperatureCalibrator, type TemperatureCalibrator } from "./temperature-calibrator";
import { plattCalibrator, type PlattCalibrator } from "./platt-calibrator";
import { isotonicCalibrator, type IsotonicCalibrator } from "./isotonic-calibrator";
import { vennAbersCalibrator, type VennAbersCalibrator } from "./venn-abers-calibrator";
import { groupedTemperatureCalibrator, type GroupedTemperatureCalibrator } from "./grouped-temperature-calibrator";

export type Calibrator = TemperatureCalibrator | PlattCalibrator | IsotonicCalibrator | VennAbersCalibrator | GroupedTemperatureCalibrator;

/**
 * The most isotonic thresholds a calibrator JSON may hold: 2^24 (two arrays of 128 MiB as float64). A hand-edited
 * or hostile file beyond it is refused before anything is allocated.
 */
const MAX_THRESHOLDS = 2 ** 24;

/** How deeply the optional `fit` and `rewardNormalization` records may nest (they are copied recursively). */
const MAX_DEPTH = 32;

/**
 * The scores a loaded calibrator must turn into finite rewards: |score| ≤ 1e6 (margins up to 2e6). The loader
 * refuses parameters for which such a score gives a non-finite calibrated or normalized reward (T below about
 * 5.6e-303, |α|·2e6 + |β| beyond float64, a std so small that (reward − mean)/std overflows), so rmcal apply never
 * meets an overflow on ordinary scores; beyond this range it checks each row (docs/DESIGN.md §4.3).
 */
const SCORE_RANGE = 1e6;

/** The fields each object of a calibrator JSON may hold; any other is refused as a likely misspelling (docs/DESIGN.md §4.3). */
const ENVELOPE_FIELDS = ["format", "version", "kind", "fit", "rewardNormalization", "range"];
const RANGE_FIELDS = ["margins", "scores", "scoreQuantiles"];
const PARAMETER_FIELDS: Record<string, string[]> = {
  temperature: ["temperature"], platt: ["scale", "bias"], isotonic: ["x", "y"], "venn-abers": ["x", "p0", "p1"],
  "grouped-temperature": ["groups", "temperatures", "fallbackTemperature"],
};
const KINDS = '"temperature", "platt", "isotonic", "venn-abers" or "grouped-temperature"';
const NORMALIZATION_FIELDS = ["mean", "std", "clip", "reference"];

/**
 * Loads a calibrator saved with `toJSON()` (or `JSON.stringify`). Refuses another format or version, and
 * missing or invalid parameters, naming the field. O(k) for k isotonic thresholds.
 * @param json the parsed JSON object, or the JSON text
 * @returns a frozen calibrator of the stored kind, with predict, reward and toJSON
 * @throws {TypeError|RangeError} naming the first missing or invalid field
 * @example loadCalibrator({ format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2 }).predict([2]) // => Float64Array [0.7310…]
 */
export function loadCalibrator(json: CalibratorJson | string | unknown): Calibrator {
  const o = parsed(json);
  refuseHostileKeys(o, "calibrator", 0);
  if (o.format !== CALIBRATOR_FORMAT) {
    throw invalid(`calibrator.format is ${describeValue(o.format)}; expected "${CALIBRATOR_FORMAT}"`, "calibrator.format");
  }
  if (o.version !== 1 && o.version !== CALIBRATOR_VERSION) {
    throw invalid(`calibrator.version is ${describeValue(o.version)}; this release reads versions 1 and ${CALIBRATOR_VERSION}`, "calibrator.version");
  }
  const parameters = typeof o.kind === "string" && Object.hasOwn(PARAMETER_FIELDS, o.kind) ? PARAMETER_FIELDS[o.kind] : null;
  if (parameters === null) {
    throw invalid(`calibrator.kind is ${describeValue(o.kind)}; expected ${KINDS}`, "calibrator.kind");
  }
  // Version 1 predates the Venn–Abers kind (docs/DESIGN.md §4.3): such a file was written by hand.
  if (o.version === 1 && o.kind === "venn-abers") {
    throw invalid(`calibrator.kind is "venn-abers", which calibrator JSON version 1 does not have; Venn–Abers calibrators are version ${CALIBRATOR_VERSION}`, "calibrator.version");
  }
  // Version 1 predates `range`: such a file holding one was edited by hand, and is refused like any unknown field.
  const envelope = o.version === 1 ? ENVELOPE_FIELDS.filter((f) => f !== "range") : ENVELOPE_FIELDS;
  refuseUnknownFields(o, "calibrator", [...envelope, ...parameters], `${o.kind === "isotonic" ? "an" : "a"} ${o.kind === "venn-abers" ? "Venn–Abers" : o.kind as string} calibrator`);
  const fit = o.fit === undefined || o.fit === null ? null : record(o.fit, "calibrator.fit");
  const norm = o.rewardNormalization === undefined || o.rewardNormalization === null
    ? null : rewardNormalization(o.rewardNormalization);
  const range = o.range === undefined || o.range === null ? null : fittedRange(o.range);
  switch (o.kind) {
    case "temperature": {
      const t = temperatureParameter(o.temperature, "calibrator.temperature");
      checkNormalization(norm, SCORE_RANGE / t);
      return temperatureCalibrator(t, fit, norm, range, {});
    }
    case "platt": {
      const scale = finiteNumber(o.scale, "calibrator.scale"), bias = finiteNumber(o.bias, "calibrator.bias");
      if (!Number.isFinite(Math.abs(scale) * 2 * SCORE_RANGE + Math.abs(bias))) {
        throw invalid(`calibrator.scale is ${scale} and calibrator.bias is ${bias}; α·d + β overflows for margins up to ${2 * SCORE_RANGE} (|α|·${2 * SCORE_RANGE} + |β| must be finite)`, "calibrator.scale");
      }
      checkNormalization(norm, Math.abs(scale) * SCORE_RANGE);
      return plattCalibrator(scale, bias, fit, norm, range, {});
    }
    case "isotonic": {
      const x = numberArray(o.x, "calibrator.x");
      const y = numberArray(o.y, "calibrator.y");
      if (x.length !== y.length) throw new RmcalRangeError("length-mismatch", `calibrator.y has length ${y.length} but calibrator.x has length ${x.length}; they must match`, { argument: "calibrator.y" });
      if (x.length === 0) throw new RmcalRangeError("empty-input", "calibrator.x is empty; an isotonic calibrator needs at least one threshold", { argument: "calibrator.x" });
      for (let i = 1; i < x.length; i++) {
        if (!(x[i] > x[i - 1])) throw invalid(`calibrator.x[${i}] is ${x[i]}, not above calibrator.x[${i - 1}] = ${x[i - 1]}; thresholds must be strictly increasing`, "calibrator.x", i);
      }
      for (let i = 0; i < y.length; i++) {
        if (y[i] < 0 || y[i] > 1) throw invalid(`calibrator.y[${i}] is ${y[i]}; isotonic probabilities must lie in [0, 1]`, "calibrator.y", i);
        if (i > 0 && y[i] < y[i - 1]) throw invalid(`calibrator.y[${i}] is ${y[i]}, below calibrator.y[${i - 1}] = ${y[i - 1]}; the map must be non-decreasing`, "calibrator.y", i);
      }
      // Isotonic rewards are logits of probabilities clipped to [1e-6, 1 − 1e-6] (§5.6): at most about 13.9.
      checkNormalization(norm, 14);
      return isotonicCalibrator(x, y, fit, norm, range, {});
    }
    case "venn-abers": {
      const [x, p0, p1] = vennAbersTables(o);
      checkNormalization(norm, 14);
      return vennAbersCalibrator(x, p0, p1, fit, norm, range, {});
    }
    case "grouped-temperature": {
      const fallback = temperatureParameter(o.fallbackTemperature, "calibrator.fallbackTemperature");
      const groups = groupNames(o.groups);
      const temperatures = numberArray(o.temperatures, "calibrator.temperatures");
      if (temperatures.length !== groups.length) throw new RmcalRangeError("length-mismatch", `calibrator.temperatures has length ${temperatures.length} but calibrator.groups has length ${groups.length}; they must match`, { argument: "calibrator.temperatures" });
      let smallest = fallback;
      temperatures.forEach((t, g) => (smallest = Math.min(smallest, temperatureParameter(t, `calibrator.temperatures[${g}]`))));
      checkNormalization(norm, SCORE_RANGE / smallest);
      return groupedTemperatureCalibrator(groups, Array.from(temperatures), fallback, fit, norm, range, {});
    }
    default:
      throw invalid(`calibrator.kind is ${describeValue(o.kind)}; expected ${KINDS}`, "calibrator.kind");
  }
}

/**
 * The tables of a Venn–Abers calibrator (docs/DESIGN.md §5.13): x strictly increasing (possibly empty), p0 and p1
 * one longer, each non-decreasing in [0, 1], and every interval ordered: p0[g] ≤ p1[g] in each gap, and
 * p0[j + 1] ≤ p1[j] for a margin equal to x[j], which takes the interval [p0[j + 1], p1[j]].
 */
function vennAbersTables(o: Record<string, unknown>): [Float64Array, Float64Array, Float64Array] {
  const x = numberArray(o.x, "calibrator.x");
  const p0 = numberArray(o.p0, "calibrator.p0"), p1 = numberArray(o.p1, "calibrator.p1");
  for (const [name, p] of [["calibrator.p0", p0], ["calibrator.p1", p1]] as const) {
    if (p.length !== x.length + 1) throw new RmcalRangeError("length-mismatch", `${name} has length ${p.length} but calibrator.x has length ${x.length}; a Venn–Abers table has one entry more than x (one per gap)`, { argument: name });
    for (let i = 0; i < p.length; i++) {
      if (p[i] < 0 || p[i] > 1) throw invalid(`${name}[${i}] is ${p[i]}; Venn–Abers probabilities must lie in [0, 1]`, name, i);
      if (i > 0 && p[i] < p[i - 1]) throw invalid(`${name}[${i}] is ${p[i]}, below ${name}[${i - 1}] = ${p[i - 1]}; the table must be non-decreasing`, name, i);
    }
  }
  for (let i = 1; i < x.length; i++) {
    if (!(x[i] > x[i - 1])) throw invalid(`calibrator.x[${i}] is ${x[i]}, not above calibrator.x[${i - 1}] = ${x[i - 1]}; margins must be strictly increasing`, "calibrator.x", i);
  }
  for (let g = 0; g < p0.length; g++) {
    if (p0[g] > p1[g]) throw invalid(`calibrator.p0[${g}] is ${p0[g]}, above calibrator.p1[${g}] = ${p1[g]}; an interval [p0, p1] must have p0 ≤ p1`, "calibrator.p0", g);
    if (g + 1 < p0.length && p0[g + 1] > p1[g]) throw invalid(`calibrator.p0[${g + 1}] is ${p0[g + 1]}, above calibrator.p1[${g}] = ${p1[g]}; a margin equal to calibrator.x[${g}] would get an interval with p0 > p1`, "calibrator.p0", g + 1);
  }
  return [x, p0, p1];
}

/** A stored temperature: > 0, and small scores stay finite when divided by it (docs/DESIGN.md §4.3). */
function temperatureParameter(value: unknown, name: string): number {
  const t = positiveNumber(value, name);
  if (!Number.isFinite(SCORE_RANGE / t)) {
    throw invalid(`${name} is ${t}; a score of ${SCORE_RANGE} would give the reward ${SCORE_RANGE}/T = Infinity (T must be at least 5.6e-303)`, name);
  }
  return t;
}

/** The group names of a grouped calibrator: a non-empty array of distinct strings. */
function groupNames(value: unknown): string[] {
  const name = "calibrator.groups";
  if (value === undefined) throw missing(name);
  if (!Array.isArray(value)) throw new RmcalTypeError("invalid-argument", `${name} must be an array of group names, got ${describeValue(value)}`, { argument: name });
  if (value.length === 0) throw new RmcalRangeError("empty-input", `${name} is empty; a grouped calibrator needs at least one group`, { argument: name });
  const seen = new Map<string, number>();
  value.forEach((g, i) => {
    if (typeof g !== "string") throw new RmcalTypeError("invalid-argument", `${name}[${i}] is ${describeValue(g)}; group names must be strings`, { argument: name, index: i });
    const first = seen.get(g);
    if (first !== undefined) throw invalid(`${name}[${i}] is ${JSON.stringify(g.slice(0, 60))}, as ${name}[${first}] is; group names must be distinct`, name, i);
    seen.set(g, i);
  });
  return value as string[];
}

/** Refuses a normalization whose (reward − mean)/std overflows for some reward with |reward| ≤ largest. */
function checkNormalization(norm: RewardNormalization | null, largest: number): void {
  if (norm === null || norm.std === 0) return;
  if (!Number.isFinite((largest + Math.abs(norm.mean)) / norm.std)) {
    throw invalid(`calibrator.rewardNormalization.std is ${norm.std}; (reward − mean)/std would overflow for scores up to ±${SCORE_RANGE}`, "calibrator.rewardNormalization.std");
  }
}

/** Refuses a field not in `known`, naming it and the closest known field (a misspelling is never ignored). */
function refuseUnknownFields(o: Record<string, unknown>, path: string, known: readonly string[], what: string): void {
  for (const key of Object.keys(o)) {
    if (known.includes(key)) continue;
    const close = closest(key, known);
    throw invalid(`${path} has an unknown field "${key.slice(0, 60)}"${close === null ? "" : ` (did you mean "${close}"?)`}; ${what} holds ${known.join(", ")}`, `${path}.${key.slice(0, 60)}`);
  }
}

/** The known name within edit distance 2 of `name` (or equal ignoring case), or null. */
function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null, bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k, bestDistance);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance, or `limit` as soon as it is certain to reach it. O(|a|·|b|) on short names. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}

function parsed(json: unknown): Record<string, unknown> {
  if (typeof json === "string") {
    try {
      return record(JSON.parse(json), "calibrator");
    } catch (error) {
      // JSON.parse itself can also fail with a RangeError (nesting deeper than the engine's stack); our own
      // checks of the parsed value throw members of the family, which pass through.
      if (error instanceof SyntaxError || (error instanceof RangeError && !isRmcalError(error))) {
        throw new RmcalTypeError("invalid-argument", `calibrator is a string that is not JSON: ${error.message.slice(0, 200)}`, { argument: "calibrator" });
      }
      throw error;
    }
  }
  return record(json, "calibrator");
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new RmcalTypeError("invalid-argument", `${name} must be an object, got ${describeValue(value)}`, { argument: name });
  }
  return value as Record<string, unknown>;
}

function finiteNumber(value: unknown, name: string): number {
  if (value === undefined) throw missing(name);
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalid(`${name} is ${describeValue(value)}; it must be a finite number`, name);
  return value;
}

function positiveNumber(value: unknown, name: string): number {
  const x = finiteNumber(value, name);
  if (!(x > 0)) throw invalid(`${name} is ${x}; it must be > 0`, name);
  return x;
}

function numberArray(value: unknown, name: string): Float64Array {
  if (value === undefined) throw missing(name);
  if (!Array.isArray(value)) throw new RmcalTypeError("invalid-argument", `${name} must be an array of numbers, got ${describeValue(value)}`, { argument: name });
  if (value.length > MAX_THRESHOLDS) {
    throw new RmcalRangeError("capacity", `${name} has ${value.length} entries; a calibrator holds at most ${MAX_THRESHOLDS} thresholds`, { argument: name });
  }
  const out = new Float64Array(value.length);
  value.forEach((v, i) => (out[i] = finiteNumber(v, `${name}[${i}]`)));
  return out;
}

function rewardNormalization(value: unknown): RewardNormalization {
  const o = record(value, "calibrator.rewardNormalization");
  refuseUnknownFields(o, "calibrator.rewardNormalization", NORMALIZATION_FIELDS, "rewardNormalization");
  const mean = finiteNumber(o.mean, "calibrator.rewardNormalization.mean");
  const std = finiteNumber(o.std, "calibrator.rewardNormalization.std");
  if (std < 0) throw invalid(`calibrator.rewardNormalization.std is ${std}; it must be ≥ 0`, "calibrator.rewardNormalization.std");
  const clip = o.clip === undefined || o.clip === null ? null : positiveNumber(o.clip, "calibrator.rewardNormalization.clip");
  const reference = o.reference === undefined ? undefined : finiteNumber(o.reference, "calibrator.rewardNormalization.reference");
  return Object.freeze(reference === undefined ? { mean, std, clip } : { mean, std, clip, reference });
}

function fittedRange(value: unknown): FittedRange {
  const o = record(value, "calibrator.range");
  refuseUnknownFields(o, "calibrator.range", RANGE_FIELDS, "range");
  const margins = interval(o.margins, "calibrator.range.margins");
  if (margins === null) throw missing("calibrator.range.margins");
  const scores = interval(o.scores, "calibrator.range.scores");
  if (o.scoreQuantiles === undefined || o.scoreQuantiles === null) return Object.freeze({ margins, scores });
  return Object.freeze({ margins, scores, scoreQuantiles: scoreQuantiles(o.scoreQuantiles, scores) });
}

/** The stored 0%, 1%, …, 100% quantiles of the fitted scores: ascending, and ending at the stored score range. */
function scoreQuantiles(value: unknown, scores: readonly [number, number] | null): readonly number[] {
  const name = "calibrator.range.scoreQuantiles";
  if (!Array.isArray(value) || value.length !== SCORE_QUANTILES + 1) {
    throw new RmcalTypeError("invalid-argument", `${name} must be an array of ${SCORE_QUANTILES + 1} numbers (the 0%, 1%, …, 100% quantiles), got ${describeValue(value)}`, { argument: name });
  }
  if (scores === null) throw invalid(`${name} is given without calibrator.range.scores`, name);
  const out: number[] = [];
  for (let k = 0; k < value.length; k++) {
    const q = finiteNumber(value[k], `${name}[${k}]`);
    if (k > 0 && q < out[k - 1]) throw invalid(`${name}[${k}] is ${q}, below the quantile before it (${out[k - 1]}); quantiles ascend`, name, k);
    out.push(q);
  }
  if (out[0] !== scores[0] || out[SCORE_QUANTILES] !== scores[1]) {
    throw invalid(`${name} runs from ${out[0]} to ${out[SCORE_QUANTILES]}, but calibrator.range.scores is [${scores[0]}, ${scores[1]}]; they must agree`, name);
  }
  return Object.freeze(out);
}

/** A stored [min, max] (null or absent: none). */
function interval(value: unknown, name: string): readonly [number, number] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length !== 2) throw new RmcalTypeError("invalid-argument", `${name} must be an array [min, max], got ${describeValue(value)}`, { argument: name });
  const low = finiteNumber(value[0], `${name}[0]`), high = finiteNumber(value[1], `${name}[1]`);
  if (!(low <= high)) throw invalid(`${name} is [${low}, ${high}]; min must not exceed max`, name);
  return Object.freeze([low, high] as const);
}

/**
 * Refuses keys that change an object's meaning rather than its data (`__proto__`, `constructor`, `prototype`: a
 * copy made by assignment would take `__proto__` as its prototype), and records nested deeper than MAX_DEPTH.
 * Iterates over own keys only; never calls a getter-free JSON value's methods, and never evaluates anything.
 */
function refuseHostileKeys(value: unknown, path: string, depth: number): void {
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_DEPTH) throw invalid(`${path} is nested deeper than ${MAX_DEPTH} levels`, path);
  if (Array.isArray(value)) {
    // Every array is walked, however long: one beyond the limit is refused here, before its entries are looked at.
    if (value.length > MAX_THRESHOLDS) {
      throw new RmcalRangeError("capacity", `${path} has ${value.length} entries; a calibrator holds at most ${MAX_THRESHOLDS} thresholds`, { argument: path });
    }
    for (let i = 0; i < value.length; i++) {
      if (value[i] !== null && typeof value[i] === "object") refuseHostileKeys(value[i], `${path}[${i}]`, depth + 1);
    }
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") {
      throw invalid(`${path} has a key named "${key}"; such keys are refused in a calibrator JSON`, path);
    }
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === "object") refuseHostileKeys(v, `${path}.${key}`, depth + 1);
  }
}

/** A calibrator field whose value is refused (all calibrator errors name the field as their argument). */
function invalid(message: string, argument: string, index?: number): RangeError {
  return new RmcalRangeError("invalid-argument", message, { argument, index });
}

function missing(name: string): TypeError {
  return new RmcalTypeError("invalid-argument", `${name} is missing`, { argument: name });
}
