// K-wise choices: best-of-N and rankings, K responses per prompt with K free to vary (docs/DESIGN.md §5.12). Three
// input shapes, one normalized form: prompt-major scores stored best first (CSR offsets), as the kernels read them.
import {
  finiteColumn, finiteView, weightView, requireSameLength, requireNonEmpty, requireWasmCapacity, marginOverflows, describeValue,
  type NumericColumn,
} from "../validation/columns";
import { clusterCodes } from "../pairs/pairs";
import { RmcalRangeError, RmcalTypeError } from "../../core/errors";
import type { ChoiceArrays } from "../../core/plackett-luce";
import { bestFirstScores } from "../../core/choice-columns";

/** Best-of-N: each prompt's K scores and the index (0-based) of the response that was chosen. */
export interface BestOfNChoices {
  scores: readonly NumericColumn[];
  best: NumericColumn;
  /** One weight per prompt. */
  weight?: NumericColumn;
}

/** Full rankings: each prompt's K scores and a permutation of 0 … K − 1, best first. */
export interface RankedChoices {
  scores: readonly NumericColumn[];
  ranking: readonly NumericColumn[];
  weight?: NumericColumn;
}

/**
 * Long format: one row per response, with its prompt id. `best` flags the chosen response of each prompt (exactly one
 * 1, the rest 0), or `rank` ranks each prompt's responses 1 … K (1 best). Prompts come in order of first appearance.
 */
export interface LongChoices {
  prompt: ArrayLike<string | number>;
  score: NumericColumn;
  best?: NumericColumn;
  rank?: NumericColumn;
}

/**
 * Flat: every prompt's scores back to back in one column, prompt i owning scores[offsets[i] … offsets[i + 1]) (n + 1
 * starts, 0 first and the score count last), with `best` (one index per prompt) or `ranking` (laid out as the scores:
 * each prompt's stretch a permutation of 0 … K − 1, best first). The wide shapes without an array per prompt: at
 * 10^6 prompts, reading 10^6 score arrays costs more than the fit (docs/DESIGN.md §5.12).
 */
export interface FlatChoices {
  scores: NumericColumn;
  offsets: NumericColumn;
  best?: NumericColumn;
  ranking?: NumericColumn;
  /** One weight per prompt. */
  weight?: NumericColumn;
}

/** K responses per prompt, in one of four shapes. */
export type Choices = BestOfNChoices | RankedChoices | LongChoices | FlatChoices;

/** Validated choices: what the kernels, the assessment and the temperature fit start from. */
export interface ChoiceColumns extends ChoiceArrays {
  /** Number of prompts. */
  readonly n: number;
  /** The fewest and most responses of a prompt. */
  readonly minK: number;
  readonly maxK: number;
}

/** Whether `data` is K-wise choices rather than pairs: pairs never have `scores` or `prompt`. */
export function isChoices(data: unknown): data is Choices {
  return data !== null && typeof data === "object" && !Array.isArray(data) && ("scores" in data || "prompt" in data);
}

/**
 * Checks K-wise choices and stores them prompt-major, best first: a best-of-N prompt as the chosen score followed
 * by the others in their order, a ranking in rank order. Errors name the field, the prompt and the response.
 * Every prompt needs at least 2 responses, and the difference of its highest and lowest score must be finite. O(Σ K).
 */
export function toChoiceColumns(data: Choices, name = "choices"): ChoiceColumns {
  if (!isChoices(data)) {
    throw new RmcalTypeError("invalid-argument", `${name} must be an object {scores, best}, {scores, ranking} (scores per prompt, or flat with offsets) or {prompt, score, best | rank}, got ${describeValue(data)}`, { argument: name });
  }
  const d = data as Partial<BestOfNChoices & RankedChoices & LongChoices> & { offsets?: unknown };
  const wide = d.scores !== undefined;
  const given = ["best", "ranking", "rank"].filter((f) => (d as Record<string, unknown>)[f] !== undefined);
  const allowed = wide ? ["best", "ranking"] : ["best", "rank"];
  if (given.length !== 1 || !allowed.includes(given[0])) {
    throw new RmcalTypeError("invalid-argument", `${name} needs exactly one of ${allowed.join(" or ")} with ${wide ? "scores" : "prompt and score"}${given.length ? `, got ${given.join(" and ")}` : ""}`, { argument: name });
  }
  // The flat reader checks the score spread in its own pass.
  if (wide && d.offsets !== undefined) return flatColumns(d as Partial<FlatChoices>, name);
  const columns = wide ? wideColumns(d, name) : longColumns(d, name);
  requireScoreSpread(columns, name);
  return columns;
}

