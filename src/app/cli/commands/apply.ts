// rmcal apply CALIBRATOR FILE: adds calibrated_prob to pair rows, or calibrated_reward (and a transformed reward,
// docs/DESIGN.md §5.6) to per-response rows with --score. Streams: rows are read, calibrated and written one batch
// at a time (--reward per-prompt reads the file twice: first the mean reward of each prompt). Inputs outside the
// fitted range are counted on stderr (docs/DESIGN.md §5.8).
import { readFile } from "node:fs/promises";
import {
  rowsOf, parquetRows, formatFromFileName, type RowBatch, type RowFormat, type InputFormat, resolveFieldMapping, InputError, describeSkipped, numericField, fieldValue, type FieldMapping, type SourceRow, type
  SkippedRows,
} from "../../../platform/io/index";
import { INPUT_OPTIONS, groupFields, inputOptions, parseFlags, str } from "../options";
import { progressLine } from "../progress";
import { UsageError } from "../usage-error";
import { writeStdout } from "../stdout";
import { loadCalibrator, type Calibrator, type ExtrapolationReport, type UnseenGroupsReport } from "../../../lib/index";
import {
  noteSkipped, rowMargin, appendJsonFields, appendCells, checkedUtf8, SourceError, repeatedKeyCheck, groupField,
} from "../../../platform/io/programs";
import { openFileSource, openParquetFile, resolveFormat, AtomicFile, checkOutputPath } from "../../../platform/node/index";

const APPLY_HELP = `Usage: rmcal apply CALIBRATOR FILE [--out PATH] [options]

Applies a calibrator (the JSON written by rmcal fit) to every row of FILE and writes the rows with new fields,
keeping every input byte and the row order (JSONL in, JSONL out: the fields go before the closing brace; CSV in,
CSV out: a new last column). Without --out, rows go to stdout. A row that cannot be calibrated (invalid, a field
missing, a reward that overflows) stops the run with exit 2, naming file, line and field, and no --out file is
written. FILE must be UTF-8; the new fields must not exist yet.

Pair rows (fields detected as in rmcal assess, or --chosen/--rejected, --score-a/--score-b, --margin):
  adds calibrated_prob = calibrated P(A ≻ B) (P(chosen ≻ rejected) for chosen/rejected rows); a Venn–Abers
  calibrator also adds its interval, calibrated_p0 and calibrated_p1
Per-response rows:
  --score F                adds calibrated_reward (r/T for temperature, α·r for Platt,
                           logit g(r − r_ref) for isotonic and Venn–Abers), in log-odds units, and a
                           transformed reward:
  --reward T               centered (default when the calibrator stores the reward mean): adds
                             centered_reward = calibrated_reward − mean, keeping the calibrated scale
                           per-prompt: adds per_prompt_reward = calibrated_reward − the mean calibrated
                             reward of the rows with the same --prompt (reads FILE twice)
                           whitened: adds whitened_reward = (calibrated_reward − mean)/std; scale-free,
                             the temperature cancels in it
                           raw-calibrated (default for isotonic and Venn–Abers, and when no mean is
                             stored): nothing more
  --prompt F               the prompt id field, for --reward per-prompt
  --reward-clip C          clip the transformed reward to [−C, C] (log-odds units; std units for
                           whitened); default the clip stored by rmcal fit --reward-clip

A calibrator fitted with rmcal fit --group (one temperature per group) needs the group of every row:
  --group F[,F2]           the group field(s), as given to rmcal fit; a group the calibrator has no
                           temperature for gets the global one (counted on stderr)

Scores or margins outside the range the calibrator was fitted on are counted on stderr.

Options:
  --out PATH               output file (.gz compresses); never the input; --force to replace an existing file
  --force                  replace an existing --out file
  --json                   with --out: print a summary of the run as JSON (rows, skipped, outside the range)
  --format jsonl|csv|tsv|parquet   override the extension (Parquet in: JSONL, CSV or TSV out, by --out's name)
  --skip-invalid           write invalid rows unchanged, without the new fields (counted on stderr with their
                           first line numbers), instead of stopping`;

const APPLY_OPTIONS = {
  ...INPUT_OPTIONS, score: { type: "string" }, out: { type: "string" }, force: { type: "boolean" }, json: { type: "boolean" },
  reward: { type: "string" }, prompt: { type: "string" }, "reward-clip": { type: "string" }, group: { type: "string" },
} as const;

