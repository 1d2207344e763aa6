// rmcal apply CALIBRATOR FILE: adds calibrated_prob to pair rows, or calibrated_reward (and normalized_reward) to
// per-response rows with --score. Streams: rows are read, calibrated and written one batch at a time.
import { parseArgs } from "node:util";
import { readFile } from "node:fs/promises";
import {
  rowsOf, resolveFieldMapping, InputError, describeSkipped, numericField, fieldValue, type FieldMapping, type SourceRow, type
  SkippedRows,
} from "../../../platform/io/index";
import { INPUT_OPTIONS, inputOptions, str } from "../options";
import { progressLine } from "../progress";
import { UsageError } from "../usage-error";
import { writeStdout } from "../stdout";
import { loadCalibrator, type Calibrator } from "../../../lib/index";
import {
  noteSkipped, rowMargin, appendJsonFields, appendCells, checkedUtf8, SourceError, repeatedKeyCheck,
} from "../../../platform/io/programs";
import { openFileSource, resolveFormat, AtomicFile, checkOutputPath } from "../../../platform/node/index";

const APPLY_HELP = `Usage: rmcal apply CALIBRATOR FILE [--out PATH] [options]

Applies a calibrator (the JSON written by rmcal fit) to every row of FILE and writes the rows with new fields,
keeping every input byte and the row order (JSONL in, JSONL out: the fields go before the closing brace; CSV in,
CSV out: a new last column). Without --out, rows go to stdout. A row that cannot be calibrated (invalid, a field
missing, a reward that overflows) stops the run with exit 2, naming file, line and field, and no --out file is
written. FILE must be UTF-8; the new fields must not exist yet.

Pair rows (fields detected as in rmcal assess, or --chosen/--rejected, --score-a/--score-b, --margin):
  adds calibrated_prob = calibrated P(A ≻ B) (P(chosen ≻ rejected) for chosen/rejected rows)
Per-response rows:
  --score F                adds calibrated_reward (r/T for temperature, α·r for Platt,
                           logit g(r − r_ref) for isotonic) and, when the calibrator
                           stores reward normalization, normalized_reward = (calibrated_reward − mean)/std, clipped

Options:
  --out PATH               output file (.gz compresses); never the input; --force to replace an existing file
  --force                  replace an existing --out file
  --format jsonl|csv|tsv   override the extension
  --skip-invalid           write invalid rows unchanged, without the new fields (counted on stderr with their
                           first line numbers), instead of stopping`;

const APPLY_OPTIONS = { ...INPUT_OPTIONS, score: { type: "string" }, out: { type: "string" }, force: { type: "boolean" } } as const;

type Job = { kind: "pairs"; mapping: FieldMapping } | { kind: "rewards"; field: string };

