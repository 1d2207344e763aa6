// Flag definitions shared by the commands, and turning parsed flag values into typed options.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestName } from "./closest-name";
import { type ChoiceFields, type FieldFlags, type InputFormat, parseLabelMap } from "../../platform/io/index";
import { MAX_THREADS } from "../../platform/node/index";
import { UsageError } from "./usage-error";

type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | string[] | undefined>;

/** Flags that say how to read a pair file. */
export const INPUT_OPTIONS = {
  chosen: { type: "string" },
  rejected: { type: "string" },
  "score-a": { type: "string" },
  "score-b": { type: "string" },
  margin: { type: "string" },
  label: { type: "string" },
  weight: { type: "string" },
  "label-map": { type: "string" },
  where: { type: "string", multiple: true },
  format: { type: "string" },
  "skip-invalid": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** Flags that say how to read a file of K-wise choices (best-of-N or rankings) instead of pairs. */
export const CHOICE_OPTIONS = {
  scores: { type: "string" },
  best: { type: "string" },
  ranking: { type: "string" },
  prompt: { type: "string" },
  score: { type: "string" },
  rank: { type: "string" },
} as const satisfies Options;

export const CHOICE_HELP = `K-wise input (best-of-N or rankings, K responses per prompt, K may vary), instead of pairs; without
these flags it is detected when FILE has no pair fields: scores + best|ranking, or prompt_id + score + best|rank:
  --scores F --best F                  one row per prompt: a JSON array of scores and the chosen index (0-based)
  --scores F --ranking F               one row per prompt: scores and a ranking, indices best first
  --prompt F --score F --best F        one row per response: prompt id, score, best 1 for the chosen, 0 otherwise
  --prompt F --score F --rank F        one row per response: prompt id, score, rank 1 (best) … K`;

/** The choice field flags (all undefined for pair input). */
export function choiceFields(values: Values): ChoiceFields {
  return {
    scores: str(values.scores), best: str(values.best), ranking: str(values.ranking),
    prompt: str(values.prompt), score: str(values.score), rank: str(values.rank),
  };
}

export const INPUT_HELP = `Input (JSONL, CSV, TSV or Parquet by extension, or --format; .gz is decompressed). FILE may be "-"
(stdin: gzip and Parquet recognized by their first bytes, JSONL/CSV/TSV by the first line, or --format), a folder
or a quoted glob of shards ("data/train-*.parquet"); several files are read as one dataset, in name order:
  --chosen F --rejected F              chosen/rejected scores (label 1 implied)
  --score-a F --score-b F --label F    scores of A and B and P(A ≻ B) in [0, 1]
  --margin F --label F                 margins d = r_A − r_B and labels
  --weight F                           per-pair weights (default 1)
  --label-map RAW=L,...                recode labels, e.g. --label-map 1=1,2=0
  --where F=VALUE                      keep rows whose field equals VALUE (repeatable)
  --format jsonl|csv|tsv|parquet       override the extension
  --skip-invalid                       skip invalid rows (counted and reported) instead of stopping
  With no field flag, these names are detected: chosen_score/rejected_score, score_chosen/score_rejected,
  scores_chosen/scores_rejected, chosen/rejected, score_a/score_b + label, margin + label.`;

/** --threads, for the commands that read datasets or resample on every core (assess, fit, report, diagnose). */
export const THREADS_OPTIONS = {
  threads: { type: "string" },
} as const satisfies Options;

export const THREADS_HELP = `  --threads N              threads to read the files on (several files, or one as byte ranges), to run fit's
                           temperature passes on (past 2^20 pairs), and to resample fit's and report's comparisons
                           on (default: the machine's cores for 8 MiB of files or 2^22 pair draws or more; 1: none);
                           the output has the same bytes whatever N (docs: DESIGN §6.10)`;

/**
 * The flag naming each pair's cluster, for the commands whose intervals resample (diagnose, report). Kept apart
 * from INPUT_OPTIONS so a command that resamples nothing refuses it rather than ignoring it.
 */
export const CLUSTER_OPTIONS = {
  cluster: { type: "string" },
} as const satisfies Options;

export const CLUSTER_HELP = `  --cluster F[,F2]         field(s) naming each pair's cluster (e.g. prompt_id): bootstrap intervals resample
                           whole clusters, because pairs that share a prompt are not independent`;

/** The flags naming the pair id and the order flag of pairs judged in both orders (diagnose, report). */
export const ORDER_OPTIONS = {
  "pair-id": { type: "string" },
  order: { type: "string" },
} as const satisfies Options;

export const ORDER_HELP = `  --pair-id F --order F    pairs judged in both orders: F names the pair (two rows share it) and the order (two
                           values, the smaller first); rows are read as presented, A = shown first, the label is
                           P(shown first wins). Adds swap consistency, the position bias β with its interval and
                           the calibration of the order-averaged margin (docs: DESIGN §7.5)`;

/** --pair-id and --order, both or neither. @throws {UsageError} when only one is given */
export function orderFields(values: Values): { pairId: string[]; order: string[] } | undefined {
  const pairId = fieldList(values, "pair-id"), order = fieldList(values, "order");
  if (pairId === undefined && order === undefined) return undefined;
  if (pairId === undefined || order === undefined) throw new UsageError(`--${pairId === undefined ? "order" : "pair-id"} needs --${pairId === undefined ? "pair-id" : "order"} too: pairs judged in both orders need both fields`);
  return { pairId, order };
}

export interface InputOptions {
  fields: FieldFlags;
  /** Numeric fields read with each pair (--covariate-a F --covariate-b F), for diagnose and report. */
  covariates?: string[];
  /** The cluster field(s) (--cluster F or F1,F2), read into the table's cluster codes. */
  cluster?: string[];
  format?: InputFormat;
  labelMap?: Map<string, number>;
  where: { field: string; value: string }[];
  skipInvalid: boolean;
  /** --threads: the files (or one file's byte ranges) are read on this many threads (default: the parallel functions choose). */
  threads?: number;
}

/**
 * A command's flags and positionals, parsed by node:util's parseArgs (strict), with rmcal's own messages for the
 * mistakes parseArgs would word in its own way: an unknown flag (with the closest known one), a flag without its
 * value, a value given to a switch. Everything after "--" is positional; "-" alone is stdin.
 * @throws {UsageError} naming the flag
 * @example parseFlags(["pairs.jsonl", "--json"], { json: { type: "boolean" } })
 */
export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args: checkedFlags(args, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    // What checkFlags did not foresee: parseArgs's own words, as a usage error.
    throw new UsageError((error as Error).message);
  }
}