function wideColumns(d: Partial<BestOfNChoices & RankedChoices>, name: string): ChoiceColumns {
  const rows = d.scores;
  if (!Array.isArray(rows)) {
    throw new RmcalTypeError("invalid-argument", `${name}.scores must be an array with one array of scores per prompt, got ${describeValue(rows)}`, { argument: `${name}.scores` });
  }
  const ranked = d.ranking !== undefined;
  const order = (ranked ? d.ranking : d.best) as unknown;
  const orderName = `${name}.${ranked ? "ranking" : "best"}`;
  if (!Array.isArray(order) && !ArrayBuffer.isView(order)) {
    throw new RmcalTypeError("invalid-argument", `${orderName} must be an array with one entry per prompt, got ${describeValue(order)}`, { argument: orderName });
  }
  requireNonEmpty(rows.length, `${name}.scores`);
  requireSameLength({ [`${name}.scores`]: rows, [orderName]: order as ArrayLike<unknown> });
  // Names are built only on the way to an error: a template string per score cost more than the fit.
  const rowName = (i: number) => `${name}.scores[${i}]`;
  const offsets = offsetsOf(rows.map((row, i) => scoreCount(row, i, rowName)), rowName);
  const scores = new Float64Array(offsets[offsets.length - 1]);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ArrayLike<unknown>, k = row.length, at = offsets[i];
    if (ranked) {
      const column = finiteColumn((order as ArrayLike<unknown>[])[i], `${orderName}[${i}]`);
      if (column.length !== k) throw new RmcalRangeError("length-mismatch", `${orderName}[${i}] has length ${column.length} but the prompt has ${k} scores; a ranking orders all of them`, { argument: `${orderName}[${i}]` });
      const place = permutation(column, 0, k, (t) => `${orderName}[${i}][${t}]`, `${orderName}[${i}]`);
      for (let j = 0; j < k; j++) scores[at + j] = scoreAt(row, place[j], i, rowName);
    } else {
      // The chosen score first, the others after it in their order: no per-prompt arrays (10^6 prompts would
      // otherwise allocate 10^6 of them, and the collector cost more than the fit).
      const best = indexIn((order as ArrayLike<unknown>)[i], k, orderName, i);
      scores[at] = scoreAt(row, best, i, rowName);
      for (let j = 0, slot = at + 1; j < k; j++) if (j !== best) scores[slot++] = scoreAt(row, j, i, rowName);
    }
  }
  const weight = d.weight === undefined ? null : weightView(d.weight, `${name}.weight`);
  if (weight) requireSameLength({ [`${name}.scores`]: rows, [`${name}.weight`]: weight });
  return summarized(offsets, scores, weight, ranked);
}

/**
 * The flat shape: the offsets checked as prompt starts, then each prompt copied best first as wideColumns stores it.
 * Best-of-N scores are copied and checked in one WebAssembly pass (at 4·10^6 scores the JavaScript checks and copy
 * took a fifth of the fit); rankings, and input that breaks a rule, take the JavaScript checks.
 */
