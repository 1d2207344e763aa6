// The page's Web Worker: reads the dropped file and runs the same study `rmcal report` runs (every calibrator on a
// split, before/after with Δ intervals, diagnostics, groups), so the page and the CLI cannot disagree. Everything
// runs here, in the browser; the file is read with Blob.stream() and never sent anywhere. A deployment file is read
// as `rmcal diagnose --deployment` reads it (docs/DESIGN.md §7.2). The page cancels a study by terminating this worker.
// The study's before/after comparisons resample on a pool of Web Workers that this worker starts, sized to the
// cores, with the bits of one thread (docs/DESIGN.md §6.10); terminating this worker takes its pool down too.
import { init, assess, reliabilitySvg, compareCalibrationParallel, type Deployment } from "../../platform/entries/browser";
import {
  rowsOf, readPairs, type PairTable, tablePairs, tableColumns, describeSkipped, parseLabelMap,
  formatFromFileName, sniffTextFormat, parquetRows, isParquet, columnsToRead, type RowFormat, type RowBatch, type ParquetSource,
  readChoices, detectInputFields, type ChoiceFields, type ChoiceTable,
} from "../../platform/io/index";
import type { AnalysisResult, BestOfNResult, FromWorker, MethodSummary, PageDeployment, PageInput, PageOptions, ToWorker } from "./protocol";
import { fileChunks, sniffFieldNames } from "./file-chunks";
import { calibrationStudy } from "../report/calibration-study";
import { reportHtml } from "../report/report-html";
import { verdictLine } from "../report/verdicts";
import { tableOrderSwap } from "../report/order-swap-section";
import { bestOfNStudy } from "../report/best-of-n-section";
import type { MethodResult } from "../report/report-model";
import { deploymentPairFields, responseScoreFields, responseScoresProblem, shiftLine } from "../report/deployment-shift";

declare const __RMCAL_VERSION__: string;

// Fewer pairs than this leave too little on each side of the split for a meaningful held-out check.
const MIN_PAIRS_TO_SPLIT = 10;
const PROGRESS_INTERVAL_MS = 100;

/** A second reading of the file for the order-swap study: the pair id as cluster, the order as group. */
interface OrderStudy { table: PairTable; fields: { pairId: string; order: string } }

/** The deployment data read from the page's second file, with that file's name and field names. */
interface DeploymentData { name: string; fieldNames: string[]; data: Deployment }

let current: {
  fileName: string; fieldNames: string[]; table: PairTable; input: PageInput; orders: OrderStudy | null; deployment: DeploymentData | null;
} | null = null;
/** The last K-wise file read (current is null then): what a change of settings recomputes from. */
let currentChoices: { fileName: string; fieldNames: string[]; table: ChoiceTable } | null = null;

const post = (message: FromWorker): void => (self as unknown as Worker).postMessage(message);

self.addEventListener("message", (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const work = message.type === "open" ? open(message.file, message.input, message.options, message.deployment) : reanalyze(message.options);
  work.catch((error: unknown) => post({ type: "error", message: error instanceof Error ? error.message : String(error), fieldNames: current?.fieldNames ?? null }));
});