const TRANSFORMS = ["centered", "per-prompt", "whitened", "raw-calibrated"] as const;
type Transform = (typeof TRANSFORMS)[number];

/** The reward settings of a --score run. */
interface RewardPlan { transform: Transform; prompt: string | undefined; clip: number | null | undefined }

type Job = { kind: "pairs"; mapping: FieldMapping } | { kind: "rewards"; field: string; plan: RewardPlan };

export async function applyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, APPLY_OPTIONS);
  if (values.help) return void process.stdout.write(APPLY_HELP + "\n");
  if (positionals.length !== 2) throw new UsageError(`apply takes CALIBRATOR and FILE, got ${positionals.length} arguments`);
  const [calibratorPath, file] = positionals;
  const input = inputOptions(values);
  const format = resolveFormat(file, input.format);
  const out = str(values.out);
  if (values.json && out === undefined) throw new UsageError("--json prints a summary of the run; it needs --out, since without it the rows themselves go to stdout");
  if (out !== undefined) checkOutputPath(out, { force: values.force === true, inputs: [file, calibratorPath] });
  const calibrator = await readCalibrator(calibratorPath);
  const group = groupFields(values) ?? null;
  if (calibrator.kind === "grouped-temperature" && group === null) {
    throw new UsageError(`this calibrator has one temperature per group (${calibrator.groups.length} groups${calibrator.fit?.group ? ` by ${String(calibrator.fit.group)}` : ""}): give --group FIELD, the field naming each row's group`);
  }
  if (calibrator.kind !== "grouped-temperature" && group !== null) {
    throw new UsageError(`--group reads each row's group for a calibrator fitted with rmcal fit --group, but this one is a ${calibrator.kind} calibrator with one map for all rows`);
  }
  const scoreField = str(values.score);
  if (scoreField !== undefined && isReferenceRelative(calibrator) && calibrator.rewardNormalization?.reference === undefined) {
    throw new UsageError(`this ${calibrator.kind} calibrator stores no reference score, so it cannot turn single scores into rewards (--score)`);
  }
  const plan = rewardPlan(values, scoreField, calibrator);
  const groups = plan?.transform === "per-prompt" ? await promptMeans(file, format, scoreField!, plan.prompt!, calibrator, group) : null;

  // Parquet in, JSONL or CSV/TSV out, as --out's name says (JSONL on stdout): every column, the new fields last.
  const outFormat: RowFormat = format !== "parquet" ? format : textFormatOf(out);
  const input_ = await openRows(file, format, outFormat);
  const sink = out === undefined ? stdoutSink() : await AtomicFile.open(out, { force: values.force === true, inputs: [file, calibratorPath] });
  const progress = progressLine(file);
  const skipped: SkippedRows = { count: 0, first: [] };
  const delimiter = outFormat === "tsv" ? "\t" : ",";
  // Venn–Abers adds its interval [p0, p1] next to the merged probability (docs/DESIGN.md §5.13).
  const names = plan === null ? (calibrator.kind === "venn-abers" ? ["calibrated_prob", "calibrated_p0", "calibrated_p1"] : ["calibrated_prob"])
    : plan.transform === "raw-calibrated" ? ["calibrated_reward"] : ["calibrated_reward", `${plan.transform.replace("-", "_")}_reward`];
  const task: Task = {
    file, calibrator, names, skipInvalid: input.skipInvalid, skipped, job: null, plan, groups, outside: null, calibrated: 0,
    group, unseen: null,
  };
  let rows = 0, started = false;
  try {
    for await (const batch of input_.batches) {
      if (!started) {
        // The readers drop a byte-order mark; it is part of the input, so it is written back.
        if (input_.startsWithBom()) await sink.write("\uFEFF");
        if (batch.headerText !== null) await sink.write(appendCells(batch.headerText, newColumns(batch.header!, names, file), delimiter));
        started = true;
      }
      if (task.job === null) task.job = detectJob(batch.rows, batch.header, plan === null ? undefined : { field: scoreField!, plan }, input.fields, file);
      const computed = calibrate(batch.rows, task);
      const text = batch.rows.map((row, i) => {
        const v = computed[i];
        if (v === null) return row.text;
        const cells = v.map((x) => String(x));
        return outFormat === "jsonl" ? appendJsonFields(row.text, names.map((name, k) => [name, v[k]])) : appendCells(row.text, cells, delimiter);
      });
      await sink.write(text.join(""));
      rows += batch.rows.length;
      progress.update(input_.fraction(), rows);
    }
    if (rows === 0) throw new InputError(file, null, null, "holds no rows; there is nothing to calibrate", "empty-input");
    if (skipped.count === rows) throw new InputError(file, null, null, `holds no valid rows (${describeSkipped(skipped)})`, "empty-input");
    progress.done();
    await input_.close();
    await sink.commit();
  } catch (error) {
    progress.done();
    await sink.abort();
    await input_.close();
    // The readers know no file name ("the file is empty; …"): name it here.
    if (error instanceof SourceError) throw new InputError(file, null, null, error.problem, error.code);
    throw error;
  }
  const note = describeSkipped(skipped);
  if (note) process.stderr.write(`rmcal: ${note}; they were written unchanged, without ${names.join(" and ")}\n`);
  if (task.outside !== null) process.stderr.write(`rmcal: ${describeOutside(task.outside, task.calibrated)}\n`);
  if (task.unseen !== null) {
    const u = task.unseen;
    process.stderr.write(`rmcal: ${u.unseen.toLocaleString("en-US")} of ${task.calibrated.toLocaleString("en-US")} rows belong to groups the calibrator has no temperature for (${u.groups.map((g) => JSON.stringify(g)).join(", ")}${u.groups.length === 10 ? ", …" : ""}); they got the global T = ${u.fallbackTemperature}\n`);
  }
  if (out !== undefined) process.stderr.write(`rmcal: wrote ${rows.toLocaleString("en-US")} rows to ${out}\n`);
  if (values.json) {
    const summary = { out, rows, calibrated: rows - skipped.count, fields: names, skipped, outside: task.outside };
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  }
}

