// From row batches to pair columns: each row's fields go straight into growing Float64Arrays, so a file of a
// million pairs costs a few arrays of a million doubles, never a million objects.
import { GrowableColumn, GrowableNameCodes } from "./growable-column";
import { InputError, SourceError, inFile, noteSkipped, type SkippedRows } from "./input-error";
import { clusterField, fieldValue, groupField, missingField, numericField, show } from "./field-values";
import { repeatedKeyCheck } from "./json-keys";
import { describeMapping, fieldsOf, resolveFieldMapping, type FieldFlags, type FieldMapping } from "./pair-fields";
import type { RowBatch, SourceRow } from "./rows";
import type { LineBlock } from "./line-blocks";
import { JsonlFieldScanner } from "./jsonl-fields";
import { parseLine } from "./jsonl-rows";
import type { DelimitedLineBlock } from "./delimited-line-blocks";
import { DelimitedFieldScanner } from "./delimited-fields";
import { delimitedRow } from "./delimited-rows";
import { isUnitValue, isWeightValue, marginOverflows, weightProblem } from "../../lib/validation/columns";

const NO_NAMES: string[] = [];

export interface ReadPairsOptions {
  /** How the file is named in messages. */
  fileName: string;
  /** Field names from flags; the rest is detected. */
  fields?: FieldFlags;
  /** Field(s) whose value names the row's group (slice); several fields are joined with " / ". */
  group?: readonly string[];
  /**
   * Field(s) whose value names the row's cluster (a prompt id, say; several joined with " / "): bootstraps resample whole clusters
   * (docs/DESIGN.md §6.5). Text or numbers, read as text; a row without one is invalid.
   */
  cluster?: readonly string[];
  /**
   * Numeric fields read with each pair besides its scores (a covariate of response A and of response B, such as
   * their lengths): finite numbers, or the row is invalid. Returned in `covariates`, in this order.
   */
  covariates?: readonly string[];
  /** Raw label text → label, for labels coded otherwise than in [0, 1] (e.g. LLMBar's gold_label 1/2). */
  labelMap?: ReadonlyMap<string, number>;
  /** Keep only rows whose field equals the value (as text). */
  where?: readonly { field: string; value: string }[];
  /** Skip invalid rows (counted and reported) instead of stopping at the first. */
  skipInvalid?: boolean;
  /** Called after each batch with the number of rows read so far. */
  onProgress?: (rows: number) => void;
  /**
   * Keep only the margins r_A − r_B, not the two score columns: half the memory, for callers that only assess.
   * Fitting needs the scores (they give the reward normalization), so leave this off there.
   */
  marginsOnly?: boolean;
  /**
   * The field mapping found on the first row of the file this input is a byte range of: it holds here from the
   * first row on, unresolved again, as one read of the whole file keeps it, and a range without pairs is no error
   * (whether the file has any is the whole read's to say; docs/DESIGN.md §6.10).
   */
  mapping?: FieldMapping;
}

/** Pairs read from a file, as columns. Only the columns the mapping names are present. */
export interface PairTable {
  mapping: FieldMapping;
  /** "chosen=…, rejected=…": the fields used, for messages. */
  fieldsUsed: string;
  n: number;
  /** chosen or score A; null for margin input or marginsOnly. */
  scoreA: Float64Array | null;
  scoreB: Float64Array | null;
  /** margin input, or r_A − r_B when read with marginsOnly. */
  margin: Float64Array | null;
  /** null for chosen/rejected input (every label is 1). */
  label: Float64Array | null;
  weight: Float64Array | null;
  /** Group code per row (index into groupNames), when a group field was given. */
  groupCodes: Uint32Array | null;
  groupNames: string[];
  /**
   * Cluster code per row when a cluster field was given: codes in order of first appearance, as toPairColumns
   * numbers a cluster column, so tableColumns and tablePairs give the library the same codes.
   */
  clusterCodes: Int32Array | null;
  /** The number of distinct clusters (0 without a cluster field). */
  clusterCount: number;
  /** The columns of options.covariates, in that order (empty without). */
  covariates: Float64Array[];
  skipped: SkippedRows;
  /** Rows left out by `where`. */
  filtered: number;
}