async function open(file: File, input: PageInput, options: PageOptions, deploymentFile: PageDeployment | null): Promise<void> {
  await init();
  current = null;
  currentChoices = null;
  const format = await formatOf(file);
  const parquet = format === "parquet" ? parquetSource(file) : null;
  const fieldNames = parquet ? await parquetFieldNames(parquet) : await sniffFieldNames(file, format as RowFormat);
  let choices = input.choices ?? null;
  if (choices === null) {
    try {
      // Pairs, or K-wise choices when no pair field is there and theirs are (as the CLI decides, DESIGN §12.3).
      choices = detectInputFields(input.fields ?? {}, fieldNames);
    } catch (error) {
      // Neither, or the chosen pair fields do not fit: the page lets the user pick among the file's fields.
      return post({ type: "need-fields", fieldNames, reason: (error as Error).message });
    }
  }
  if (choices !== null && deploymentFile) {
    return post({ type: "error", message: `${file.name}: the deployment file applies to pairs; K-wise input takes none (remove it).`, fieldNames });
  }
  if (choices !== null) return openChoices(file, format, parquet, fieldNames, choices, input, options);
  const covariates = input.covariateA && input.covariateB ? [input.covariateA, input.covariateB] : undefined;
  const reading = { fields: input.fields, labelMap: input.labelMap ? parseLabelMap(input.labelMap) : undefined, ...(covariates ? { covariates } : {}) };
  /** The file's rows: Parquet by byte ranges (its index is at the end), only the columns used; text streamed. */
  const rowsFor = (group: string[] | undefined, cluster: string[] | undefined, onBytes: (bytes: number) => void) => parquet
    ? parquetRows(parquet, { columns: (header) => columnsToRead(header, { fields: input.fields, group, cluster, covariates }) })
    : rowsOf(fileChunks(file, file.name, onBytes), format as RowFormat);
  let table: PairTable;
  let orders: OrderStudy | null = null;
  try {
    let bytesRead = 0;
    const group = input.group ? [input.group] : undefined, cluster = input.cluster ? [input.cluster] : undefined;
    table = await readPairs(rowsFor(group, cluster, (bytes) => (bytesRead = bytes)), {
      fileName: file.name, ...reading, ...(group ? { group } : {}), ...(cluster ? { cluster } : {}),
      onProgress: throttled((rows) => post({
        type: "progress", phase: "reading", text: `Reading ${file.name}: ${rows.toLocaleString("en-US")} rows`,
        fraction: file.size > 0 ? bytesRead / file.size : null,
      })),
    });
    // Pairs judged in both orders: read again with the pair id as cluster and the order as group, as rmcal report does.
    if (input.pairId && input.order) {
      const fields = { pairId: input.pairId, order: input.order };
      const orderTable = await readPairs(rowsFor([input.order], [input.pairId], () => {}), {
        fileName: file.name, ...reading, group: [input.order], cluster: [input.pairId],
      });
      orders = { table: orderTable, fields };
    } else if (input.pairId || input.order) {
      throw new Error("pairs judged in both orders need both fields: choose the pair id and the order");
    }
  } catch (error) {
    return post({ type: "error", message: (error as Error).message, fieldNames });
  }
  let deployment: DeploymentData | null = null;
  if (deploymentFile) {
    let deploymentFieldNames: string[] | null = null;
    try {
      deploymentFieldNames = await fieldNamesOf(deploymentFile.file);
      const scoresProblem = deploymentFile.score === undefined ? null : responseScoresProblem(table, file.name);
      if (scoresProblem !== null) throw new Error(`Deployment score field: ${scoresProblem}`);
      deployment = { name: deploymentFile.file.name, fieldNames: deploymentFieldNames, data: await readDeployment(deploymentFile, input) };
    } catch (error) {
      return post({ type: "error", message: (error as Error).message, fieldNames, deploymentFieldNames });
    }
  }
  current = { fileName: file.name, fieldNames, table, input, orders, deployment };
  post({ type: "result", result: await analyze(options), fieldNames, deploymentFieldNames: deployment?.fieldNames ?? null });
}

/**
 * The deployment file as `rmcal diagnose --deployment` reads it: its pairs with the main file's fields, kept as
 * margins, or with a score field one response per row (docs/DESIGN.md §7.2).
 */
async function readDeployment(deployment: PageDeployment, input: PageInput): Promise<Deployment> {
  const { file, score } = deployment;
  const pairFields = deploymentPairFields(input.fields);
  const fields = score === undefined ? pairFields.fields : responseScoreFields(score);
  const labelMap = score === undefined && pairFields.labels && input.labelMap ? parseLabelMap(input.labelMap) : undefined;
  const format = await formatOf(file);
  const rows = format === "parquet"
    ? parquetRows(parquetSource(file), { columns: (header) => columnsToRead(header, { fields }) })
    : rowsOf(fileChunks(file, file.name, () => {}), format);
  const table = await readPairs(rows, { fileName: file.name, fields, ...(labelMap ? { labelMap } : {}), marginsOnly: score === undefined });
  return score === undefined ? tableColumns(table).margin : { scores: table.scoreA! };
}

/** A file's field names: a Parquet file's columns, or a text file's header or first row's keys. */
async function fieldNamesOf(file: File): Promise<string[]> {
  const format = await formatOf(file);
  return format === "parquet" ? parquetFieldNames(parquetSource(file)) : sniffFieldNames(file, format);
}

