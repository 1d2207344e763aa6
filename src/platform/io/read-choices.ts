// From row batches to K-wise choices (docs/DESIGN.md §5.12): one row per prompt with a scores array and a best
// index or a ranking, or one row per response with a prompt id (long format). Each row's fields are checked here,
// naming the line; the rules across a prompt's rows (one chosen response, ranks 1 … K) are the library's
// (toChoiceColumns), and their errors are given the line of the row they name.
import { InputError, inFile, noteSkipped, type SkippedRows } from "./input-error";
import { fieldValue, missingField, numericField, show } from "./field-values";
import type { RowBatch, SourceRow } from "./rows";
import { isRmcalError, RmcalTypeError } from "../../core/errors";
import { DETECTED_FIELDS, fieldsOf, resolveFieldMapping, type FieldFlags } from "./pair-fields";
import type { Choices } from "../../lib/index";
import { toChoiceColumns, type ChoiceColumns } from "../../lib/rankings/choices";

/** The fields of a choice file: scores with best or ranking (one row per prompt), or prompt and score with best or rank. */
export interface ChoiceFields {
  scores?: string;
  best?: string;
  ranking?: string;
  prompt?: string;
  score?: string;
  rank?: string;
}

export interface ReadChoicesOptions {
  fileName: string;
  fields: ChoiceFields;
  where?: readonly { field: string; value: string }[];
  skipInvalid?: boolean;
}

/** Choices read from a file, validated by the library. */
export interface ChoiceTable {
  columns: ChoiceColumns;
  /** "scores=…, best=…": the fields used, for messages. */
  fieldsUsed: string;
  /** Rows read (prompts in the wide form, responses in the long form). */
  rows: number;
  skipped: SkippedRows;
  filtered: number;
}

/**
 * The field names that mark a file as K-wise choices when no field is named, tried in order (as DETECTED_FIELDS is
 * for pairs): a row per prompt with a scores array and the chosen index or a ranking, or a row per response with a
 * prompt id. A `prompt` field is not taken for an id: in pair files it usually holds the prompt's text.
 */
const DETECTED_CHOICE_FIELDS: readonly ChoiceFields[] = [
  { scores: "scores", best: "best" },
  { scores: "scores", ranking: "ranking" },
  { prompt: "prompt_id", score: "score", best: "best" },
  { prompt: "prompt_id", score: "score", rank: "rank" },
];

/**
 * The choice fields of a file whose field names hold one of DETECTED_CHOICE_FIELDS, else null. O(fields).
 * @example detectChoiceFields(["prompt_id", "scores", "best"]) // => { scores: "scores", best: "best" }
 */
export function detectChoiceFields(fieldNames: readonly string[]): ChoiceFields | null {
  const present = new Set(fieldNames);
  return DETECTED_CHOICE_FIELDS.find((fields) => Object.values(fields).every((name) => present.has(name))) ?? null;
}

/**
 * Pairs or K-wise choices, for a file read without choice flags (docs/DESIGN.md §12.3): pairs when pair fields are
 * named or detected (resolveFieldMapping), else the choice fields detected, unless a pair field was named. The CLI
 * and the web page decide by this. O(fields).
 * @param flags the pair field flags given (none: both kinds are detected)
 * @param fieldNames the file's field names (a header, the first JSON object's keys, Parquet columns)
 * @param fileName the file, named in the message
 * @returns null for pairs, or the choice fields detected
 * @throws {RmcalTypeError} ("invalid-option", argument "fields") saying which fields of each kind were looked for,
 *   or resolveFieldMapping's error when pair flags were given and do not fit
 * @example detectInputFields({}, ["prompt_id", "scores", "best"]) // => { scores: "scores", best: "best" }
 */
export function detectInputFields(flags: FieldFlags, fieldNames: readonly string[], fileName?: string): ChoiceFields | null {
  try {
    resolveFieldMapping(flags, fieldNames, fileName);
    return null;
  } catch (error) {
    if (Object.values(flags).some((f) => f !== undefined)) throw error;
    const detected = detectChoiceFields(fieldNames);
    if (detected !== null) return detected;
    throw new RmcalTypeError(
      "invalid-option",
      `${fileName === undefined ? "" : `${fileName}: `}could not detect the score fields among [${fieldNames.join(", ")}]: looked for pairs ` +
      `(${DETECTED_FIELDS.map((m) => fieldsOf(m).join("/")).join(", ")}) and K-wise choices (${DETECTED_CHOICE_FIELDS.map((f) => Object.values(f).join("/")).join(", ")}); ` +
      "name them with --chosen/--rejected, --score-a/--score-b/--label or --margin/--label, or for K-wise input " +
      "--scores with --best or --ranking, or --prompt/--score with --best or --rank",
      { argument: "fields", ...(fileName === undefined ? {} : { file: fileName }) },
    );
  }
}

/** Whether the field flags ask for choices rather than pairs. */
export function hasChoiceFields(fields: ChoiceFields): boolean {
  return Object.values(fields).some((f) => f !== undefined);
}

/**
 * Reads K-wise choices. The wide form takes a JSON array of numbers for the scores (a JSONL array, or its text in a
 * CSV or TSV cell) and for the ranking; the long form one score per row. O(rows).
 * @throws {InputError} naming the file, line and field of the first invalid row (unless skipInvalid), or the row a
 *   rule across a prompt fails on
 */