/**
 * Reads preference pairs from row batches (jsonlRows / delimitedRows) into float64 columns. O(n) time; memory is
 * O(n) doubles per used field, the row objects of one batch at a time.
 * @param batches the file's rows
 * @param options file name for messages, field flags, group, cluster, label map, filters, --skip-invalid
 * @returns the columns, the mapping used and what was skipped
 * @throws {InputError} naming the file, line and field of the first invalid row (unless skipInvalid)
 * @throws {TypeError} if the fields cannot be resolved
 * @example const table = await readPairs(jsonlRows(chunks), { fileName: "pairs.jsonl" });
 */
export async function readPairs(batches: AsyncIterable<RowBatch | LineBlock | DelimitedLineBlock>, options: ReadPairsOptions): Promise<PairTable> {
  const { fileName, labelMap, skipInvalid = false } = options;
  const groupFields = options.group ?? [];
  const where = options.where ?? [];
  let mapping: FieldMapping | null = null;
  const marginsOnly = options.marginsOnly === true;
  let numeric: NumericField[] = [];
  // What is stored: `numeric`, or with marginsOnly one margin column in place of the two scores.
  let columns: typeof numeric = [];
  const clusterFields = options.cluster ?? [];
  // Fields that name rather than measure: the group's fields, then the cluster's.
  const namingFields = [...groupFields, ...clusterFields];
  // Every field read besides the pair's own: the naming fields and the covariates.
  const checkedFields = [...namingFields, ...(options.covariates ?? [])];
  const groups = groupFields.length > 0 ? new GrowableNameCodes() : null;
  const clusters = clusterFields.length > 0 ? new GrowableNameCodes() : null;
  const skipped: SkippedRows = { count: 0, first: [] };
  let filtered = 0, seen = 0, n = 0;

  // The file of the batch being read: a dataset of several files names the right one in every error.
  let file = fileName;
  // A Parquet file (column names and no header line) counts rows, not lines.
  let position: "line" | "row" = "line";
  const reject = (found: InputError): void => {
    const error = position === "line" || found.line === null ? found : new InputError(found.file, found.line, found.field, found.problem, found.code, position);
    if (!skipInvalid) throw error;
    noteSkipped(skipped, error);
  };

  function readRow(row: SourceRow): void {
    const values = row.values!;
    // Every field is checked before any column grows, so a bad row leaves no partial entry.
    const parsed = new Array<number>(numeric.length);
    for (let i = 0; i < numeric.length; i++) {
      const { field, kind } = numeric[i];
      if (!Object.hasOwn(values, field)) return reject(new InputError(file, row.line, field, missingField(values)));
      const x = kind === "label" ? labelValue(values[field]) : numericField(values[field]);
      if (typeof x === "string") return reject(new InputError(file, row.line, field, x));
      // The library's weight rule, so a file's weights pass here exactly when they would pass assess().
      if (kind === "weight" && !isWeightValue(x)) return reject(new InputError(file, row.line, field, `is ${x}; ${weightProblem(x, "weights")}`));
      parsed[i] = x;
    }
    // Allocated only when a group or cluster is read, so plain reads cost nothing more per row.
    const names: string[] = namingFields.length > 0 ? [] : NO_NAMES;
    for (let i = 0; i < namingFields.length; i++) {
      const field = namingFields[i];
      if (!Object.hasOwn(values, field)) return reject(new InputError(file, row.line, field, missingField(values)));
      const name = (i < groupFields.length ? groupField : clusterField)(values[field]);
      if (typeof name !== "string") return reject(new InputError(file, row.line, field, name.problem));
      names.push(name);
    }
    if (marginsOnly && mapping!.shape !== "margin") {
      const d = rowMargin(parsed[0], parsed[1], file, row.line, numeric[0].field, numeric[1].field);
      if (typeof d !== "number") return reject(d);
      parsed.splice(0, 2, d);
    }
    for (let i = 0; i < columns.length; i++) columns[i].column.push(parsed[i]);
    // Names are coded only now, once the row is known valid, so a skipped row leaves no unused code.
    groups?.push(names.slice(0, groupFields.length).join(" / "));
    clusters?.push(names.slice(groupFields.length).join(" / "));
    n++;
  }

  function labelValue(value: unknown): number | string {
    if (labelMap) {
      // JSON booleans map by their text: --label-map true=1,false=0.
      const key = typeof value === "string" ? value.trim() : typeof value === "number" || typeof value === "boolean" ? String(value) : null;
      const mapped = key === null ? undefined : labelMap.get(key);
      if (mapped !== undefined) return mapped;
      return value === undefined ? "is missing"
        : `is ${show(value)}, which --label-map does not list (it maps ${[...labelMap.keys()].map((k) => show(k)).join(", ")})`;
    }
    if (typeof value === "boolean") return `is ${value}; map booleans with --label-map true=1,false=0`;
    const x = numericField(value);
    if (typeof x === "number" && !isUnitValue(x)) {
      return `is ${x}; labels must lie in [0, 1] (1: first preferred, 0: second, 0.5: tie; recode with --label-map, e.g. 1=1,2=0)`;
    }
    return x;
  }

  // JSONL rows that repeat a key rmcal reads are refused (JSON.parse would silently keep the last): the filter's
  // fields before filtering, then every field read once the mapping is known.
  const whereFields = where.map((w) => w.field);
  let repeatedWhereKey = repeatedKeyCheck(whereFields, fileName);
  let repeatedKey: ReturnType<typeof repeatedKeyCheck> | null = null;

  // JSON Lines blocks (docs/DESIGN.md §12.5): a row that is plain (the fields read are numbers, each once) is read
  // from its bytes; any other row, and every row before the mapping is known, goes through JSON.parse and the rules
  // of readSourceRow, so messages and results are those of the row path.
  let scanner: JsonlFieldScanner | null = null;
  // The fields read, when a scanner can apply every rule a row must pass; CSV/TSV scanners are made per header.
  let plainFields: string[] | null = null;
  let cellScanner: { header: string[]; scanner: DelimitedFieldScanner } | null = null;
  const lineDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

  try {
    for await (const batch of batches) await readBatch(batch);
  } catch (error) {
    // The readers know no file name ("the file is empty; …"): name it here.
    throw inFile(error, file);
  }

  async function readBatch(batch: RowBatch | LineBlock | DelimitedLineBlock): Promise<void> {
    if ("kind" in batch && batch.kind === "lines") {
      if (batch.file !== undefined && batch.file !== file) startFile(batch.file, null, null);
      position = "line";
      readLines(batch);
    } else if ("kind" in batch) {
      if (batch.file !== undefined && batch.file !== file) startFile(batch.file, batch.header, batch.headerText);
      position = "line";
      readDelimitedLines(batch);
    } else {
      if (batch.file !== undefined && batch.file !== file) startFile(batch.file, batch.header, batch.headerText);
      position = batch.header !== null && batch.headerText === null ? "row" : "line";
      for (const row of batch.rows) readSourceRow(row, batch.header, batch.headerText);
    }
    options.onProgress?.(seen);
  }

  function readSourceRow(row: SourceRow, header: string[] | null, headerText: string | null): void {
    seen++;
    if (row.values === null) return reject(new InputError(file, row.line, null, row.error ?? "could not be parsed"));
    const jsonText = typeof row.raw === "string" ? row.raw : null;
    if (where.length > 0) {
      const repeated = jsonText === null ? null : repeatedWhereKey(jsonText, row.line);
      if (repeated) return reject(repeated);
      if (!where.every((w) => textOf(fieldValue(row.values!, w.field)) === w.value)) {
        filtered++;
        return;
      }
    }
    if (mapping === null) {
      useMapping(options.mapping ?? resolveFieldMapping(options.fields ?? {}, header ?? Object.keys(row.values), file));
      checkHeader(header, headerText);
    }
    const repeated = jsonText === null ? null : repeatedKey!(jsonText, row.line);
    if (repeated) return reject(repeated);
    readRow(row);
  }

  /** The columns, checks and scanner of the read, once the mapping is known. */
  function useMapping(found: FieldMapping): void {
    mapping = found;
    repeatedKey = repeatedKeyCheck([...fieldsOf(found), ...checkedFields], file);
    numeric = numericFields(found, options.covariates ?? []);
    columns = marginsOnly && found.shape !== "margin"
      ? [{ field: "margin", column: new GrowableColumn(), kind: "score" }, ...numeric.slice(2)]
      : numeric;
    plainFields = plainRead();
    scanner = plainFields === null ? null : new JsonlFieldScanner(plainFields, namingFields);
  }

  /**
   * The numeric fields read, when every rule a row must pass is one a byte scanner can apply: no filter, no label
   * map, each field read once (the naming fields, group and cluster, are read as text).
   */
  function plainRead(): string[] | null {
    const fields = numeric.map((f) => f.field);
    const all = [...fields, ...namingFields];
    const plain = where.length === 0 && labelMap === undefined && new Set(all).size === all.length;
    return plain && all.length <= 30 ? fields : null;
  }

  function readDelimitedLines(block: DelimitedLineBlock): void {
    const { bytes, starts, ends, header, crlf } = block;
    const lineEnd = crlf ? "\r\n" : "\n";
    for (let k = 0; k < block.count; k++) {
      const s = starts[k], e = ends[k];
      const last = crlf && e < bytes.length ? e - 1 : e;
      const cells = plainFields === null ? null : cellScannerFor(header, block.delimiter);
      if (cells !== null && cells.scan(bytes, s, last) && readScanned(cells.values, cells.texts)) {
        seen++;
        continue;
      }
      const text = lineDecoder.decode(bytes.subarray(s, last));
      const split = text.split(block.delimiter);
      if (split.length === 1 && split[0] === "") continue;
      readSourceRow(delimitedRow(split, header, e < bytes.length ? `${text}${lineEnd}` : text, block.firstLine + k), header, block.headerText);
    }
  }

  function cellScannerFor(header: string[], delimiter: "," | "\t"): DelimitedFieldScanner {
    if (cellScanner?.header !== header) {
      // The header holds each field read exactly once: checkHeader has refused it otherwise.
      const column = (field: string) => header.indexOf(field);
      cellScanner = { header, scanner: new DelimitedFieldScanner(plainFields!.map(column), header.length, delimiter, namingFields.map(column)) };
    }
    return cellScanner.scanner;
  }

  function readLines(block: LineBlock): void {
    const { bytes, starts, ends } = block;
    if (mapping !== null && scanner === null) return readDecodedLines(block);
    for (let k = 0; k < block.count; k++) {
      if (scanner !== null && scanner.scan(bytes, starts[k], ends[k]) && readScanned(scanner.values, scanner.texts)) {
        seen++;
        continue;
      }
      const text = lineDecoder.decode(bytes.subarray(starts[k], ends[k]));
      const row = parseLine(text, ends[k] < bytes.length ? `${text}\n` : text, block.firstLine + k);
      if (row) readSourceRow(row, null, null);
    }
  }

  /**
   * A block read without the scanner (a read with --where, --group, --cluster or --label-map): decoded in one call
   * and cut at its line feeds, as jsonlRows reads, rather than decoded line by line. A line feed is one byte and one
   * character, so the lines are the same.
   */
  function readDecodedLines(block: LineBlock): void {
    const { bytes, starts, ends, count } = block;
    const lastEnd = ends[count - 1];
    const text = lineDecoder.decode(bytes.subarray(starts[0], lastEnd));
    let start = 0;
    for (let k = 0; k < count; k++) {
      const stop = k === count - 1 ? text.length : text.indexOf("\n", start);
      const line = text.slice(start, stop);
      const row = parseLine(line, k < count - 1 || lastEnd < bytes.length ? `${line}\n` : line, block.firstLine + k);
      if (row) readSourceRow(row, null, null);
      start = stop + 1;
    }
  }

  /**
   * Stores a scanned row when it passes readRow's rules, which for numbers are these: finite, a label in [0, 1], a
   * weight by the library's rule, a margin that does not overflow. False leaves the row to readRow, which says why.
   */
  function readScanned(values: Float64Array, texts: readonly string[]): boolean {
    for (let i = 0; i < numeric.length; i++) {
      const x = values[i];
      const kind = numeric[i].kind;
      if (!Number.isFinite(x) || (kind === "label" && !isUnitValue(x)) || (kind === "weight" && !isWeightValue(x))) return false;
    }
    // clusterField refuses an empty id; a group may be empty.
    for (let i = groupFields.length; i < namingFields.length; i++) if (texts[i] === "") return false;
    let first = 0;
    if (marginsOnly && mapping!.shape !== "margin") {
      const d = values[0] - values[1];
      if (marginOverflows(d)) return false;
      columns[0].column.push(d);
      first = 1;
    }
    for (let i = first; i < columns.length; i++) columns[i].column.push(values[i + first]);
    if (namingFields.length > 0) {
      groups?.push(texts.slice(0, groupFields.length).join(" / "));
      clusters?.push(texts.slice(groupFields.length).join(" / "));
    }
    n++;
    return true;
  }

  /** A CSV/TSV or Parquet header lacking a used field fails once, at the header, naming the file. */
  function checkHeader(header: string[] | null, headerText: string | null): void {
    if (mapping === null || header === null) return;
    // A CSV/TSV header is line 1; a Parquet file's column names come from its footer, which has no line.
    const line = headerText === null ? null : 1;
    requireHeaderFields(header, [...fieldsOf(mapping), ...checkedFields], file, line);
    requireUniqueHeaderFields(header, [...fieldsOf(mapping), ...checkedFields, ...whereFields], file, line);
  }

  /** The next file of a dataset: the mapping found in the first holds, and its messages name this one. */
  function startFile(next: string, header: string[] | null, headerText: string | null): void {
    file = next;
    repeatedWhereKey = repeatedKeyCheck(whereFields, file);
    if (mapping !== null) repeatedKey = repeatedKeyCheck([...fieldsOf(mapping), ...checkedFields], file);
    checkHeader(header, headerText);
  }
  // A byte range of a file (options.mapping given) may hold no pair: whether the file does is the whole read's to say.
  if (mapping === null && options.mapping !== undefined) useMapping(options.mapping);
  if (mapping === null) {
    throw new InputError(fileName, null, null, seen === 0 ? "holds no rows" : "holds no valid rows matching the filters", "empty-input");
  }
  if (n === 0 && options.mapping === undefined) throw new InputError(fileName, null, null, `holds no valid pairs (${skipped.count} invalid rows skipped)`, "empty-input");
  const column = (kind: string, index = 0) => columns.filter((c) => c.kind === kind)[index]?.column.view() ?? null;
  const m = mapping as FieldMapping;
  const scoresKept = m.shape !== "margin" && !marginsOnly;
  return {
    mapping: m,
    fieldsUsed: describeMapping(m),
    n,
    scoreA: scoresKept ? column("score", 0) : null,
    scoreB: scoresKept ? column("score", 1) : null,
    margin: scoresKept ? null : column("score", 0),
    label: column("label"),
    weight: column("weight"),
    groupCodes: groups?.view() ?? null,
    groupNames: groups?.names() ?? [],
    clusterCodes: clusterCodes(clusters),
    clusterCount: clusters?.names().length ?? 0,
    covariates: (options.covariates ?? []).map((_, k) => column("covariate", k)!),
    skipped,
    filtered,
  };
}