export async function applyCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: APPLY_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return void process.stdout.write(APPLY_HELP + "\n");
  if (positionals.length !== 2) throw new UsageError(`apply takes CALIBRATOR and FILE, got ${positionals.length} arguments`);
  const [calibratorPath, file] = positionals;
  const input = inputOptions(values);
  const format = resolveFormat(file, input.format);
  const out = str(values.out);
  if (out !== undefined) checkOutputPath(out, { force: values.force === true, inputs: [file, calibratorPath] });
  const calibrator = await readCalibrator(calibratorPath);
  const scoreField = str(values.score);
  if (scoreField !== undefined && calibrator.kind === "isotonic" && calibrator.rewardNormalization?.reference === undefined) {
    throw new UsageError("this isotonic calibrator stores no reference score, so it cannot turn single scores into rewards (--score)");
  }

  const source = await openFileSource(file);
  const bytes = checkedUtf8(source.chunks, file);
  const sink = out === undefined ? stdoutSink() : await AtomicFile.open(out, { force: values.force === true, inputs: [file, calibratorPath] });
  const progress = progressLine(file);
  const skipped: SkippedRows = { count: 0, first: [] };
  const delimiter = format === "tsv" ? "\t" : ",";
  const names = scoreField === undefined ? ["calibrated_prob"]
    : calibrator.rewardNormalization ? ["calibrated_reward", "normalized_reward"] : ["calibrated_reward"];
  const task: Task = { file, calibrator, names, skipInvalid: input.skipInvalid, skipped, job: null };
  let rows = 0, started = false;
  try {
    for await (const batch of rowsOf(bytes.chunks, format)) {
      if (!started) {
        // The readers drop a byte-order mark; it is part of the input, so it is written back.
        if (bytes.startsWithBom()) await sink.write("\uFEFF");
        if (batch.headerText !== null) await sink.write(appendCells(batch.headerText, newColumns(batch.header!, names, file), delimiter));
        started = true;
      }
      if (task.job === null) task.job = detectJob(batch.rows, batch.header, scoreField, input.fields, file);
      const computed = calibrate(batch.rows, task);
      const text = batch.rows.map((row, i) => {
        const v = computed[i];
        if (v === null) return row.text;
        const cells = v.map((x) => String(x));
        return format === "jsonl" ? appendJsonFields(row.text, names.map((name, k) => [name, v[k]])) : appendCells(row.text, cells, delimiter);
      });
      await sink.write(text.join(""));
      rows += batch.rows.length;
      progress.update(source.size > 0 ? source.bytesRead() / source.size : 1, rows);
    }
    if (rows === 0) throw new InputError(file, null, null, "holds no rows; there is nothing to calibrate", "empty-input");
    if (skipped.count === rows) throw new InputError(file, null, null, `holds no valid rows (${describeSkipped(skipped)})`, "empty-input");
    progress.done();
    await sink.commit();
  } catch (error) {
    progress.done();
    await sink.abort();
    // The readers know no file name ("the file is empty; …"): name it here.
    if (error instanceof SourceError) throw new InputError(file, null, null, error.problem, error.code);
    throw error;
  }
  const note = describeSkipped(skipped);
  if (note) process.stderr.write(`rmcal: ${note}; they were written unchanged, without ${names.join(" and ")}\n`);
  if (out !== undefined) process.stderr.write(`rmcal: wrote ${rows.toLocaleString("en-US")} rows to ${out}\n`);
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
function detectJob(rows: SourceRow[], header: string[] | null, scoreField: string | undefined, fields: Fields, file: string): Job | null {
  if (scoreField !== undefined) return { kind: "rewards", field: scoreField };
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
}

/**
 * New field values per row, finite numbers only; null for a row skipped with --skip-invalid. Without it, the first
 * row in file order that cannot be calibrated throws, naming file, line and field.
 */
function calibrate(rows: SourceRow[], task: Task): (number[] | null)[] {
  const { file, calibrator, names, job } = task;
  const inputs = new Float64Array(rows.length);
  const repeatedKey = job === null ? null : repeatedKeyCheck(job.kind === "rewards" ? [job.field] : fieldsRead(job.mapping), file);
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
      return null;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return error;
    }
  });
  const kept = inputs.filter((_, i) => problems[i] === null);
  const outputs = kept.length === 0 || job === null ? new Float64Array(0) : job.kind === "pairs" ? calibrator.predict(kept) : calibrator.reward(kept);
  const norm = calibrator.rewardNormalization;
  let k = 0;
  const values = rows.map((row, i): number[] | null => {
    if (problems[i] !== null || job === null) return null;
    const value = outputs[k++];
    if (job.kind === "pairs") return [value];
    // The loader keeps scores up to ±1e6 finite (docs/DESIGN.md §4.3); a larger score may still overflow.
    if (!Number.isFinite(value)) {
      problems[i] = new InputError(file, row.line, job.field, `gives calibrated_reward ${value}, beyond float64; rescale the scores`);
      return null;
    }
    if (!norm) return [value];
    let z = norm.std > 0 ? (value - norm.mean) / norm.std : 0;
    if (norm.clip !== null) z = Math.min(norm.clip, Math.max(-norm.clip, z));
    if (!Number.isFinite(z)) {
      problems[i] = new InputError(file, row.line, job.field, `gives normalized_reward (${value} − ${norm.mean})/${norm.std} = ${z}, beyond float64; rescale the scores`);
      return null;
    }
    return [value, z];
  });
  for (const problem of problems) {
    if (problem === null) continue;
    if (!task.skipInvalid) throw problem;
    noteSkipped(task.skipped, problem);
  }
  return values;
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