function flatColumns(d: Partial<FlatChoices>, name: string): ChoiceColumns {
  const ranked = d.ranking !== undefined;
  const orderName = `${name}.${ranked ? "ranking" : "best"}`;
  // A Float64Array of best-of-N scores is checked by the WebAssembly pass below; anything else here, in a copy.
  const fast = !ranked && d.scores instanceof Float64Array;
  const flat = fast ? (d.scores as Float64Array) : finiteColumn(d.scores, `${name}.scores`);
  if (!ranked && d.offsets instanceof Int32Array) {
    // Best-of-N with int32 offsets: one WebAssembly pass checks the offsets' rules (promptStarts, offsetsOf) and
    // the scores' (finiteView, indexIn, requireScoreSpread) while it copies the scores best first. Only when a rule
    // fails do the checks below run, to name it.
    const n = d.offsets.length - 1;
    const order = finiteView(d.best, orderName);
    const weight = d.weight === undefined ? null : weightView(d.weight, `${name}.weight`);
    requireWasmCapacity(flat.length, 1, name);
    if (n >= 1 && order.length === n && (weight === null || weight.length === n)) {
      const copied = bestFirstScores(flat, d.offsets, order);
      if (copied.bad < 0) return summarized(d.offsets.slice(), copied.scores, weight, ranked);
    }
  }
  const starts = promptStarts(d.offsets, flat.length, `${name}.offsets`);
  const n = starts.length - 1;
  requireNonEmpty(n, `${name}.offsets`);
  const sizes = new Array<number>(n);
  for (let i = 0; i < n; i++) sizes[i] = starts[i + 1] - starts[i];
  const offsets = offsetsOf(sizes, (i) => `${name}.offsets: prompt ${i}`);
  const order = ranked ? finiteColumn(d.ranking, orderName) : finiteView(d.best, orderName);
  requireSameLength(ranked ? { [`${name}.scores`]: flat, [orderName]: order } : { [`${name}.offsets`]: { length: n }, [orderName]: order });
  const weight = d.weight === undefined ? null : weightView(d.weight, `${name}.weight`);
  if (weight) requireSameLength({ [`${name}.offsets`]: { length: n }, [`${name}.weight`]: weight });
  if (!ranked) {
    // One WebAssembly pass copies the scores best first and checks the rules of finiteView, indexIn and
    // requireScoreSpread with them; only when one fails do those checks run here, to name it.
    const copied = bestFirstScores(flat, offsets, order);
    if (copied.bad < 0) return summarized(offsets, copied.scores, weight, ranked);
  }
  const scores = ranked ? rankedFirst(flat, offsets, order, orderName) : bestFirst(finiteView(flat, `${name}.scores`), offsets, order, orderName);
  const columns = summarized(offsets, scores, weight, ranked);
  requireScoreSpread(columns, name);
  return columns;
}

/** The flat scores with each prompt's chosen response moved first, the others after it in their order. */
function bestFirst(flat: Float64Array, offsets: Int32Array, best: Float64Array, name: string): Float64Array {
  const scores = new Float64Array(flat.length);
  for (let i = 0; i + 1 < offsets.length; i++) {
    const at = offsets[i], k = offsets[i + 1] - at;
    if (!(Number.isInteger(best[i]) && best[i] >= 0 && best[i] < k)) indexIn(best[i], k, name, i); // throws, naming it
    // An int32 index: a float64 one sends every typed-array access below down V8's slow path.
    const b = best[i] | 0;
    scores[at] = flat[at + b];
    for (let j = 0, slot = at + 1; j < k; j++) if (j !== b) scores[slot++] = flat[at + j];
  }
  return scores;
}

/** The flat scores with each prompt's stretch put in the order its stretch of `ranking` lists. */
function rankedFirst(flat: Float64Array, offsets: Int32Array, ranking: Float64Array, name: string): Float64Array {
  const scores = new Float64Array(flat.length);
  for (let i = 0; i + 1 < offsets.length; i++) {
    const at = offsets[i], k = offsets[i + 1] - at;
    const place = permutation(ranking, at, k, (t) => `${name}[${at + t}] (prompt ${i})`, name);
    for (let t = 0; t < k; t++) scores[at + t] = flat[at + place[t]];
  }
  return scores;
}

/**
 * Prompt starts: integers from 0, never falling, the last the number of scores. n + 1 of them for n prompts (each
 * prompt's size is checked by offsetsOf).
 */
function promptStarts(values: unknown, total: number, name: string): Float64Array {
  const starts = finiteView(values, name);
  const last = starts.length - 1;
  for (let i = 0; i <= last; i++) {
    const x = starts[i];
    const problem = !Number.isInteger(x) ? "not an integer"
      : i === 0 && x !== 0 ? "not 0; the first prompt starts at score 0"
      : i > 0 && x < starts[i - 1] ? `below offsets[${i - 1}] = ${starts[i - 1]}; prompt starts never fall`
      : i === last && x !== total ? `not ${total}, the number of scores; the last offset ends the last prompt`
      : null;
    if (problem) throw new RmcalRangeError("invalid-argument", `${name}[${i}] is ${x}: ${problem}`, { argument: name, index: i });
  }
  return starts;
}

/** The number of scores in a prompt's row, refusing a row that is not a column. */
function scoreCount(row: unknown, i: number, name: (i: number) => string): number {
  if (!Array.isArray(row) && !(ArrayBuffer.isView(row) && !(row instanceof DataView))) finiteColumn(row, name(i)); // throws, naming it
  return (row as ArrayLike<unknown>).length;
}