/**
 * The columns a read needs, for a columnar file (Parquet) that decodes only those: the pair's fields (from the
 * flags, or detected among `header` as readPairs detects them), the weight, the group, cluster and --where fields.
 * When the fields cannot be resolved, every column, so that readPairs reports the problem as it would for JSONL.
 * O(number of columns).
 * @example columnsToRead(["id", "chosen", "rejected"], {}) // => ["chosen", "rejected"]
 */
export function columnsToRead(header: readonly string[], options: Pick<ReadPairsOptions, "fields" | "group" | "cluster" | "where" | "covariates">): string[] {
  let mapping: FieldMapping;
  try {
    mapping = resolveFieldMapping(options.fields ?? {}, header);
  } catch {
    return [...header];
  }
  const used = new Set([
    ...fieldsOf(mapping), ...(options.group ?? []), ...(options.cluster ?? []), ...(options.covariates ?? []), ...(options.where ?? []).map((w) => w.field),
  ]);
  return header.filter((name) => used.has(name));
}

/**
 * One row's margin a − b: the same subtraction and overflow rule as toPairColumns, so assessing these margins gives
 * the library's numbers exactly. O(1).
 * @returns the margin, or the InputError naming the row and both fields when it overflows
 */
export function rowMargin(a: number, b: number, file: string, line: number, aField: string, bField: string): number | InputError {
  const d = a - b;
  return marginOverflows(d) ? new InputError(file, line, aField, `minus field "${bField}" overflows; rescale the scores`) : d;
}

