// The page's main thread: file picker and drop zone, field selection, settings, and rendering what the worker
// computed. No rmcal code runs here (the worker does all the work), so the page stays responsive on large files.
import type { AnalysisResult, FromWorker, PageOptions, TieSummary, ToWorker } from "./protocol";
import { metricRows, formatMetric } from "./metric-rows";
import type { Assessment } from "../../lib/index";
import type { FieldFlags } from "../../platform/io/index";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (message: ToWorker): void => worker.postMessage(message);

let file: File | null = null;
let fieldNames: string[] = [];
let chosenFields: { fields?: FieldFlags; labelMap?: string } = {};
let downloadUrl: string | null = null;

function options(): PageOptions {
  const number = (id: string, fallback: number) => {
    const x = Number($<HTMLInputElement>(id).value);
    return Number.isFinite(x) ? x : fallback;
  };
  return {
    bins: Math.round(number("bins", 15)),
    binning: $<HTMLSelectElement>("binning").value as PageOptions["binning"],
    view: $<HTMLSelectElement>("view").value as PageOptions["view"],
    holdout: number("holdout", 0.2),
    seed: Math.round(number("seed", 0)),
  };
}

function openFile(next: File): void {
  file = next;
  chosenFields = {};
  $("fields").hidden = true;
  $("results").hidden = true;
  start();
}

function start(): void {
  if (!file) return;
  showError(null);
  showProgress(`Reading ${file.name}…`, 0);
  send({ type: "open", file, ...chosenFields, options: options() });
}

// ---- worker messages ----

worker.addEventListener("message", (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case "progress": {
      const what = message.phase === "reading" ? `Reading ${file?.name ?? ""}: ${message.rows.toLocaleString("en-US")} rows` : `Assessing ${message.rows.toLocaleString("en-US")} pairs and fitting a temperature`;
      showProgress(what, message.fraction);
      break;
    }
    case "need-fields":
      hideProgress();
      fieldNames = message.fieldNames;
      // With no choice made yet, say it in the page's terms; otherwise the library's reason (e.g. mixed shapes).
      showFieldForm(`Choose the fields: ${chosenFields.fields ? message.reason : `which fields hold the scores could not be detected among ${fieldNames.join(", ")}.`}`);
      break;
    case "error":
      hideProgress();
      showError(message.message);
      if (message.fieldNames) {
        fieldNames = message.fieldNames;
        showFieldForm("If these are the wrong fields, choose others (or add a label map) and read the file again.");
      }
      break;
    case "result":
      hideProgress();
      fieldNames = message.fieldNames;
      // Detected fields need no form; chosen ones stay editable.
      if (!chosenFields.fields) $("fields").hidden = true;
      else $("fields-reason").textContent = "Fields in use (change them and press the button to read the file again):";
      showResult(message.result);
      break;
  }
});

worker.addEventListener("error", (event) => {
  hideProgress();
  showError(`The worker failed: ${event.message}`);
});

// ---- rendering ----

function showProgress(text: string, fraction: number | null): void {
  $("progress").hidden = false;
  $("progress-text").textContent = text;
  const bar = $<HTMLProgressElement>("progress-bar");
  if (fraction === null) bar.removeAttribute("value");
  else bar.value = fraction;
}

function hideProgress(): void {
  $("progress").hidden = true;
}

function showError(message: string | null): void {
  $("error").hidden = message === null;
  $("error").textContent = message ?? "";
}

function showResult(result: AnalysisResult): void {
  $("results").hidden = false;
  $("summary").textContent = `${result.fileName}: ${result.n.toLocaleString("en-US")} pairs`;
  $("notes").textContent = [`Fields: ${result.fieldsUsed}.`, result.skipped, result.heldOutNote].filter(Boolean).join(" ");
  const held = result.heldOut;
  $("calibrated-heading").textContent = held ? `held out, T = ${formatMetric(held.temperature.temperature)}` : "held out, calibrated";
  renderTable(result.all, held?.before ?? null, held?.after ?? null);
  $("diagram-raw").innerHTML = result.svgAll; // rmcal's SVG escapes all user text (file and field names)
  $("diagram-calibrated").innerHTML = result.svgCalibrated ?? "";
  const t = held?.temperature;
  $("temperature").textContent = t
    ? `Temperature fitted on ${held.nFit.toLocaleString("en-US")} pairs by NLL: T = ${t.temperature} ` +
      `(${t.iterations} iterations${t.converged ? "" : ", not converged"})${t.message ? `. ${capitalized(t.message)}` : ""}. ` +
      `Checked on ${held.nHeldOut.toLocaleString("en-US")} held-out pairs.`
    : "";
  setDownload(t ? t.json : null, result.fileName);
  renderTies(result.ties);
}

