// The page's main thread: file picker and drop zone, field selection, settings, and rendering what the worker
// computed. No rmcal code runs here (the worker does all the work), so the page stays responsive on large files;
// cancelling terminates the worker and starts a fresh one.
import type { AnalysisResult, BestOfNResult, FromWorker, MethodSummary, PageDeployment, PageInput, PageOptions, ToWorker } from "./protocol";
import { metricRows } from "./metric-rows";
import { revokeDownloads, setDownload, stem } from "./downloads";
import { showBestOfN } from "./best-of-n-view";
import type { Assessment } from "../../lib/index";
import type { ChoiceFields, FieldFlags } from "../../platform/io/index";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let worker = startWorker();
let file: File | null = null;
/** The optional second file: deployment data whose shift from the pairs the diagnostics show. */
let deploymentFile: File | null = null;
let fieldNames: string[] = [];
let chosen: { fields?: FieldFlags; labelMap?: string; choices?: ChoiceFields } = {};
let busy = false;

function startWorker(): Worker {
  const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  // Messages a cancelled worker posted before it was terminated may still arrive: only the current one's count.
  w.addEventListener("message", (event: MessageEvent<FromWorker>) => {
    if (w === worker) onMessage(event.data);
  });
  w.addEventListener("error", (event) => {
    if (w !== worker) return;
    setBusy(false);
    showError(`The worker failed: ${event.message}`);
  });
  return w;
}

const send = (message: ToWorker): void => worker.postMessage(message);

function options(): PageOptions {
  const number = (id: string, fallback: number) => {
    const x = Number($<HTMLInputElement>(id).value);
    return Number.isFinite(x) ? x : fallback;
  };
  return {
    bins: Math.round(number("bins", 15)),
    binning: $<HTMLSelectElement>("binning").value as PageOptions["binning"],
    view: $<HTMLSelectElement>("view").value as PageOptions["view"],
    holdout: number("holdout", 0.3),
    seed: Math.round(number("seed", 0)),
    resamples: Math.round(number("resamples", 1000)),
  };
}

/** The optional fields chosen in the settings, as `rmcal report`'s flags name them. */
const OPTIONAL_FIELDS = { group: "group", cluster: "cluster", "pair-id": "pairId", order: "order", "covariate-a": "covariateA", "covariate-b": "covariateB" } as const;

function input(): PageInput {
  const picked: PageInput = { ...chosen };
  for (const [id, key] of Object.entries(OPTIONAL_FIELDS)) {
    const value = $<HTMLSelectElement>(id).value;
    if (value) picked[key] = value;
  }
  return picked;
}

/** Drops whatever the worker is doing: a new file or new settings make its study moot. */
function restartWorker(): void {
  worker.terminate();
  worker = startWorker();
}

function openFile(next: File): void {
  if (busy) restartWorker();
  file = next;
  chosen = {};
  fillFieldChoices([]);
  $("fields").hidden = true;
  hideResults();
  start();
}

function start(): void {
  if (!file) return;
  showError(null);
  setBusy(true, `Reading ${file.name}…`, 0);
  send({ type: "open", file, input: input(), options: options(), deployment: deployment() });
}

/** The deployment file and, when one is picked, its score field (`--deployment-score`). */
function deployment(): PageDeployment | null {
  if (!deploymentFile) return null;
  const score = $<HTMLSelectElement>("deployment-score").value;
  return { file: deploymentFile, ...(score ? { score } : {}) };
}

function onMessage(message: FromWorker): void {
  switch (message.type) {
    case "progress":
      setBusy(true, message.text, message.fraction);
      break;
    case "need-fields":
      setBusy(false);
      fieldNames = message.fieldNames;
      fillFieldChoices(fieldNames);
      // With no choice made yet, say it in the page's terms; otherwise the library's reason (e.g. mixed shapes).
      showFieldForm(`Choose the fields: ${chosen.fields ? message.reason : `which fields hold the scores could not be detected among ${fieldNames.join(", ")}.`}`);
      break;
    case "error":
      setBusy(false);
      showError(message.message);
      if (message.deploymentFieldNames) fillDeploymentChoices(message.deploymentFieldNames);
      if (message.fieldNames) {
        fieldNames = message.fieldNames;
        fillFieldChoices(fieldNames);
        showFieldForm("If these are the wrong fields, choose others (or add a label map) and read the file again.");
      }
      break;
    case "result":
    case "result-best-of-n":
      setBusy(false);
      fieldNames = message.fieldNames;
      fillFieldChoices(fieldNames);
      if (message.type === "result" && message.deploymentFieldNames) fillDeploymentChoices(message.deploymentFieldNames);
      // Detected fields need no form; chosen ones stay editable.
      if (!chosen.fields && !chosen.choices) $("fields").hidden = true;
      else $("fields-reason").textContent = "Fields in use (change them and press the button to read the file again):";
      if (message.type === "result") showResult(message.result);
      else showChoices(message.result);
      break;
  }
}