/** The arguments, checked flag by flag; a negative number given as a flag's value is joined to it (--flag=-1). */
function checkedFlags(args: readonly string[], options: Options): string[] {
  const names = Object.keys(options);
  const shorts = new Map(Object.entries(options).flatMap(([name, o]) => (o.short === undefined ? [] : [[o.short, name] as const])));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") return [...out, ...args.slice(i)];
    out.push(arg);
    if (!arg.startsWith("-") || arg === "-") continue;
    const at = arg.indexOf("=");
    const long = arg.startsWith("--");
    const name = long ? arg.slice(2, at < 0 ? undefined : at) : shorts.get(arg.slice(1, 2)) ?? null;
    if (name === null || !Object.hasOwn(options, name)) {
      const near = closestName(long ? arg.slice(2, at < 0 ? undefined : at) : arg.slice(1), names);
      throw new UsageError(`unknown flag ${arg.split("=")[0]}${near === null ? "" : `; did you mean --${near}?`}`);
    }
    const flag = `--${name}`;
    if (options[name].type === "boolean") {
      if (at >= 0) throw new UsageError(`${flag} is a switch and takes no value (got "${arg}")`);
      continue;
    }
    if (at >= 0 || (!long && arg.length > 2)) continue;
    const value = args[i + 1];
    const negative = value !== undefined && /^-\.?\d/.test(value);
    if (value === undefined || (value.startsWith("-") && value !== "-" && !negative)) {
      throw new UsageError(`${flag} needs a value${value === undefined ? "" : ` (got the flag ${value})`}`);
    }
    // parseArgs would call "-1" ambiguous (an option or a value?); as the flag's value it can only be the value.
    if (negative) out[out.length - 1] = `${flag}=${value}`;
    else out.push(value);
    i++;
  }
  return out;
}