/** The Davidson section (docs/DESIGN.md §5.10): text only, so no data reaches the page as markup. */
function renderTies(ties: TieSummary | null): void {
  $("ties").hidden = ties === null;
  const body = $("ties-bins").querySelector("tbody")!;
  body.replaceChildren();
  if (!ties) return;
  const f4 = (x: number) => x.toFixed(4), pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  $("ties-summary").textContent = `A label of 0.5 read as a tied outcome (Davidson 1970): ν = ${f4(ties.nu)}` +
    (ties.low !== null && ties.high !== null ? ` [${f4(ties.low)}, ${f4(ties.high)}] (95% Wald on ln ν)` : "") +
    `, T = ${f4(ties.temperature)}; ${pct(ties.tieShare)} tied outcomes (predicted ${pct(ties.predictedTieShare)}); ` +
    `three-outcome NLL ${f4(ties.nll)}; tie-rate calibration error ${f4(ties.tieCalibrationError)}. A tied margin is not a tied outcome.`;
  for (const b of ties.bins) {
    const row = body.insertRow();
    for (const text of [f4(b.predicted), f4(b.observed), `[${f4(b.low)}, ${f4(b.high)}]`, String(b.count)]) row.insertCell().textContent = text;
  }
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function renderTable(all: Assessment, before: Assessment | null, after: Assessment | null): void {
  const body = $("metrics").querySelector("tbody")!;
  body.replaceChildren();
  for (const row of metricRows([all, before, after])) {
    const tr = document.createElement("tr");
    tr.dataset.metric = row.key;
    const th = document.createElement("td");
    th.textContent = row.label;
    tr.append(th);
    row.cells.forEach((cell, i) => {
      const td = document.createElement("td");
      td.textContent = cell.text;
      // The exact value, for anyone (or any test) that needs more digits than the table shows.
      if (cell.value !== null) td.dataset.value = String(cell.value);
      td.dataset.column = ["all", "held-out-raw", "held-out-calibrated"][i];
      tr.append(td);
    });
    body.append(tr);
  }
}

function setDownload(json: string | null, fileName: string): void {
  const button = $<HTMLButtonElement>("download");
  if (downloadUrl) URL.revokeObjectURL(downloadUrl);
  downloadUrl = json === null ? null : URL.createObjectURL(new Blob([json], { type: "application/json" }));
  button.disabled = downloadUrl === null;
  button.onclick = () => {
    if (!downloadUrl) return;
    const a = document.createElement("a");
    a.href = downloadUrl;
    a.download = `${fileName.replace(/\.(jsonl|ndjson|json|csv|tsv)(\.gz)?$/i, "")}.calibrator.json`;
    a.click();
  };
}

// ---- field selection ----

const FIELDS_OF_SHAPE: Record<string, [keyof FieldFlags, string][]> = {
  "chosen-rejected": [["chosen", "chosen score"], ["rejected", "rejected score"]],
  scores: [["scoreA", "score A"], ["scoreB", "score B"], ["label", "label: P(A ≻ B)"]],
  margin: [["margin", "margin A − B"], ["label", "label: P(A ≻ B)"]],
};

function showFieldForm(text: string): void {
  $("fields").hidden = false;
  $("fields-reason").textContent = text;
  $("fields").querySelector("button")!.disabled = fieldNames.length === 0;
  renderFieldSelects();
}

function renderFieldSelects(): void {
  const shape = $<HTMLSelectElement>("shape").value;
  const container = $("field-selects");
  container.replaceChildren();
  const entries: [keyof FieldFlags, string, boolean][] = [...FIELDS_OF_SHAPE[shape].map(([k, l]) => [k, l, true] as [keyof FieldFlags, string, boolean]), ["weight", "weight (optional)", false]];
  entries.forEach(([key, label, required], i) => {
    const select = document.createElement("select");
    select.name = key;
    if (!required) select.append(new Option("none", ""));
    for (const name of fieldNames) select.append(new Option(name, name));
    // Preselect distinct fields in order, so a two-score file is one click away.
    if (required) select.selectedIndex = Math.min(i, fieldNames.length - 1);
    const wrapper = document.createElement("label");
    wrapper.append(`${label} `, select);
    container.append(wrapper);
  });
}

$("shape").addEventListener("change", renderFieldSelects);

$("fields").addEventListener("submit", (event) => {
  event.preventDefault();
  const fields: FieldFlags = {};
  for (const select of $("field-selects").querySelectorAll("select")) {
    if (select.value !== "") fields[select.name as keyof FieldFlags] = select.value;
  }
  const labelMap = $<HTMLInputElement>("label-map").value.trim();
  chosenFields = { fields, ...(labelMap ? { labelMap } : {}) };
  start();
});

// ---- file input, drop zone, settings ----

$<HTMLInputElement>("file-input").addEventListener("change", (event) => {
  const picked = (event.target as HTMLInputElement).files?.[0];
  if (picked) openFile(picked);
});

const dropZone = $("drop-zone");
dropZone.addEventListener("dragover", (event) => {
  event.preventDefault();
  dropZone.classList.add("over");
});
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("over"));
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  dropZone.classList.remove("over");
  const dropped = event.dataTransfer?.files[0];
  if (dropped) openFile(dropped);
});

for (const id of ["bins", "binning", "view", "holdout", "seed"]) {
  $(id).addEventListener("change", () => {
    if (!$("results").hidden) send({ type: "reanalyze", options: options() });
  });
}
