// rmcal apply CALIBRATOR FILE: adds calibrated_prob to pair rows, or calibrated_reward (and normalized_reward) to
// per-response rows with --score. Streams: rows are read, calibrated and written one batch at a time.
import { parseArgs } from "node:util";
import { readFile } from "node:fs/promises";
import {
  rowsOf, resolveFieldMapping, InputError, describeSkipped, numericField, type FieldMapping, type SourceRow, type
  SkippedRows,
} from "../../../platform/io/index";
import { INPUT_OPTIONS, inputOptions, str } from "../options";
import { progressLine } from "../progress";
import { UsageError } from "../usage-error";
import { loadCalibrator, type Calibrator } from "../../../lib/index";
import { noteSkipped, rowMargin, appendJsonFields, csvLines, repeatedKeyCheck } from "../../../platform/io/programs";
import { openFileSource, resolveFormat, AtomicFile, checkOutputPath } from "../../../platform/node/index";

const APPLY_HELP = `Usage: rmcal apply CALIBRATOR FILE [--out PATH] [options]

Applies a calibrator (the JSON written by rmcal fit) to every row of FILE and writes the rows with new fields,
keeping every input field and the row order (JSONL in, JSONL out; CSV in, CSV out). Without --out, rows go to stdout.

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
  --skip-invalid           pass invalid rows through with empty new fields (counted and reported) instead of stopping`;

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

  const source = await openFileSource(file).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(file, null, null, error.code === "ENOENT" ? "no such file" : error.message, "input-file");
  });
  const sink = out === undefined ? stdoutSink() : await AtomicFile.open(out, { force: values.force === true, inputs: [file, calibratorPath] });
  const progress = progressLine(file);
  const skipped: SkippedRows = { count: 0, first: [] };
  const delimiter = format === "tsv" ? "\t" : ",";
  let job: Job | null = null, rows = 0, headerWritten = false, newColumns: string[] = [];
  try {
    for await (const batch of rowsOf(source.chunks, format)) {
      if (job === null) {
        const first = batch.rows.find((r) => r.values !== null);
        if (first) job = scoreField !== undefined ? { kind: "rewards", field: scoreField } : { kind: "pairs", mapping: applyMapping(input.fields, batch.header ?? Object.keys(first.values!)) };
      }
      const names = job === null ? [] : job.kind === "pairs" ? ["calibrated_prob"] : calibrator.rewardNormalization ? ["calibrated_reward", "normalized_reward"] : ["calibrated_reward"];
      const computed = job === null ? batch.rows.map(() => null) : calibrate(batch.rows, job, calibrator, file, input.skipInvalid, skipped);
      if (format === "jsonl") {
        const text = batch.rows.map((row, i) => {
          const v = computed[i];
          if (row.values === null || v === null) return row.raw as string;
          return appendJsonFields(row.raw as string, row.values, names.map((name, k) => [name, v[k]]));
        });
        await sink.write(text.join("\n") + "\n");
      } else {
        const header = batch.header!;
        if (!headerWritten) {
          newColumns = names.filter((name) => !header.includes(name));
          await sink.write(csvLines([[...header, ...newColumns]], delimiter));
          headerWritten = true;
        }
        const cells = batch.rows.map((row, i) => csvCells(row, header, names, newColumns, computed[i]));
        await sink.write(csvLines(cells, delimiter));
      }
      rows += batch.rows.length;
      progress.update(source.size > 0 ? source.bytesRead() / source.size : 1, rows);
    }
    progress.done();
    await sink.commit();
  } catch (error) {
    progress.done();
    await sink.abort();
    throw error;
  }
  const note = describeSkipped(skipped);
  if (note) process.stderr.write(`rmcal: ${note}\n`);
  if (out !== undefined) process.stderr.write(`rmcal: wrote ${rows.toLocaleString("en-US")} rows to ${out}\n`);
}

async function readCalibrator(path: string): Promise<Calibrator> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new InputError(path, null, null, error.code === "ENOENT" ? "no such file" : error.message, "input-file");
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

/** New field values per row (null for a row passed through invalid). */
function calibrate(rows: SourceRow[], job: Job, calibrator: Calibrator, file: string, skipInvalid: boolean, skipped: SkippedRows): (number[] | null)[] {
  const inputs = new Float64Array(rows.length);
  const valid = new Uint8Array(rows.length);
  const repeatedKey = repeatedKeyCheck(job.kind === "rewards" ? [job.field] : fieldsRead(job.mapping), file);
  rows.forEach((row, i) => {
    try {
      if (row.values === null) throw new InputError(file, row.line, null, row.error ?? "could not be parsed");
      // JSON.parse keeps the last of a repeated key: a row that repeats a field read here is refused.
      const repeated = typeof row.raw === "string" ? repeatedKey(row.raw, row.line) : null;
      if (repeated) throw repeated;
      inputs[i] = job.kind === "rewards" ? number(row, job.field, file) : marginOf(row, job.mapping, file);
      valid[i] = 1;
    } catch (error) {
      if (!skipInvalid || !(error instanceof InputError)) throw error;
      noteSkipped(skipped, error);
    }
  });
  const kept = inputs.filter((_, i) => valid[i] === 1);
  const outputs = kept.length === 0 ? new Float64Array(0) : job.kind === "pairs" ? calibrator.predict(kept) : calibrator.reward(kept);
  const norm = calibrator.rewardNormalization;
  let k = 0;
  return rows.map((_, i) => {
    if (!valid[i]) return null;
    const value = outputs[k++];
    if (job.kind === "pairs" || !norm) return [value];
    let z = norm.std > 0 ? (value - norm.mean) / norm.std : 0;
    if (norm.clip !== null) z = Math.min(norm.clip, Math.max(-norm.clip, z));
    return [value, z];
  });
}

/** The fields apply reads of a pair row (labels are not read). */
function fieldsRead(mapping: FieldMapping): string[] {
  return mapping.shape === "margin" ? [mapping.margin] : mapping.shape === "chosen-rejected" ? [mapping.chosen, mapping.rejected] : [mapping.scoreA, mapping.scoreB];
}

function number(row: SourceRow, field: string, file: string): number {
  const x = numericField(row.values![field]);
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

function csvCells(row: SourceRow, header: string[], names: string[], newColumns: string[], values: number[] | null): string[] {
  const cells = [...(row.raw as string[])];
  const text = (k: number) => (values === null ? "" : String(values[k]));
  names.forEach((name, k) => {
    const at = header.indexOf(name);
    if (at >= 0 && cells.length === header.length) cells[at] = text(k);
  });
  // A malformed row keeps its own cells; the new columns follow them.
  for (const name of newColumns) cells.push(text(names.indexOf(name)));
  return cells;
}

/** stdout with the same interface as AtomicFile; respects backpressure so memory stays bounded. */
function stdoutSink() {
  return {
    async write(text: string): Promise<void> {
      if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", () => resolve()));
    },
    async commit(): Promise<void> {},
    async abort(): Promise<void> {},
  };
}