/** Cluster codes as the library's Int32Array, without a copy: a code is below n ≤ 2³¹ − 1, so its bits agree. */
function clusterCodes(clusters: GrowableNameCodes | null): Int32Array | null {
  if (clusters === null) return null;
  const codes = clusters.view();
  return new Int32Array(codes.buffer, codes.byteOffset, codes.length);
}

type NumericField = { field: string; column: GrowableColumn; kind: "score" | "label" | "weight" | "covariate" };

/** The numeric fields of a row in reading order: the scores (or margin) first, then label, weight and covariates. */
function numericFields(mapping: FieldMapping, covariates: readonly string[]): NumericField[] {
  const out: NumericField[] = [];
  const add = (field: string, kind: NumericField["kind"]) => out.push({ field, column: new GrowableColumn(), kind });
  if (mapping.shape === "chosen-rejected") { add(mapping.chosen, "score"); add(mapping.rejected, "score"); }
  else if (mapping.shape === "scores") { add(mapping.scoreA, "score"); add(mapping.scoreB, "score"); add(mapping.label, "label"); }
  else { add(mapping.margin, "score"); add(mapping.label, "label"); }
  if (mapping.weight !== undefined) add(mapping.weight, "weight");
  for (const field of covariates) add(field, "covariate");
  return out;
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** A field flag naming a column the header lacks fails once, at the header, rather than on every row. */
function requireHeaderFields(header: readonly string[], used: readonly string[], fileName: string, line: number | null): void {
  const missing = used.find((field) => !header.includes(field));
  if (missing !== undefined) {
    const names = header.map((name) => JSON.stringify(name)).join(", ");
    throw new InputError(fileName, line, missing, `does not exist; ${line === null ? "the file's columns are" : "the header has"} ${names}`);
  }
}

/**
 * A CSV/TSV header that names a field the pairs are read from twice would make one column silently win; refuse it.
 * Unused duplicates (e.g. empty names from trailing delimiters) are harmless and allowed.
 */
function requireUniqueHeaderFields(header: readonly string[], used: readonly string[], fileName: string, line: number | null): void {
  for (const field of new Set(used)) {
    const columns = header.flatMap((name, i) => (name === field ? [i + 1] : []));
    if (columns.length > 1) {
      throw new InputError(fileName, line, field, `appears ${columns.length} times in the header (columns ${columns.join(" and ")}); rename one so rmcal knows which to read`, "input-format");
    }
  }
}