/** Hides both kinds of result, and the report. */
function hideResults(): void {
  $("results").hidden = true;
  $("kwise-results").hidden = true;
  $("report-section").hidden = true;
}

// ---- progress and cancel ----

function setBusy(on: boolean, text = "", fraction: number | null = null): void {
  busy = on;
  $("progress").hidden = !on;
  $("progress-text").textContent = text;
  const bar = $<HTMLProgressElement>("progress-bar");
  if (fraction === null) bar.removeAttribute("value");
  else bar.value = fraction;
}

$("cancel").addEventListener("click", () => {
  if (!busy) return;
  // A worker deep in a bootstrap cannot read messages; terminating it is the cancel that always works.
  restartWorker();
  setBusy(false);
  hideResults();
  showError("Cancelled. Change the settings (fewer resamples are faster) or pick the file again.");
});

function showError(message: string | null): void {
  $("error").hidden = message === null;
  $("error").textContent = message ?? "";
}

// ---- rendering ----

function showResult(result: AnalysisResult): void {
  revokeDownloads();
  $("kwise-results").hidden = true;
  $("results").hidden = false;
  $("summary").textContent = `${result.fileName}: ${result.n.toLocaleString("en-US")} pairs`;
  const study = result.study;
  const temperature = study?.methods.find((m) => m.name === "temperature") ?? null;
  $("notes").textContent = [
    `Fields: ${result.fieldsUsed}.`, result.skipped, result.heldOutNote,
    study ? `Calibrators fitted on ${study.nTrain.toLocaleString("en-US")} pairs and checked on ${study.nTest.toLocaleString("en-US")} held-out pairs.` : null,
  ].filter(Boolean).join(" ");
  $("calibrated-heading").textContent = temperature?.assessment ? `held out, ${temperature.parameters}` : "held out, temperature";
  renderTable(result.all, study?.raw ?? null, temperature?.assessment ?? null);
  $("temperature").textContent = temperature ? `Temperature: ${temperature.parameters}${temperature.note ? `. ${capitalized(temperature.note)}` : ""}.` : "";
  renderMethods(study?.methods ?? [], result.fileName, study?.comparedOn ?? "");
  renderShift(result.shift);
  $("diagram-raw").innerHTML = result.svgAll; // rmcal's SVG escapes all user text (file and field names)
  $("diagram-calibrated").innerHTML = study?.svgCalibrated ?? "";
  setDownload($<HTMLButtonElement>("download"), temperature?.json ?? null, `${stem(result.fileName)}.calibrator.json`, "application/json");
  setDownload($<HTMLButtonElement>("download-report"), result.reportHtml, `${stem(result.fileName)}.rmcal-report.html`, "text/html");
  showReport(result.reportHtml);
}

/** K-wise choices: the best-of-N section of the report, in place of the pairs' result. */
function showChoices(result: BestOfNResult): void {
  revokeDownloads();
  $("results").hidden = true;
  showBestOfN(result);
  showReport(result.reportHtml);
}

function showReport(html: string | null): void {
  // The report is shown as written, in a frame sandboxed against scripts (it has none; the page's CSP applies too).
  $<HTMLIFrameElement>("report").srcdoc = html ?? "";
  $("report-section").hidden = html === null;
}

/** The deployment file's shift as `rmcal diagnose` prints it; the exact numbers in data attributes. */
function renderShift(shift: AnalysisResult["shift"]): void {
  const p = $("shift");
  p.hidden = shift === null;
  p.textContent = shift ? capitalized(shift.line) : "";
  for (const key of ["psi", "ks", "outsideShare", "belowShare", "aboveShare", "deploymentN"] as const) {
    if (shift) p.dataset[key] = String(shift[key]);
    else delete p.dataset[key];
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

/** One block per calibrator: its parameters, its verdicts against the raw scores, and its JSON to download. */
function renderMethods(methods: MethodSummary[], fileName: string, comparedOn: string): void {
  const container = $("methods");
  container.replaceChildren();
  $("compared-on").textContent = comparedOn ? `${comparedOn}; each line is before → after on the held-out pairs.` : "";
  for (const m of methods) {
    const block = document.createElement("div");
    block.className = "method";
    block.dataset.method = m.name;
    const heading = document.createElement("h4");
    heading.textContent = `${m.name}: ${m.parameters}`;
    block.append(heading);
    if (m.note) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = capitalized(m.note);
      block.append(note);
    }
    if (m.verdicts.length > 0) {
      const pre = document.createElement("pre");
      pre.className = "verdicts";
      pre.textContent = m.verdicts.join("\n");
      block.append(pre);
    }
    if (m.json !== null) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "download-calibrator";
      button.textContent = `Download the ${m.name} calibrator (JSON)`;
      setDownload(button, m.json, `${stem(fileName)}.${m.name.toLowerCase()}.calibrator.json`, "application/json");
      block.append(button);
    }
    container.append(block);
  }
}

// ---- field selection ----