/** The input flags as reader options. @throws {UsageError} for a bad --format, --where or --label-map */
export function inputOptions(values: Values): InputOptions {
  const fields: FieldFlags = {
    chosen: str(values.chosen), rejected: str(values.rejected), scoreA: str(values["score-a"]), scoreB: str(values["score-b"]),
    margin: str(values.margin), label: str(values.label), weight: str(values.weight),
  };
  const format = str(values.format);
  if (format !== undefined && !["jsonl", "csv", "tsv", "parquet"].includes(format)) throw new UsageError(`--format is "${format}"; it must be jsonl, csv, tsv or parquet`);
  let labelMap: Map<string, number> | undefined;
  try {
    labelMap = values["label-map"] === undefined ? undefined : parseLabelMap(String(values["label-map"]));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const where = ((values.where as string[] | undefined) ?? []).map((w) => {
    const at = w.indexOf("=");
    if (at <= 0) throw new UsageError(`--where "${w}" must look like FIELD=VALUE`);
    return { field: w.slice(0, at), value: w.slice(at + 1) };
  });
  const cluster = fieldList(values, "cluster");
  return {
    fields, format: format as InputFormat | undefined, labelMap, where, skipInvalid: values["skip-invalid"] === true,
    ...(cluster === undefined ? {} : { cluster }), threads: threadsFlag(values),
  };
}

/**
 * --threads N: an integer from 1 to MAX_THREADS; undefined when absent, so the parallel functions choose (the
 * cores, for work large enough to gain). @throws {UsageError} naming the flag
 */
function threadsFlag(values: Values): number | undefined {
  if (values.threads === undefined) return undefined;
  return numberFlag(values, "threads", 1, (x) => Number.isInteger(x) && x >= 1 && x <= MAX_THREADS, `an integer from 1 to ${MAX_THREADS}`);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A numeric flag, checked. @throws {UsageError} naming the flag */
export function numberFlag(values: Values, name: string, fallback: number, test: (x: number) => boolean, requirement: string): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(x) || !test(x)) throw new UsageError(`--${name} is "${raw}"; it must be ${requirement}`);
  return x;
}

/** A flag with a fixed set of values. @throws {UsageError} naming the flag and the choices */
export function choiceFlag<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} is "${raw}"; it must be one of ${choices.join(", ")}`);
  return raw as T;
}

/**
 * The flags naming a numeric covariate of each response (its length, say), for the commands that report the
 * covariate-bias check (diagnose, report); kept apart from INPUT_OPTIONS so the others refuse them.
 */
export const COVARIATE_OPTIONS = {
  "covariate-a": { type: "string" },
  "covariate-b": { type: "string" },
  "difference-bins": { type: "string" },
} as const satisfies Options;

export const COVARIATE_HELP = `  --covariate-a F --covariate-b F   a numeric covariate of response A and of response B (e.g. their lengths in
                           tokens): the margin's correlation with the difference A − B, calibration per
                           difference bin and tercile, and the accuracy of "the larger one wins"
  --difference-bins N      equal-count bins of the covariate difference (default 5)`;

/** --covariate-a and --covariate-b as the two field names, or undefined. @throws {UsageError} when only one is given */
export function covariateFields(values: Values): [string, string] | undefined {
  const a = str(values["covariate-a"]), b = str(values["covariate-b"]);
  if (a === undefined && b === undefined) {
    if (values["difference-bins"] !== undefined) throw new UsageError("--difference-bins bins the covariate difference: give --covariate-a F --covariate-b F too");
    return undefined;
  }
  if (a === undefined || b === undefined) throw new UsageError(`--covariate-${a === undefined ? "a" : "b"} is missing: the covariate needs a field for each response (--covariate-a F --covariate-b F)`);
  return [a, b];
}

/** --group F or --group F1,F2 → field list. */
export function groupFields(values: Values): string[] | undefined {
  return fieldList(values, "group");
}

/** --NAME F or --NAME F1,F2 → field list; undefined when the flag is not given. */
function fieldList(values: Values, name: "group" | "cluster" | "pair-id" | "order"): string[] | undefined {
  const raw = str(values[name]);
  if (raw === undefined) return undefined;
  const fields = raw.split(",").map((f) => f.trim()).filter((f) => f !== "");
  if (fields.length === 0) throw new UsageError(`--${name} needs a field name`);
  return fields;
}