export async function readChoices(batches: AsyncIterable<RowBatch>, options: ReadChoicesOptions): Promise<ChoiceTable> {
  const { fileName, fields, where = [], skipInvalid = false } = options;
  const wide = fields.scores !== undefined;
  const orderField = wide ? (fields.ranking ?? fields.best) : (fields.rank ?? fields.best);
  const ranked = wide ? fields.ranking !== undefined : fields.rank !== undefined;
  const needed = wide ? [["scores", fields.scores], [ranked ? "ranking" : "best", orderField]]
    : [["prompt", fields.prompt], ["score", fields.score], [ranked ? "rank" : "best", orderField]];
  for (const [flag, field] of needed) {
    if (field === undefined) throw new InputError(fileName, null, null, `choices need --${flag} too (${wide ? "--scores F with --best F or --ranking F" : "--prompt F --score F with --best F or --rank F"})`, "input-field");
  }
  const skipped: SkippedRows = { count: 0, first: [] };
  const lines: number[] = [];
  // The file of each row read, when a dataset spans several files (each batch names its file, §12.3).
  const files: string[] = [];
  let file = fileName;
  const scores: number[][] = [], order: (number | number[])[] = [];
  const prompt: string[] = [], score: number[] = [], flag: number[] = [];
  let filtered = 0;

  const reject = (error: InputError): void => {
    if (!skipInvalid) throw error;
    noteSkipped(skipped, error);
  };

  function readRow(row: SourceRow): void {
    const values = row.values!;
    const get = (field: string): unknown => fieldValue(values, field);
    for (const [, field] of needed) {
      if (!Object.hasOwn(values, field!)) return reject(new InputError(file, row.line, field!, missingField(values)));
    }
    if (wide) {
      const s = numberArray(get(fields.scores!));
      if (typeof s === "string") return reject(new InputError(file, row.line, fields.scores!, s));
      const o = ranked ? numberArray(get(orderField!)) : numericField(get(orderField!));
      if (typeof o === "string") return reject(new InputError(file, row.line, orderField!, o));
      scores.push(s);
      order.push(o);
    } else {
      const id = get(fields.prompt!);
      if (!(typeof id === "string" || typeof id === "number") || id === "") return reject(new InputError(file, row.line, fields.prompt!, `is ${show(id)}; a prompt id must be text or a number`));
      const s = numericField(get(fields.score!));
      if (typeof s === "string") return reject(new InputError(file, row.line, fields.score!, s));
      const f = numericField(get(orderField!));
      if (typeof f === "string") return reject(new InputError(file, row.line, orderField!, f));
      prompt.push(String(id));
      score.push(s);
      flag.push(f);
    }
    lines.push(row.line);
    if (file !== fileName) files[lines.length - 1] = file;
  }

  try {
    for await (const batch of batches) {
      file = batch.file ?? fileName;
      for (const row of batch.rows) {
        if (row.values === null) {
          reject(new InputError(file, row.line, null, row.error ?? "could not be parsed"));
          continue;
        }
        if (!where.every((w) => textOf(fieldValue(row.values!, w.field)) === w.value)) {
          filtered++;
          continue;
        }
        readRow(row);
      }
    }
  } catch (error) {
    throw inFile(error, file);
  }
  if (lines.length === 0) throw new InputError(fileName, null, null, "has no valid rows", "empty-input");
  const choices: Choices = wide
    ? (ranked ? { scores, ranking: order as number[][] } : { scores, best: order as number[] })
    : (ranked ? { prompt, score, rank: flag } : { prompt, score, best: flag });
  const fieldsUsed = needed.map(([flagName, field]) => `${flagName}=${field}`).join(", ");
  return { columns: validated(choices, lines, files, fileName, wide, fields), fieldsUsed, rows: lines.length, skipped, filtered };
}

/** The library's checks across a prompt, with the error's row turned into the file's line and field. */
function validated(choices: Choices, lines: number[], files: string[], fileName: string, wide: boolean, fields: ChoiceFields): ChoiceColumns {
  try {
    return toChoiceColumns(choices);
  } catch (error) {
    if (!isRmcalError(error) || error.index === undefined) throw error;
    // The library indexes rows read here: "choices.best[5]" by its index, "choices.ranking[3]" (a wide row) by its
    // brackets. Only a long file's spread check names a prompt ("choices", index = prompt), which has no one line.
    const argument = error.argument ?? "";
    const key = argument.replace(/^choices\./, "").replace(/\[.*$/, "") as keyof ChoiceFields;
    const field = fields[key] ?? null;
    const bracket = /^choices\.\w+\[(\d+)\]/.exec(argument);
    const row = bracket ? Number(bracket[1]) : !wide && argument === "choices" ? null : error.index;
    const line = row === null ? null : lines[row] ?? null;
    throw new InputError(row === null ? fileName : files[row] ?? fileName, line, field, error.message.replace(/choices\.\w+(\[\d+\])*/g, (m) => {
      const name = m.replace(/^choices\./, "").replace(/\[.*$/, "") as keyof ChoiceFields;
      return fields[name] ?? m;
    }));
  }
}

/** A JSON array of finite numbers, or its text (a CSV cell "[1.5, 2]"); otherwise the problem. */
function numberArray(value: unknown): number[] | string {
  let array = value;
  if (typeof value === "string") {
    try {
      array = JSON.parse(value);
    } catch {
      return `is ${show(value)}; it must be a JSON array of numbers, e.g. [1.5, -0.2, 3]`;
    }
  }
  if (!Array.isArray(array)) return `is ${show(value)}; it must be an array of numbers`;
  const out: number[] = [];
  for (let j = 0; j < array.length; j++) {
    const x = numericField(array[j]);
    if (typeof x === "string") return `[${j}] ${x}`;
    out.push(x);
  }
  return out;
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}