/** The text format of apply's output for Parquet input: --out's extension, JSONL by default (and on stdout). */
function textFormatOf(out: string | undefined): RowFormat {
  const format = out === undefined ? null : formatFromFileName(out);
  if (format === "parquet") throw new UsageError(`--out ${out}: apply writes JSONL, CSV or TSV (name the file .jsonl, .csv or .tsv, optionally .gz), not Parquet`);
  return format ?? "jsonl";
}

/** Rows to rewrite: a text file's as they are (checked to be UTF-8), a Parquet file's rendered as `outFormat`. */
async function openRows(file: string, format: InputFormat, outFormat: RowFormat): Promise<{
  batches: AsyncIterable<RowBatch>; startsWithBom(): boolean; fraction(): number; close(): Promise<void>;
}> {
  if (format === "parquet") {
    const parquet = await openParquetFile(file);
    const size = parquet.file.byteLength;
    return {
      batches: namedErrors(parquetRows(parquet.file, { render: outFormat }), file), startsWithBom: () => false,
      fraction: () => (size > 0 ? parquet.bytesRead() / size : 1), close: () => parquet.close(),
    };
  }
  const source = await openFileSource(file);
  const bytes = checkedUtf8(source.chunks, file);
  return {
    batches: rowsOf(bytes.chunks, format), startsWithBom: () => bytes.startsWithBom(),
    fraction: () => (source.size > 0 ? source.bytesRead() / source.size : 1), close: async () => {},
  };
}

/** A reader's error about the whole file (SourceError: "is not a readable Parquet file") named after the file. */
async function* namedErrors(batches: AsyncIterable<RowBatch>, file: string): AsyncGenerator<RowBatch> {
  try {
    yield* batches;
  } catch (error) {
    if (error instanceof SourceError) throw new InputError(file, error.at, null, error.problem, error.code);
    throw error;
  }
}

/** The new columns of a CSV/TSV file; a column that exists already is refused (its cells would be replaced). */
function newColumns(header: string[], names: string[], file: string): string[] {
  const taken = names.find((name) => header.includes(name));
  if (taken !== undefined) throw new InputError(file, 1, taken, "is already a column; rmcal apply adds it and never overwrites input data (drop the column first)");
  return names;
}

