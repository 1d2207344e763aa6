// The page's Web Worker: reads the dropped file, assesses it and fits a temperature, so a large file never freezes
// the page. Everything runs here, in the browser; the file is read with Blob.stream() and never sent anywhere.
import { init, assess, fitTemperature, splitPairs, reliabilitySvg } from "../../platform/entries/default";
import {
  rowsOf, readPairs, type PairTable, tablePairs, resolveFieldMapping, type FieldFlags, describeSkipped,
  parseLabelMap, formatFromFileName, sniffTextFormat, type RowFormat,
} from "../../platform/io/index";
import type { AnalysisResult, FromWorker, PageOptions, TemperatureSummary, ToWorker } from "./protocol";
import { fileChunks, sniffFieldNames } from "./file-chunks";
import type { Pairs } from "../../lib/index";

// Fewer pairs than this leave too little on each side of the split for a meaningful held-out check.
const MIN_PAIRS_TO_SPLIT = 10;
const PROGRESS_INTERVAL_MS = 100;

// Each open bumps this; a read that finishes after a newer file was opened is dropped instead of shown.
let generation = 0;
let current: { fileName: string; fieldNames: string[]; table: PairTable; pairs: Pairs } | null = null;

const post = (message: FromWorker): void => (self as unknown as Worker).postMessage(message);

self.addEventListener("message", (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const work = message.type === "open" ? open(message.file, message.fields, message.labelMap, message.options) : reanalyze(message.options);
  work.catch((error: unknown) => post({ type: "error", message: error instanceof Error ? error.message : String(error), fieldNames: null }));
});

async function open(file: File, fields: FieldFlags | undefined, labelMapText: string | undefined, options: PageOptions): Promise<void> {
  const mine = ++generation;
  await init();
  current = null;
  const format = await formatOf(file);
  const fieldNames = await sniffFieldNames(file, format);
  if (mine !== generation) return;
  try {
    resolveFieldMapping(fields ?? {}, fieldNames);
  } catch (error) {
    // Not detectable (or the chosen fields do not fit): the page lets the user pick among the file's fields.
    return post({ type: "need-fields", fieldNames, reason: (error as Error).message });
  }
  let table: PairTable;
  try {
    let bytesRead = 0;
    table = await readPairs(rowsOf(fileChunks(file, (bytes) => (bytesRead = bytes)), format), {
      fileName: file.name,
      fields,
      labelMap: labelMapText ? parseLabelMap(labelMapText) : undefined,
      onProgress: throttled((rows) => post({ type: "progress", phase: "reading", rows, fraction: file.size > 0 ? bytesRead / file.size : null })),
    });
  } catch (error) {
    if (mine === generation) post({ type: "error", message: (error as Error).message, fieldNames });
    return;
  }
  if (mine !== generation) return;
  current = { fileName: file.name, fieldNames, table, pairs: tablePairs(table) };
  post({ type: "result", result: analyze(options), fieldNames });
}

async function reanalyze(options: PageOptions): Promise<void> {
  if (!current) throw new Error("no file is loaded yet");
  post({ type: "result", result: analyze(options), fieldNames: current.fieldNames });
}

function analyze(options: PageOptions): AnalysisResult {
  const { fileName, table, pairs } = current!;
  const assessOptions = { bins: options.bins, binning: options.binning, view: options.view };
  post({ type: "progress", phase: "fitting", rows: table.n, fraction: null });
  const all = assess(pairs, assessOptions);
  const base = {
    fileName, fieldsUsed: table.fieldsUsed, n: table.n, skipped: describeSkipped(table.skipped), all,
    svgAll: reliabilitySvg([{ name: "raw scores", report: all }], { title: `Reliability diagram: ${fileName}, all ${table.n} pairs` }),
  };
  if (table.n < MIN_PAIRS_TO_SPLIT) {
    return { ...base, heldOut: null, heldOutNote: `${table.n} pairs are too few to fit on one part and check on another`, svgCalibrated: null };
  }
  const { train, test } = splitPairs(pairs, { holdout: options.holdout, seed: options.seed });
  const fitted = fitTemperature(train);
  const before = assess(test, assessOptions);
  const after = assess(test, { ...assessOptions, temperature: fitted.temperature });
  const temperature: TemperatureSummary = {
    temperature: fitted.temperature,
    converged: fitted.converged,
    atBound: fitted.atBound,
    message: fitted.message,
    iterations: fitted.iterations,
    json: `${JSON.stringify(fitted.toJSON(), null, 2)}\n`,
  };
  const nHeldOut = pairCount(test);
  const svgCalibrated = reliabilitySvg(
    [{ name: "raw", report: before }, { name: `T = ${formatTemperature(fitted.temperature)}`, report: after }],
    { title: `After temperature scaling: ${nHeldOut} held-out pairs` },
  );
  return { ...base, heldOut: { nFit: pairCount(train), nHeldOut, before, after, temperature }, heldOutNote: null, svgCalibrated };
}

/** Number of pairs in a column-shaped Pairs value (tablePairs and splitPairs give columns). */
function pairCount(pairs: Pairs): number {
  const p = pairs as { chosen?: ArrayLike<number>; scoreA?: ArrayLike<number>; margin?: ArrayLike<number> };
  return (p.chosen ?? p.scoreA ?? p.margin)!.length;
}

function formatTemperature(t: number): string {
  return t >= 100 ? t.toFixed(0) : t < 0.01 ? t.toPrecision(3) : t.toFixed(3);
}

async function formatOf(file: File): Promise<RowFormat> {
  const byName = formatFromFileName(file.name);
  if (byName !== null && byName !== "parquet") return byName;
  return sniffTextFormat(await file.slice(0, 1024).text());
}

/** Calls `report` at most every PROGRESS_INTERVAL_MS, so a fast read does not flood the page with messages. */
function throttled(report: (rows: number) => void): (rows: number) => void {
  let last = 0;
  return (rows) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    report(rows);
  };
}