const FIELDS_OF_SHAPE: Record<string, [keyof FieldFlags, string][]> = {
  "chosen-rejected": [["chosen", "chosen score"], ["rejected", "rejected score"]],
  scores: [["scoreA", "score A"], ["scoreB", "score B"], ["label", "label: P(A ≻ B)"]],
  margin: [["margin", "margin A − B"], ["label", "label: P(A ≻ B)"]],
};

/** K-wise shapes: rmcal's --scores/--best, --scores/--ranking, --prompt/--score/--best and --prompt/--score/--rank. */
const CHOICE_FIELDS_OF_SHAPE: Record<string, [keyof ChoiceFields, string][]> = {
  "best-of-n": [["scores", "scores (an array per row)"], ["best", "best (chosen index, 0-based)"]],
  ranking: [["scores", "scores (an array per row)"], ["ranking", "ranking (indices, best first)"]],
  "long-best": [["prompt", "prompt id"], ["score", "score"], ["best", "best (1 chosen, 0 not)"]],
  "long-rank": [["prompt", "prompt id"], ["score", "score"], ["rank", "rank (1 best)"]],
};

/** The optional field choices: "none" and the file's fields, keeping a choice the new list still has. */
function fillFieldChoices(names: string[]): void {
  for (const id of Object.keys(OPTIONAL_FIELDS)) {
    const select = $<HTMLSelectElement>(id);
    const keep = select.value;
    select.replaceChildren(new Option("none", ""), ...names.map((name) => new Option(name, name)));
    select.value = names.includes(keep) ? keep : "";
    select.disabled = names.length === 0;
  }
}

/** The deployment score choices: "pairs" and the deployment file's fields, keeping a choice the list still has. */
function fillDeploymentChoices(names: string[]): void {
  const select = $<HTMLSelectElement>("deployment-score");
  const keep = select.value;
  select.replaceChildren(new Option("pairs, with the same fields", ""), ...names.map((name) => new Option(`scores: ${name}`, name)));
  select.value = names.includes(keep) ? keep : "";
  select.disabled = names.length === 0;
}

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
  const kwise = CHOICE_FIELDS_OF_SHAPE[shape];
  const entries: [string, string, boolean][] = kwise
    ? kwise.map(([k, l]) => [k, l, true])
    : [...FIELDS_OF_SHAPE[shape].map(([k, l]) => [k, l, true] as [string, string, boolean]), ["weight", "weight (optional)", false]];
  // The label map recodes pair labels; K-wise input has none.
  $<HTMLInputElement>("label-map").disabled = kwise !== undefined;
  entries.forEach(([key, label, required], i) => {
    const select = document.createElement("select");
    select.name = key;
    if (!required) select.append(new Option("none", ""));
    for (const name of fieldNames) select.append(new Option(name, name));
    // Preselect the field of the same name, else distinct fields in order, so a two-score file is one click away.
    if (required) select.selectedIndex = fieldNames.includes(key) ? fieldNames.indexOf(key) : Math.min(i, fieldNames.length - 1);
    const wrapper = document.createElement("label");
    wrapper.append(`${label} `, select);
    container.append(wrapper);
  });
}

$("shape").addEventListener("change", renderFieldSelects);

$("fields").addEventListener("submit", (event) => {
  event.preventDefault();
  const picked: Record<string, string> = {};
  for (const select of $("field-selects").querySelectorAll("select")) {
    if (select.value !== "") picked[select.name] = select.value;
  }
  const labelMap = $<HTMLInputElement>("label-map").value.trim();
  chosen = $<HTMLSelectElement>("shape").value in CHOICE_FIELDS_OF_SHAPE
    ? { choices: picked as ChoiceFields }
    : { fields: picked as FieldFlags, ...(labelMap ? { labelMap } : {}) };
  start();
});

// ---- file input, drop zone, settings ----

$<HTMLInputElement>("file-input").addEventListener("change", (event) => {
  const picked = (event.target as HTMLInputElement).files?.[0];
  if (picked) openFile(picked);
});

// A deployment file (or its score field) changes the diagnostics: the files are read again.
$<HTMLInputElement>("deployment-input").addEventListener("change", (event) => {
  deploymentFile = (event.target as HTMLInputElement).files?.[0] ?? null;
  fillDeploymentChoices([]);
  if (busy) restartWorker();
  start();
});
$("deployment-score").addEventListener("change", () => {
  if (busy) restartWorker();
  start();
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

// Settings recompute from the columns the worker keeps; the optional fields (group, cluster, pair id and order,
// covariates) are read with the rows, so the file is read again.
for (const id of ["bins", "binning", "view", "holdout", "seed", "resamples"]) {
  $(id).addEventListener("change", () => {
    if ($("results").hidden && $("kwise-results").hidden && !busy) return;
    if (busy) {
      // A study is running with the old settings: stop it, and read the file again with the new ones.
      restartWorker();
      start();
    } else {
      setBusy(true, "Recomputing…", null);
      send({ type: "reanalyze", options: options() });
    }
  });
}
for (const id of Object.keys(OPTIONAL_FIELDS)) {
  $(id).addEventListener("change", () => {
    if (busy) restartWorker();
    start();
  });
}