export async function readCalibrator(path: string): Promise<Calibrator> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    const problem = error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "is a directory, not a file" : error.message;
    throw new InputError(path, null, null, problem, "input-file");
  });
  try {
    return loadCalibrator(text);
  } catch (error) {
    throw new InputError(path, null, null, (error as Error).message);
  }
}

/** Pair fields for apply: labels are not needed, so a missing --label is not an error. */
function applyMapping(fields: ReturnType<typeof inputOptions>["fields"], names: string[]): FieldMapping {
  const needsLabel = fields.scoreA !== undefined || fields.scoreB !== undefined || fields.margin !== undefined;
  return resolveFieldMapping(needsLabel && fields.label === undefined ? { ...fields, label: "(not used)" } : fields, names);
}

type Fields = ReturnType<typeof inputOptions>["fields"];

/**
 * What to compute, from the header (CSV/TSV) or the first valid row (JSONL); null while no row is valid. Fields
 * detected from the file (no field flag) are the file's business, so a failed detection names the file and line.
 */
function detectJob(rows: SourceRow[], header: string[] | null, rewards: { field: string; plan: RewardPlan } | undefined, fields: Fields, file: string): Job | null {
  if (rewards !== undefined) return { kind: "rewards", ...rewards };
  const first = rows.find((r) => r.values !== null);
  if (first === undefined) return null;
  const detecting = [fields.chosen, fields.rejected, fields.scoreA, fields.scoreB, fields.margin].every((f) => f === undefined);
  try {
    return { kind: "pairs", mapping: applyMapping(fields, header ?? Object.keys(first.values!)) };
  } catch (error) {
    if (!detecting) throw error;
    throw new InputError(file, header === null ? first.line : 1, null, (error as Error).message, "input-field");
  }
}

interface Task {
  file: string;
  calibrator: Calibrator;
  /** The fields added to each row. */
  names: string[];
  skipInvalid: boolean;
  skipped: SkippedRows;
  job: Job | null;
  plan: RewardPlan | null;
  /** per-prompt: the mean calibrated reward of each prompt id, from the first pass. */
  groups: Map<string, number> | null;
  /** The extrapolation counts so far (docs/DESIGN.md §5.8), and how many inputs were calibrated in all. */
  outside: ExtrapolationReport | null;
  calibrated: number;
  /** The group field(s) of a grouped calibrator (docs/DESIGN.md §5.14), and the rows of unseen groups so far. */
  group: string[] | null;
  unseen: { unseen: number; groups: string[]; fallbackTemperature: number } | null;
}

/**
 * New field values per row, finite numbers only; null for a row skipped with --skip-invalid. Without it, the first
 * row in file order that cannot be calibrated throws, naming file, line and field.
 */
