// The page's K-wise result: the best-of-N section of rmcal report (docs/DESIGN.md §5.12), the held-out prompts' top-1
// metrics at T = 1 and at the fitted T with their prompt-resampled intervals, the temperature, the top-1 reliability
// diagram and the downloads. Rendering only: the worker computed every number.
import type { BestOfNAssessment } from "../../lib/index";
import type { BestOfNResult } from "./protocol";
import { setDownload, stem } from "./downloads";

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The rows of the K-wise table: key, label, the value and its interval (when the assessment has one). */
const ROWS: [string, string, (a: BestOfNAssessment) => [number, { low: number; high: number } | null]][] = [
  ["n", "prompts (non-zero weight)", (a) => [a.n, null]],
  ["accuracy", "top-1 accuracy", (a) => [a.accuracy, a.intervals?.accuracy ?? null]],
  ["chance", "chance (mean 1/K)", (a) => [a.chance, null]],
  ["nll", "NLL", (a) => [a.nll, a.intervals?.nll ?? null]],
  ["ece", "ECE (predicted winner)", (a) => [a.ece, a.intervals?.ece ?? null]],
  ["mce", "MCE (largest gap)", (a) => [a.mce, null]],
];

/** Shows a K-wise result (and hides the pairs' one, which the caller has hidden). */
export function showBestOfN(result: BestOfNResult): void {
  $("kwise-results").hidden = false;
  const model = result.model === "plackett-luce" ? "rankings (Plackett–Luce)" : "best-of-N (softmax)";
  const { minK, maxK } = result.before;
  const k = minK === maxK ? `K = ${minK}` : `K from ${minK} to ${maxK}`;
  $("kwise-summary").textContent = `${result.fileName}: ${result.prompts.toLocaleString("en-US")} prompts, ${model}`;
  $("kwise-notes").textContent = [
    `Fields: ${result.fieldsUsed}.`, `${result.responses.toLocaleString("en-US")} responses, ${k}.`, result.skipped,
    `Temperature fitted on ${result.nTrain.toLocaleString("en-US")} prompts and checked on ${result.nTest.toLocaleString("en-US")} held-out prompts;`,
    `brackets hold ${result.before.confidence * 100}% percentile intervals from ${result.before.resamples.toLocaleString("en-US")} resamples of whole prompts.`,
  ].filter(Boolean).join(" ");
  renderTable([result.before, result.after]);
  $("kwise-temperature").textContent = `Temperature: ${result.temperatureSummary}.`;
  $("kwise-diagram").innerHTML = result.svg; // rmcal's SVG escapes all user text
  setDownload($<HTMLButtonElement>("kwise-download"), result.calibratorJson, `${stem(result.fileName)}.calibrator.json`, "application/json");
  setDownload($<HTMLButtonElement>("kwise-download-report"), result.reportHtml, `${stem(result.fileName)}.rmcal-report.html`, "text/html");
}

function renderTable(assessments: BestOfNAssessment[]): void {
  const body = $("kwise-metrics").querySelector("tbody")!;
  body.replaceChildren();
  for (const [key, label, value] of ROWS) {
    const tr = document.createElement("tr");
    tr.dataset.metric = key;
    const name = document.createElement("td");
    name.textContent = label;
    tr.append(name);
    assessments.forEach((a, i) => {
      const [x, interval] = value(a);
      const td = document.createElement("td");
      td.textContent = key === "n" ? x.toLocaleString("en-US") : `${x.toFixed(4)}${interval ? ` [${interval.low.toFixed(4)}, ${interval.high.toFixed(4)}]` : ""}`;
      // The exact value, for anyone (or any test) that needs more digits than the table shows.
      td.dataset.value = String(x);
      td.dataset.column = ["before", "after"][i];
      tr.append(td);
    });
    body.append(tr);
  }
}