/**
 * Score j of a row. A plain finite number is read as it is; anything else goes through finiteColumn, the one home
 * of the column rules, which refuses it with the usual message (or converts a BigInt, as it would).
 */
function scoreAt(row: ArrayLike<unknown>, j: number, i: number, name: (i: number) => string): number {
  const x = row[j];
  if (typeof x === "number" && x - x === 0) return x;
  return finiteColumn(row, name(i))[j];
}

function longColumns(d: Partial<LongChoices>, name: string): ChoiceColumns {
  if (d.score === undefined) throw new RmcalTypeError("invalid-argument", `${name}.score is missing; long-format choices need prompt, score and best or rank`, { argument: `${name}.score` });
  const ranked = d.rank !== undefined;
  const flagName = `${name}.${ranked ? "rank" : "best"}`;
  requireWasmCapacity(columnLengthOf(d.score), 2, name);
  const score = finiteColumn(d.score, `${name}.score`);
  const flag = finiteColumn(ranked ? d.rank : d.best, flagName);
  const { codes, count } = clusterCodes(d.prompt, `${name}.prompt`, "a prompt id");
  requireSameLength({ [`${name}.score`]: score, [`${name}.prompt`]: codes, [flagName]: flag });
  requireNonEmpty(score.length, `${name}.score`);
  const sizes = new Int32Array(count);
  for (const c of codes) sizes[c]++;
  const firstRow = new Int32Array(count).fill(-1);
  codes.forEach((c, row) => {
    if (firstRow[c] < 0) firstRow[c] = row;
  });
  const offsets = offsetsOf(Array.from(sizes), (p) => `${name}.prompt ${describeValue(d.prompt![firstRow[p]])} (first at row ${firstRow[p]})`, (p) => firstRow[p]);
  const scores = new Float64Array(score.length);
  // Best-of-N: the chosen response goes first and the others keep their order; a ranking is placed by rank.
  const filled = new Int32Array(count).fill(ranked ? 0 : 1);
  const seen = new Uint8Array(score.length);
  // The message's start is built on the way to an error only: a closure per row cost a fifth of the fit.
  const where = (row: number) => `${flagName}[${row}] is ${flag[row]}`;
  for (let row = 0; row < score.length; row++) {
    const p = codes[row], k = sizes[p], f = flag[row];
    let slot: number;
    if (ranked) {
      if (!Number.isInteger(f) || f < 1 || f > k) throw new RmcalRangeError("invalid-argument", `${where(row)}; a rank must be an integer from 1 to the prompt's ${k} responses`, { argument: flagName, index: row });
      slot = f - 1;
    } else if (f === 1) {
      slot = 0;
    } else if (f === 0) {
      slot = filled[p]++;
      if (slot >= k) throw noBest(flagName, firstRow[p], d.prompt![row]);
    } else {
      throw new RmcalRangeError("invalid-argument", `${where(row)}; best must be 1 for the chosen response and 0 for the others`, { argument: flagName, index: row });
    }
    if (seen[offsets[p] + slot]) {
      throw new RmcalRangeError("invalid-argument", ranked
        ? `${where(row)}; prompt ${describeValue(d.prompt![row])} already has a response of rank ${f}`
        : `${where(row)}; prompt ${describeValue(d.prompt![row])} already has a chosen response`, { argument: flagName, index: row });
    }
    seen[offsets[p] + slot] = 1;
    scores[offsets[p] + slot] = score[row];
  }
  for (let p = 0; p < count; p++) {
    if (!ranked && !seen[offsets[p]]) throw noBest(flagName, firstRow[p], d.prompt![firstRow[p]]);
  }
  return summarized(offsets, scores, null, ranked);
}

function noBest(name: string, row: number, prompt: unknown): RangeError {
  return new RmcalRangeError("invalid-argument", `${name}: prompt ${describeValue(prompt)} has no response with ${name.split(".").pop()} 1 (first at row ${row}); each prompt needs exactly one chosen response`, { argument: name, index: row });
}

function columnLengthOf(values: unknown): number {
  return Array.isArray(values) || ArrayBuffer.isView(values) ? (values as ArrayLike<unknown>).length : 0;
}