function calibrate(rows: SourceRow[], task: Task): (number[] | null)[] {
  const { file, calibrator, names, job } = task;
  const inputs = new Float64Array(rows.length);
  const prompt = job?.kind === "rewards" && job.plan.transform === "per-prompt" ? job.plan.prompt! : null;
  const read = job === null ? [] : job.kind === "rewards" ? [job.field, ...(prompt === null ? [] : [prompt])] : fieldsRead(job.mapping);
  const repeatedKey = job === null ? null : repeatedKeyCheck([...read, ...(task.group ?? [])], file);
  const prompts: string[] = new Array(rows.length);
  const groupOf: string[] = new Array(rows.length);
  const problems: (InputError | null)[] = rows.map((row, i) => {
    try {
      if (row.values === null) throw new InputError(file, row.line, null, row.error ?? "could not be parsed");
      const taken = names.find((name) => Object.hasOwn(row.values!, name));
      if (taken !== undefined) throw new InputError(file, row.line, taken, "is already a field of the row; rmcal apply adds it and never overwrites input data");
      if (job === null) throw new InputError(file, row.line, null, "has no score fields"); // unreachable: a valid row sets the job
      // JSON.parse keeps the last of a repeated key: a row that repeats a field read here is refused.
      const repeated = typeof row.raw === "string" ? repeatedKey?.(row.raw, row.line) ?? null : null;
      if (repeated) throw repeated;
      inputs[i] = job.kind === "rewards" ? number(row, job.field, file) : marginOf(row, job.mapping, file);
      if (prompt !== null) prompts[i] = promptId(row, prompt, file);
      if (task.group !== null) groupOf[i] = groupKey(row, task.group, file);
      return null;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error;
    }
  });
  const kept = inputs.filter((_, i) => problems[i] === null);
  const onExtrapolation = (report: ExtrapolationReport) => void (task.outside = mergedOutside(task.outside, report));
  task.calibrated += kept.length;
  const empty = kept.length === 0 || job === null;
  const keptGroups = task.group === null ? null : groupOf.filter((_, i) => problems[i] === null);
  const grouping = groupOptions(calibrator, keptGroups, (report) => void (task.unseen = mergedUnseen(task.unseen, report)));
  const interval = !empty && job.kind === "pairs" && calibrator.kind === "venn-abers" ? calibrator.predictInterval(kept, { onExtrapolation }) : null;
  const outputs = empty ? new Float64Array(0) : interval !== null ? interval.p : job.kind === "pairs" ? calibrator.predict(kept, { onExtrapolation, ...grouping })
    : calibrator.reward(kept, { transform: "raw-calibrated", clip: null, onExtrapolation, ...grouping });
  const transformed = empty || job.kind === "pairs" ? null
    : transformedBatch(outputs, job.plan, calibrator, kept, task.groups, prompts.filter((_, i) => problems[i] === null), groupOptions(calibrator, keptGroups));
  let k = 0;
  const values = rows.map((row, i): number[] | null => {
    if (problems[i] !== null || job === null) return null;
    const value = outputs[k];
    const extra = transformed?.[k];
    k++;
    if (job.kind === "pairs") return interval === null ? [value] : [value, interval.p0[k - 1], interval.p1[k - 1]];
    // The loader keeps scores up to ±1e6 finite (docs/DESIGN.md §4.3); a larger score may still overflow.
    if (!Number.isFinite(value)) {
      problems[i] = new InputError(file, row.line, job.field, `gives calibrated_reward ${value}, beyond float64; rescale the scores`);
      return null;
    }
    if (extra === undefined) return [value];
    if (!Number.isFinite(extra)) {
      problems[i] = new InputError(file, row.line, job.field, `gives ${names[1]} ${extra}, beyond float64; rescale the scores`);
      return null;
    }
    return [value, extra];
  });
  for (const problem of problems) {
    if (problem === null) continue;
    if (!task.skipInvalid) throw problem;
    noteSkipped(task.skipped, problem);
  }
  return values;
}

/** The group options of a grouped calibrator's predict and reward (none for the other kinds, which take none). */
function groupOptions(calibrator: Calibrator, groups: string[] | null, onUnseenGroups?: (report: UnseenGroupsReport) => void) {
  return calibrator.kind === "grouped-temperature" && groups !== null ? { group: groups, ...(onUnseenGroups ? { onUnseenGroups } : {}) } : {};
}

/** Adds one batch's unseen groups to the run's (at most 10 names kept). */
function mergedUnseen(total: Task["unseen"], report: UnseenGroupsReport): NonNullable<Task["unseen"]> {
  const groups = [...(total?.groups ?? [])];
  for (const g of report.groups) if (groups.length < 10 && !groups.includes(g)) groups.push(g);
  return { unseen: (total?.unseen ?? 0) + report.unseen, groups, fallbackTemperature: report.fallbackTemperature };
}

/** A row's group as the readers name it: each field's value as text (docs/DESIGN.md §6.5), joined with " / ". */
function groupKey(row: SourceRow, fields: string[], file: string): string {
  return fields.map((field) => {
    const name = groupField(fieldValue(row.values!, field));
    if (typeof name !== "string") throw new InputError(file, row.line, field, `${name.problem}; the calibrator needs each row's group`);
    return name;
  }).join(" / ");
}

/** The fields apply reads of a pair row (labels are not read). */
function fieldsRead(mapping: FieldMapping): string[] {
  return mapping.shape === "margin" ? [mapping.margin] : mapping.shape === "chosen-rejected" ? [mapping.chosen, mapping.rejected] : [mapping.scoreA, mapping.scoreB];
}

function number(row: SourceRow, field: string, file: string): number {
  const x = numericField(fieldValue(row.values!, field));
  if (typeof x === "string") throw new InputError(file, row.line, field, x);
  return x;
}