async function reanalyze(options: PageOptions): Promise<void> {
  if (currentChoices) return post({ type: "result-best-of-n", result: analyzeChoices(options), fieldNames: currentChoices.fieldNames });
  if (!current) throw new Error("no file is loaded yet");
  post({ type: "result", result: await analyze(options), fieldNames: current.fieldNames, deploymentFieldNames: current.deployment?.fieldNames ?? null });
}

/** The pair-only settings, and why K-wise input takes none of them (rmcal report's words for its flags). */
const PAIR_ONLY_INPUTS: [keyof PageInput, string][] = [
  ["group", "Group by applies to pairs; K-wise input is assessed by its top-1 probability"],
  ["cluster", "Cluster by is implied for K-wise input: intervals resample whole prompts"],
  ["pairId", "Pair id and Order apply to pairs judged in both orders; K-wise input has no order"],
  ["order", "Pair id and Order apply to pairs judged in both orders; K-wise input has no order"],
  ["covariateA", "the covariates apply to pairs; K-wise input takes none"],
  ["covariateB", "the covariates apply to pairs; K-wise input takes none"],
];

/** Reads K-wise choices as rmcal report --scores/--prompt does (readChoices, the CLI's reader) and studies them. */
async function openChoices(
  file: File, format: RowFormat | "parquet", parquet: ParquetSource | null, fieldNames: string[], fields: ChoiceFields,
  input: PageInput, options: PageOptions,
): Promise<void> {
  const pairOnly = PAIR_ONLY_INPUTS.find(([key]) => input[key] !== undefined);
  if (pairOnly) return post({ type: "error", message: `${file.name}: ${pairOnly[1]} (choose "none").`, fieldNames });
  let table: ChoiceTable;
  try {
    const onBytes = throttled((bytes) => post({
      type: "progress", phase: "reading", text: `Reading ${file.name}`, fraction: file.size > 0 ? bytes / file.size : null,
    }));
    const used = Object.values(fields);
    const rows = parquet
      ? parquetRows(parquet, { columns: (header) => header.filter((name) => used.includes(name)) })
      : rowsOf(fileChunks(file, file.name, onBytes), format as RowFormat);
    table = await readChoices(rows, { fileName: file.name, fields });
  } catch (error) {
    return post({ type: "error", message: (error as Error).message, fieldNames });
  }
  currentChoices = { fileName: file.name, fieldNames, table };
  post({ type: "result-best-of-n", result: analyzeChoices(options), fieldNames });
}

/** The best-of-N section of rmcal report for the kept choices, with these settings. */
function analyzeChoices(options: PageOptions): BestOfNResult {
  const { fileName, table } = currentChoices!;
  const { n, scores } = table.columns;
  post({ type: "progress", phase: "fitting", text: `Fitting the temperature on ${n.toLocaleString("en-US")} prompts and resampling prompts`, fraction: null });
  const section = bestOfNStudy(table, {
    title: fileName, source: `K-wise choices from ${fileName}, read in this browser.`, fieldsUsed: table.fieldsUsed,
    holdout: options.holdout, seed: options.seed, resamples: options.resamples, bins: options.bins, binning: options.binning,
  });
  return {
    fileName, fieldsUsed: table.fieldsUsed, prompts: n, responses: scores.length, skipped: describeSkipped(table.skipped),
    model: section.model, nTrain: section.nTrain, nTest: section.nTest, temperatureSummary: section.temperatureSummary,
    before: section.before, after: section.after, svg: section.diagram,
    calibratorJson: `${JSON.stringify(section.calibrator, null, 2)}\n`,
    reportHtml: reportHtml({ title: `rmcal calibration report: ${fileName}`, generator: `rmcal ${__RMCAL_VERSION__} (web page)`, sections: [], bestOfN: [section] }),
  };
}

