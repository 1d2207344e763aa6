// The report's best-of-N section (docs/DESIGN.md §5.12): for K-wise input, the temperature of softmax(r/T) fitted on
// training prompts and the held-out prompts' top-1 reliability before and after, with prompt-resampled intervals.
import type { ChoiceTable } from "../../platform/io/index";
import { assessBestOfN, fitTemperature, reliabilitySvg, type BestOfNAssessment, type CalibratorJson, type PromptInterval } from "../../lib/index";
import { choicesOf, escapeXml as e, splitIndices } from "../../lib/programs";

/** What the section shows, as plain data. */
export interface BestOfNSection {
  title: string;
  source: string;
  fieldsUsed: string;
  model: "best-of-n" | "plackett-luce";
  nTrain: number;
  nTest: number;
  holdout: number;
  seed: number;
  /** "T = 2.57 (95% interval 2.24 to 3.00)", and the fit's message when it stopped at a bound. */
  temperatureSummary: string;
  before: BestOfNAssessment;
  after: BestOfNAssessment;
  diagram: string;
  /** The temperature calibrator fitted on the training prompts, as JSON (what the web page offers for download). */
  calibrator: CalibratorJson;
}

export interface BestOfNStudyOptions {
  title: string;
  source: string;
  fieldsUsed: string;
  holdout: number;
  seed: number;
  resamples: number;
  bins?: number;
  binning?: "uniform" | "quantile";
}

/**
 * Splits the prompts, fits the temperature on the training part and assesses the held-out part at T = 1 and at the
 * fitted T. O(Σ K) per Newton pass, plus O(R·n) for R resamples.
 * @example reportHtml({ title, generator, sections: [], bestOfN: [bestOfNStudy(table, options)] })
 */
export function bestOfNStudy(table: ChoiceTable, o: BestOfNStudyOptions): BestOfNSection {
  const { columns } = table;
  const split = splitIndices(columns.n, o.holdout, o.seed);
  const fitted = fitTemperature(choicesOf(columns, split.train));
  const test = choicesOf(columns, split.test);
  const options = { resamples: o.resamples, seed: o.seed, bins: o.bins, binning: o.binning };
  const before = assessBestOfN(test, options);
  const after = assessBestOfN(test, { ...options, temperature: fitted.temperature });
  const show = (x: number) => (x === Infinity ? "∞" : x.toPrecision(4));
  const interval = fitted.interval ? ` (${fitted.interval.confidence * 100}% interval ${show(fitted.interval.low)} to ${show(fitted.interval.high)})` : "";
  const series = (name: string, a: BestOfNAssessment) => ({ name, report: { bins: a.bins, ece: a.ece, view: "oriented" as const } });
  return {
    title: o.title, source: o.source, fieldsUsed: o.fieldsUsed, model: before.model,
    nTrain: split.train.length, nTest: split.test.length, holdout: o.holdout, seed: o.seed,
    temperatureSummary: `T = ${show(fitted.temperature)}${interval}${fitted.message ? `; ${fitted.message}` : ""}`,
    before, after, calibrator: fitted.toJSON(),
    diagram: reliabilitySvg([series("raw (T = 1)", before), series(`T = ${show(fitted.temperature)}`, after)], {
      title: "Top-1 reliability, held-out prompts", greyWiderThan: 0.5,
    }),
  };
}

const f4 = (x: number): string => x.toFixed(4);
const withInterval = (x: number, i: PromptInterval | undefined) => (i ? `${f4(x)} <span class="muted">[${f4(i.low)}, ${f4(i.high)}]</span>` : f4(x));

/** The section as HTML (every user text escaped). */
export function bestOfNHtml(s: BestOfNSection): string {
  const { before: b, after: a } = s;
  const k = b.minK === b.maxK ? `K = ${b.minK}` : `K from ${b.minK} to ${b.maxK}`;
  const row = (name: string, x: BestOfNAssessment) =>
    `<tr><td>${e(name)}</td><td>${withInterval(x.accuracy, x.intervals?.accuracy)}</td><td>${withInterval(x.nll, x.intervals?.nll)}</td>` +
    `<td>${withInterval(x.ece, x.intervals?.ece)}</td><td>${f4(x.mce)}</td></tr>`;
  return `<section>
<h2>Best-of-N: ${e(s.title)}</h2>
<p class="muted">${e(s.source)}</p>
<ul>
<li>Fields: <code>${e(s.fieldsUsed)}</code></li>
<li>${s.model === "plackett-luce" ? "Full rankings, scored by the Plackett–Luce likelihood" : "One chosen response per prompt, scored by softmax(r/T)"}; ${k}, chance accuracy ${f4(b.chance)}</li>
<li>${s.nTrain} training prompts, ${s.nTest} held-out prompts (holdout ${s.holdout}, seed ${s.seed})</li>
<li>Fitted temperature: ${e(s.temperatureSummary)}</li>
</ul>
<h3>Held-out top-1 metrics</h3>
<p>The predicted winner is the response with the highest score; its probability is max softmax(r/T). Accuracy is how
often it is the chosen one (ties share), against chance 1/K. Brackets hold ${b.confidence * 100}% percentile intervals
from ${b.resamples} resamples of whole prompts.</p>
<table class="best-of-n">
<thead><tr><th>scores</th><th>top-1 accuracy</th><th>NLL</th><th>ECE</th><th>MCE</th></tr></thead>
<tbody>
${row("raw (T = 1)", b)}
${row("temperature", a)}
</tbody>
</table>
<div class="figures">
<figure>${s.diagram}<figcaption>Top-1 reliability of the held-out prompts: the predicted winner's probability against how
often it was chosen. Bins span [1/K, 1]; faded bins hold too few prompts to judge.</figcaption></figure>
</div>
</section>`;
}