function marginOf(row: SourceRow, mapping: FieldMapping, file: string): number {
  if (mapping.shape === "margin") return number(row, mapping.margin, file);
  const [a, b] = mapping.shape === "chosen-rejected" ? [mapping.chosen, mapping.rejected] : [mapping.scoreA, mapping.scoreB];
  const d = rowMargin(number(row, a, file), number(row, b, file), file, row.line, a, b);
  if (typeof d !== "number") throw d;
  return d;
}

/** stdout with the same interface as AtomicFile; respects backpressure so memory stays bounded. */
function stdoutSink() {
  return {
    write: writeStdout,
    async commit(): Promise<void> {},
    async abort(): Promise<void> {},
  };
}

/** The reward settings from --reward, --prompt and --reward-clip; null for pair rows (no --score). */
function rewardPlan(values: Record<string, unknown>, scoreField: string | undefined, calibrator: Calibrator): RewardPlan | null {
  const chosen = str(values.reward as string | undefined), prompt = str(values.prompt as string | undefined);
  const clipText = str(values["reward-clip"] as string | undefined);
  if (scoreField === undefined) {
    const stray = chosen !== undefined ? "--reward" : prompt !== undefined ? "--prompt" : clipText !== undefined ? "--reward-clip" : null;
    if (stray !== null) throw new UsageError(`${stray} applies to per-response rows: give --score FIELD too`);
    return null;
  }
  if (chosen !== undefined && !(TRANSFORMS as readonly string[]).includes(chosen)) {
    throw new UsageError(`--reward is "${chosen}"; expected ${TRANSFORMS.join(", ")}`);
  }
  const stored = calibrator.rewardNormalization !== null;
  const transform = (chosen as Transform | undefined) ?? defaultRewardTransform(calibrator);
  if ((transform === "centered" || transform === "whitened") && !stored) {
    throw new UsageError(`--reward ${transform} needs the reward mean and std, which this calibrator does not store (it was fitted on pairs without per-response scores); refit on chosen/rejected or score_a/score_b pairs, or use --reward per-prompt or raw-calibrated`);
  }
  if (transform === "per-prompt" && prompt === undefined) throw new UsageError("--reward per-prompt needs --prompt FIELD, the prompt id of each row");
  if (transform !== "per-prompt" && prompt !== undefined) throw new UsageError(`--prompt is only used by --reward per-prompt, but --reward is ${transform}`);
  let clip: number | undefined;
  if (clipText !== undefined) {
    clip = Number(clipText);
    if (clipText.trim() === "" || !Number.isFinite(clip) || !(clip > 0)) throw new UsageError(`--reward-clip is "${clipText}"; it must be a finite number > 0`);
    if (transform === "raw-calibrated") throw new UsageError("--reward-clip clips the transformed reward, but --reward raw-calibrated adds none; choose centered, per-prompt or whitened");
  }
  if (chosen === undefined && !stored && !isReferenceRelative(calibrator)) {
    process.stderr.write("rmcal: this calibrator stores no reward mean (it was fitted without per-response scores), so only calibrated_reward is written; --reward per-prompt needs none\n");
  }
  if (transform === "whitened") {
    process.stderr.write("rmcal: --reward whitened divides by the std of the calibrated rewards, so the temperature cancels: whitened_reward = (r − mean r)/std r for any T, and the calibrated log-odds scale is lost; --reward centered keeps it\n");
  }
  return { transform, prompt, clip };
}

/** The transformed rewards of one batch, from its calibrated rewards (docs/DESIGN.md §5.6); null for raw-calibrated. */
function transformedBatch(
  calibrated: Float64Array, plan: RewardPlan, calibrator: Calibrator, scores: Float64Array, groups: Map<string, number> | null, prompts: string[],
  grouping: ReturnType<typeof groupOptions>,
): Float64Array | null {
  if (plan.transform === "raw-calibrated") return null;
  if (plan.transform !== "per-prompt") return calibrator.reward(scores, { transform: plan.transform, ...(plan.clip === undefined ? {} : { clip: plan.clip }), ...grouping });
  // Per-prompt needs every row of a prompt, so its means come from the first pass; here only the subtraction and
  // the clip of docs/DESIGN.md §5.6 remain.
  const clip = plan.clip === undefined ? calibrator.rewardNormalization?.clip ?? null : plan.clip;
  return calibrated.map((c, i) => {
    const r = c - groups!.get(prompts[i])!;
    return clip === null ? r : Math.min(clip, Math.max(-clip, r));
  });
}