/** Prompt starts from the sizes (errors index row(i), the prompt's first row), refusing a prompt of fewer than two responses (it holds no choice). */
function offsetsOf(sizes: number[], where: (i: number) => string, row: (i: number) => number = (i) => i): Int32Array {
  const offsets = new Int32Array(sizes.length + 1);
  sizes.forEach((k, i) => {
    if (k < 2) throw new RmcalRangeError("invalid-argument", `${where(i)} has ${k} response${k === 1 ? "" : "s"}; a prompt needs at least 2 to choose between`, { argument: where(i).split(" ")[0], index: row(i) });
    offsets[i + 1] = offsets[i] + k;
  });
  requireWasmCapacity(offsets[sizes.length], 1, "choices");
  return offsets;
}

function indexIn(value: unknown, k: number, name: string, prompt: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= k) {
    throw new RmcalRangeError("invalid-argument", `${name}[${prompt}] is ${describeValue(value)}; it must be an index from 0 to ${k - 1} into the prompt's ${k} scores`, { argument: name, index: prompt });
  }
  return value;
}

/**
 * The k entries of `column` from `start` as a ranking: each index 0 … k − 1 once. entry(t) names entry t in an
 * error, whose argument is `name`.
 */
function permutation(column: ArrayLike<number>, start: number, k: number, entry: (t: number) => string, name: string): number[] {
  const seen = new Uint8Array(k);
  return Array.from({ length: k }, (_, t) => {
    const j = column[start + t];
    if (!Number.isInteger(j) || j < 0 || j >= k || seen[j]) {
      throw new RmcalRangeError("invalid-argument", `${entry(t)} is ${j}; a ranking must list each index 0 … ${k - 1} once`, { argument: name, index: start + t });
    }
    seen[j] = 1;
    return j;
  });
}

/** Every difference of two scores of one prompt must be finite, as a pair's margin must (docs/DESIGN.md §2.1). */
function requireScoreSpread({ offsets, scores }: ChoiceColumns, name: string): void {
  for (let i = 0; i + 1 < offsets.length; i++) {
    let low = scores[offsets[i]], high = low;
    for (let j = offsets[i] + 1; j < offsets[i + 1]; j++) {
      const x = scores[j];
      if (x < low) low = x;
      else if (x > high) high = x;
    }
    if (marginOverflows(high - low)) {
      throw new RmcalRangeError("invalid-argument", `${name}: the scores ${high} and ${low} of prompt ${i} differ by more than float64 holds; rescale the scores`, { argument: name, index: i });
    }
  }
}

function summarized(offsets: Int32Array, scores: Float64Array, weight: Float64Array | null, ranked: boolean): ChoiceColumns {
  let minK = Infinity, maxK = 0;
  for (let i = 0; i + 1 < offsets.length; i++) {
    const k = offsets[i + 1] - offsets[i];
    minK = Math.min(minK, k);
    maxK = Math.max(maxK, k);
  }
  return { n: offsets.length - 1, offsets, scores, weight, ranked, minK, maxK };
}

/**
 * Whether no prompt with weight has a stage won by a lower score, and some stage is won by a higher one: the NLL
 * then falls for ever as T → 0 (docs/DESIGN.md §5.12), as it does for separable pairs.
 */
export function choicesSeparable({ offsets, scores, weight, ranked }: ChoiceColumns): boolean {
  let strict = false;
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (weight !== null && weight[i] === 0) continue;
    const stages = ranked ? offsets[i + 1] - offsets[i] - 1 : 1;
    for (let t = 0; t < stages; t++) {
      const s0 = scores[offsets[i] + t];
      for (let j = offsets[i] + t + 1; j < offsets[i + 1]; j++) {
        if (scores[j] > s0) return false;
        if (scores[j] < s0) strict = true;
      }
    }
  }
  return strict;
}

/**
 * Validated choices back as Choices (scores best first, so best is 0 or the ranking is 0 … K − 1), for the prompts
 * `prompts` (all when omitted), in their order: a program's split of prompts into training and held-out parts.
 * O(Σ K of those prompts).
 */
export function choicesOf(columns: ChoiceColumns, prompts?: ArrayLike<number>): Choices {
  const { offsets, scores, weight, ranked } = columns;
  const picked = prompts ?? Array.from({ length: columns.n }, (_, i) => i);
  const rows = Array.from(picked, (i) => scores.subarray(offsets[i], offsets[i + 1]));
  const w = weight === null ? {} : { weight: Float64Array.from(picked, (i) => weight[i]) };
  return ranked
    ? { scores: rows, ranking: rows.map((r) => Array.from({ length: r.length }, (_, j) => j)), ...w }
    : { scores: rows, best: new Array<number>(rows.length).fill(0), ...w };
}