async function analyze(options: PageOptions): Promise<AnalysisResult> {
  const { fileName, table, input, orders, deployment } = current!;
  const assessOptions = { bins: options.bins, binning: options.binning, view: options.view };
  post({ type: "progress", phase: "fitting", text: `Assessing ${table.n.toLocaleString("en-US")} pairs`, fraction: null });
  const all = assess(tablePairs(table), assessOptions);
  const base = {
    fileName, fieldsUsed: table.fieldsUsed, n: table.n, skipped: describeSkipped(table.skipped), all,
    svgAll: reliabilitySvg([{ name: "raw scores", report: all }], { title: `Reliability diagram: ${fileName}, all ${table.n} pairs` }),
  };
  if (table.n < MIN_PAIRS_TO_SPLIT) {
    return { ...base, study: null, heldOutNote: `${table.n} pairs are too few to fit on one part and check on another`, reportHtml: null, shift: null };
  }
  const report = throttledProgress();
  const section = await calibrationStudy(table, {
    title: fileName, source: `Pairs from ${fileName}, read in this browser.`, holdout: options.holdout, seed: options.seed,
    assess: assessOptions, groupField: input.group ?? null, clusterField: input.cluster ?? null, resamples: options.resamples,
    onProgress: report, covariateNames: input.covariateA && input.covariateB ? { a: input.covariateA, b: input.covariateB } : null,
    deployment: deployment ? { name: deployment.name, data: deployment.data } : null,
    compare: compareCalibrationParallel,
  });
  const shift = section.diagnostics?.shift;
  if (orders) section.orders = { study: tableOrderSwap(orders.table, assessOptions, fileName, orders.fields), fields: orders.fields };
  const methods = section.methods.slice(1).map(methodSummary);
  const compared = section.methods.find((m) => m.comparison)?.comparison;
  const units = compared ? (compared.unit === "clusters" ? `${compared.units} clusters (${input.cluster})` : `${compared.units} pairs`) : "";
  return {
    ...base,
    study: {
      nTrain: section.nTrain, nTest: section.nTest, raw: section.methods[0].assessment!, methods,
      comparedOn: compared ? `Δ = after − before, ${compared.confidence * 100}% BCa interval from ${compared.resamples} resamples of ${units}` : "",
      svgCalibrated: section.diagrams[1]?.svg ?? null,
    },
    heldOutNote: null,
    reportHtml: reportHtml({ title: `rmcal calibration report: ${fileName}`, generator: `rmcal ${__RMCAL_VERSION__} (web page)`, sections: [section] }),
    shift: shift && deployment ? {
      line: shiftLine(shift, deployment.name), psi: shift.psi, ks: shift.ks, outsideShare: shift.outsideShare,
      belowShare: shift.belowShare, aboveShare: shift.aboveShare, deploymentN: shift.deploymentN,
    } : null,
  };
}

function methodSummary(m: MethodResult): MethodSummary {
  return {
    name: m.name, parameters: m.parameters, note: m.note ?? null, assessment: m.assessment,
    verdicts: m.comparison ? m.comparison.metrics.map(verdictLine) : [],
    json: m.calibrator ? `${JSON.stringify(m.calibrator, null, 2)}\n` : null,
  };
}

/** Progress of the study's resamples, at most every PROGRESS_INTERVAL_MS. */
function throttledProgress(): (method: string, done: number, total: number) => void {
  let last = 0;
  return (method, done, total) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
    last = now;
    post({ type: "progress", phase: "resampling", text: `${method}: bootstrap, ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`, fraction: total > 0 ? done / total : null });
  };
}

/** The file's format: by its name, else Parquet by its magic bytes, else sniffed from its first line. */
async function formatOf(file: File): Promise<RowFormat | "parquet"> {
  const byName = formatFromFileName(file.name);
  if (byName !== null) return byName;
  if (isParquet(new Uint8Array(await file.slice(0, 4).arrayBuffer()))) return "parquet";
  return sniffTextFormat(await file.slice(0, 1024).text());
}

/** A File as hyparquet reads it: its length, and byte ranges on demand, so a large file is never read whole. */
function parquetSource(file: File): ParquetSource {
  return { byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() };
}

/** The column names of a Parquet file: the header of its first batch, decoding no column. */
async function parquetFieldNames(source: ParquetSource): Promise<string[]> {
  const batches: AsyncGenerator<RowBatch> = parquetRows(source, { columns: () => [] });
  const first = await batches.next();
  await batches.return(undefined);
  return first.done ? [] : first.value.header ?? [];
}

/** Calls `report` at most every PROGRESS_INTERVAL_MS, so a fast read does not flood the page with messages. */
function throttled(report: (count: number) => void): (count: number) => void {
  let last = 0;
  return (count) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    report(count);
  };
}