/** A row's prompt id as text (JSONL numbers and strings alike), refused when missing or not a string or number. */
function promptId(row: SourceRow, field: string, file: string): string {
  const v = fieldValue(row.values!, field);
  if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) return String(v);
  throw new InputError(file, row.line, field, v === undefined ? "is missing; --reward per-prompt needs the prompt id of every row" : "must be a string or a number (the prompt id)");
}

/**
 * The first pass of --reward per-prompt: the plain mean calibrated reward of each prompt id over the valid rows.
 * Rows the second pass refuses (or skips) are left out here too.
 */
async function promptMeans(
  file: string, format: ReturnType<typeof resolveFormat>, scoreField: string, prompt: string, calibrator: Calibrator, group: string[] | null,
): Promise<Map<string, number>> {
  const input = await openRows(file, format, format === "parquet" ? "jsonl" : format);
  const sums = new Map<string, [number, number]>();
  try {
    for await (const batch of input.batches) {
      const ids: string[] = [], scores: number[] = [], groups: string[] = [];
      for (const row of batch.rows) {
        if (row.values === null) continue;
        const score = numericField(fieldValue(row.values, scoreField));
        const id = fieldValue(row.values, prompt);
        if (typeof score !== "number" || !(typeof id === "string" || (typeof id === "number" && Number.isFinite(id)))) continue;
        // A row without a valid group is refused (or skipped) by the second pass; leave it out here too.
        const names = group === null ? [] : group.map((field) => groupField(fieldValue(row.values!, field)));
        if (names.some((name) => typeof name !== "string")) continue;
        ids.push(String(id));
        scores.push(score);
        groups.push(names.join(" / "));
      }
      if (scores.length === 0) continue;
      const calibrated = calibrator.reward(scores, { transform: "raw-calibrated", clip: null, ...groupOptions(calibrator, groups) });
      ids.forEach((id, i) => {
        const s = sums.get(id) ?? [0, 0];
        s[0] += calibrated[i];
        s[1] += 1;
        sums.set(id, s);
      });
    }
  } catch (error) {
    if (error instanceof SourceError) throw new InputError(file, null, null, error.problem, error.code);
    throw error;
  } finally {
    await input.close();
  }
  return new Map([...sums].map(([id, [sum, count]]) => [id, sum / count]));
}

/** Adds one batch's extrapolation report to the run's (same input kind, same range). */
function mergedOutside(total: ExtrapolationReport | null, report: ExtrapolationReport): ExtrapolationReport {
  if (total === null) return report;
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  return { ...total, total: total.total + report.total, below: add(total.below, report.below), above: add(total.above, report.above) };
}

/** The stderr line of docs/DESIGN.md §5.8, over the `total` inputs calibrated. */
function describeOutside(r: ExtrapolationReport, total: number): string {
  if (r.range === null) return `the fitted ${r.input === "margins" ? "margin" : "score"} range is unknown (${r.reason}), so inputs outside it cannot be counted`;
  const outside = (r.below ?? 0) + (r.above ?? 0);
  return `${outside.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${r.input} lie outside the fitted range [${r.range[0]}, ${r.range[1]}] (${r.below} below, ${r.above} above); ${r.reason}`;
}

/**
 * The reward transform a program uses when none is chosen: centered (docs/DESIGN.md §5.6), or the calibrated reward
 * itself for isotonic (its reference-response reward) and for a calibrator that stores no mean. rmcal apply and
 * rmcal serve both use it.
 */
export function defaultRewardTransform(calibrator: { kind: string; rewardNormalization: unknown }): Transform {
  return isReferenceRelative(calibrator) || calibrator.rewardNormalization === null ? "raw-calibrated" : "centered";
}

/** Isotonic and Venn–Abers rewards are logits relative to a reference response, not linear in the score (docs/DESIGN.md §5.6). */
function isReferenceRelative(calibrator: { kind: string }): boolean {
  return calibrator.kind === "isotonic" || calibrator.kind === "venn-abers";
}
