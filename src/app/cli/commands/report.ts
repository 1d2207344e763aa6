// rmcal report [FILE]: the main job. Fits every calibrator on a split and writes one self-contained HTML file.
// Without FILE it runs on the example data shipped in the package (examples/data/).
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { calibrationStudy } from "../../report/calibration-study";
import { reportHtml } from "../../report/report-html";
import type { ReportSection } from "../../report/report-model";
import { verdictLine } from "../../report/verdicts";
import {
  CHOICE_HELP, CHOICE_OPTIONS, CLUSTER_HELP, CLUSTER_OPTIONS, COVARIATE_OPTIONS, INPUT_HELP, INPUT_OPTIONS, THREADS_HELP, THREADS_OPTIONS, ORDER_HELP, ORDER_OPTIONS,
  choiceFields, covariateFields, groupFields, inputOptions, numberFlag, orderFields, parseFlags, str, type InputOptions,
} from "../options";
import { tableOrderSwap } from "../../report/order-swap-section";
import { detectedChoiceFields, loadChoices } from "../load-choices";
import { bestOfNStudy } from "../../report/best-of-n-section";
import { hasChoiceFields } from "../../../platform/io/index";
import { BINNING_OPTIONS, assessFlags } from "./assess";
import { loadDeployment, loadPairs } from "../load-pairs";
import { responseScoresProblem } from "../../report/deployment-shift";
import { UsageError } from "../usage-error";
import { parseLabelMap } from "../../../platform/io/index";
import { checkOutputPath, compareCalibrationParallel, writeFileAtomic } from "../../../platform/node/index";

declare const __RMCAL_VERSION__: string;

const REPORT_HELP = `Usage: rmcal report [FILE] [--out rmcal-report.html] [options]

Writes one self-contained HTML file (no network): reliability diagrams before and after calibration with 95%
intervals and pair counts, the smooth reliability curve (smooth ECE), the held-out metrics table, the fitted
temperature, the margin histogram, per-group results with --group, and data diagnostics (coverage, label quality,
slices with 90% BCa bootstrap ECE intervals; see rmcal diagnose); with --pair-id and --order, pairs judged in both
orders; when every label is 1, 0 or 0.5 with some ties, the Davidson tie model. Without FILE, runs on the example data shipped with rmcal: a simulated
overconfident reward model, and real LLMBar judge ratings (GPT-4 and ChatGPT, "Rating" strategy).

Options:
  --out PATH               the HTML file (default rmcal-report.html); --force to replace it
  --force                  replace an existing --out file
  --group F[,F2]           per-group results for each value of field F
${CLUSTER_HELP} (needs FILE)
${ORDER_HELP} (needs FILE)
  --covariate-a F --covariate-b F   a numeric covariate of each response (e.g. lengths): the length-bias
                           check of rmcal diagnose, with a reliability diagram per tercile (needs FILE)
  --deployment FILE2       the diagnostics add the shift of FILE2's pairs from FILE's: PSI, KS, share outside
                           the calibration range (as rmcal diagnose; needs FILE)
  --deployment-score F     FILE2 holds one response per row, its score in field F (as rmcal diagnose)
  --holdout H              share of pairs held out (default 0.3); with --cluster, whole clusters
  --seed S                 seed of the split and of the resamples (default 0)
  --resamples R            bootstrap resamples of the before/after Δ intervals (default 1000)
  --title T                the report's title
  --json                   print the report's numbers as JSON (the diagrams stay in the HTML file)
  --bins N, --binning B, --view V   binning of the diagrams (as in rmcal assess)

With K-wise input (--scores or --prompt, needs FILE) the report has a best-of-N section: the temperature of
softmax(r/T) (Plackett–Luce for rankings) fitted on training prompts, and the held-out prompts' top-1 reliability
diagram, accuracy against chance, NLL and ECE before and after, with intervals from resampled prompts.

${INPUT_HELP}
${THREADS_HELP}

${CHOICE_HELP}`;

const REPORT_OPTIONS = {
  ...INPUT_OPTIONS,
  ...THREADS_OPTIONS,
  ...CLUSTER_OPTIONS,
  ...ORDER_OPTIONS,
  "covariate-a": COVARIATE_OPTIONS["covariate-a"],
  "covariate-b": COVARIATE_OPTIONS["covariate-b"],
  deployment: { type: "string" },
  "deployment-score": { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  group: { type: "string" },
  holdout: { type: "string" },
  seed: { type: "string" },
  resamples: { type: "string" },
  title: { type: "string" },
  json: { type: "boolean" },
  ...BINNING_OPTIONS,
  ...CHOICE_OPTIONS,
} as const;

/** The bundled examples/data folder, next to dist/ in the installed package. */
function exampleData(name: string): string {
  return fileURLToPath(new URL(`../examples/data/${name}`, import.meta.url));
}

interface Dataset {
  file: string;
  title: string;
  source: string;
  input: InputOptions;
  group?: string[];
}

/** The example sections of `rmcal report` without FILE. */
function exampleDatasets(): Dataset[] {
  const llmbar = (evaluator: string): InputOptions => ({
    fields: { scoreA: "score_1", scoreB: "score_2", label: "gold_label" },
    labelMap: parseLabelMap("1=1,2=0"),
    where: [{ field: "evaluator", value: evaluator }, { field: "strategy", value: "Rating" }],
    skipInvalid: false,
  });
  const llmbarSource = "Real judge ratings from the LLMBar benchmark (github.com/princeton-nlp/LLMBar, MIT License, " +
    "Copyright (c) 2023 Princeton Natural Language Processing; see examples/data/README.md). The judge rates both outputs " +
    "0–10; margin d = score_1 − score_2, label 1 when output 1 is the human-verified better one. Integer ratings make ties common.";
  return [
    {
      file: exampleData("simulated_overconfident_rm.csv"),
      title: "Simulated overconfident reward model",
      source: "Simulated by rmcal (scripts/make-example-data.mjs, fixed seed): labels drawn from true log-odds z, reward " +
        "margins about 2–4.5 × z depending on the subset. The model ranks well but is far too sure of itself.",
      input: { fields: {}, where: [], skipInvalid: false },
      group: ["subset"],
    },
    { file: exampleData("llmbar_rating_pairs.csv"), title: "LLMBar judge: GPT-4, Rating", source: llmbarSource, input: llmbar("GPT-4"), group: ["subset"] },
    {
      file: exampleData("llmbar_rating_pairs.csv"),
      title: "LLMBar judge: ChatGPT, Rating",
      source: `${llmbarSource} ChatGPT's ratings are at chance on LLMBar: the temperature fit must say that T is unbounded.`,
      input: llmbar("ChatGPT"),
    },
  ];
}

export async function reportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, REPORT_OPTIONS);
  if (values.help) return void process.stdout.write(REPORT_HELP + "\n");
  if (positionals.length > 1) throw new UsageError(`report takes at most one FILE, got ${positionals.length}`);
  const out = str(values.out) ?? "rmcal-report.html";
  const holdout = numberFlag(values, "holdout", 0.3, (h) => h > 0 && h < 1, "a number in (0, 1)");
  const seed = numberFlag(values, "seed", 0, (s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32, "an integer from 0 to 2^32 − 1");
  const resamples = numberFlag(values, "resamples", 1000, (r) => Number.isInteger(r) && r >= 1 && r <= 1_000_000, "an integer from 1 to 1000000");
  const assessOptions = assessFlags(values);
  const file = positionals[0];
  // K-wise choices by their flags, or detected when the file holds no pair fields (docs/DESIGN.md §12.3).
  if (hasChoiceFields(choiceFields(values)) && file === undefined) throw new UsageError("--scores and --prompt name fields of FILE; they need FILE");
  const kwise = hasChoiceFields(choiceFields(values)) ? choiceFields(values)
    : file === undefined ? null : await detectedChoiceFields(file, inputOptions(values));
  if (kwise !== null && file !== undefined) {
    if (values.group !== undefined || values.view !== undefined) throw new UsageError("--group and --view apply to pairs; K-wise input is assessed by its top-1 probability");
    // Flags for pairs are refused, not ignored, now that a K-wise file needs no flag to be read as one (§12.3).
    const pairOnly = ["deployment", "deployment-score", "pair-id", "order", "covariate-a", "covariate-b"].find((flag) => values[flag as keyof typeof values] !== undefined);
    if (pairOnly !== undefined) throw new UsageError(`--${pairOnly} applies to pairs; K-wise input takes none`);
    checkOutputPath(out, { force: values.force === true, inputs: [file] });
    const table = await loadChoices(file, kwise, inputOptions(values));
    const section = bestOfNStudy(table, {
      title: basename(file), source: `K-wise choices from ${file}.`, fieldsUsed: table.fieldsUsed, holdout, seed, resamples,
      bins: assessOptions.bins as number, binning: assessOptions.binning,
    });
    const title = str(values.title) ?? `rmcal calibration report: ${basename(file)}`;
    await writeFileAtomic(out, reportHtml({ title, generator: `rmcal ${__RMCAL_VERSION__}`, sections: [], bestOfN: [section] }), { force: values.force === true, inputs: [file] });
    process.stdout.write(`${section.title}: best-of-N temperature ${section.temperatureSummary} on ${section.nTrain} training prompts; ` +
      `held-out ECE ${section.before.ece.toFixed(4)} → ${section.after.ece.toFixed(4)}, NLL ${section.before.nll.toFixed(4)} → ${section.after.nll.toFixed(4)}\n` +
      `rmcal: wrote the report to ${resolve(out)}\n`);
    return;
  }
  const covariate = covariateFields(values);
  if (covariate !== undefined && file === undefined) throw new UsageError("--covariate-a/--covariate-b name fields of FILE's pairs; they need FILE");
  const datasets: Dataset[] = file === undefined
    ? exampleDatasets()
    : [{ file, title: basename(file), source: `Pairs from ${file}.`, input: { ...inputOptions(values), ...(covariate ? { covariates: covariate } : {}) }, group: groupFields(values) }];
  // Only a FILE's pairs have the field: on the bundled data --cluster would change nothing, and no flag is
  // silently ignored.
  if (values.cluster !== undefined && file === undefined) {
    throw new UsageError("--cluster names a field of FILE's pairs; it needs FILE");
  }
  const orders = orderFields(values);
  if (orders !== undefined && file === undefined) throw new UsageError("--pair-id and --order name fields of FILE's pairs; they need FILE");
  const deploymentFile = str(values.deployment), deploymentScore = str(values["deployment-score"]);
  if (deploymentFile !== undefined && file === undefined) throw new UsageError("--deployment is compared with FILE's pairs; it needs FILE");
  if (deploymentScore !== undefined && deploymentFile === undefined) throw new UsageError("--deployment-score names a field of the --deployment file; it needs --deployment");
  checkOutputPath(out, { force: values.force === true, inputs: [...datasets.map((d) => d.file), ...(deploymentFile === undefined ? [] : [deploymentFile])] });

  const sections: ReportSection[] = [];
  for (const d of datasets) {
    const table = await loadPairs(d.file, d.input, d.group);
    const scoresProblem = deploymentScore === undefined ? null : responseScoresProblem(table, d.file);
    if (scoresProblem !== null) throw new UsageError(`--deployment-score: ${scoresProblem}`);
    const deployment = deploymentFile === undefined ? null : { name: deploymentFile, data: await loadDeployment(deploymentFile, deploymentScore, d.input) };
    const threads = d.input.threads;
    sections.push(await calibrationStudy(table, {
      title: d.title, source: d.source, holdout, seed, assess: assessOptions, groupField: d.group?.join(",") ?? null,
      clusterField: d.input.cluster?.join(",") ?? null, resamples,
      covariateNames: d.input.covariates ? { a: d.input.covariates[0], b: d.input.covariates[1] } : null, deployment,
      compare: (before, after, options) => compareCalibrationParallel(before, after, { ...options, ...(threads === undefined ? {} : { threads }) }),
    }));
    if (orders !== undefined) {
      // A second reading with the pair id as cluster and the order as group, so neither takes --group's place.
      const orderTable = await loadPairs(d.file, { ...d.input, cluster: orders.pairId }, orders.order, true);
      sections[sections.length - 1].orders = {
        study: tableOrderSwap(orderTable, assessOptions, d.file, { pairId: orders.pairId.join(","), order: orders.order.join(",") }), fields: { pairId: orders.pairId.join(","), order: orders.order.join(",") },
      };
    }
  }
  const title = str(values.title) ?? (file === undefined ? "rmcal calibration report: example data" : `rmcal calibration report: ${basename(file)}`);
  const html = reportHtml({ title, generator: `rmcal ${__RMCAL_VERSION__}`, sections });
  await writeFileAtomic(out, html, { force: values.force === true, inputs: [...datasets.map((d) => d.file), ...(deploymentFile === undefined ? [] : [deploymentFile])] });
  if (values.json) {
    // The numbers only: the SVG drawings are the HTML file's business.
    const drawings = new Set(["deltaChart", "diagrams", "marginHistogram"]);
    const numbers = sections.map((s) => Object.fromEntries(Object.entries(s).filter(([key]) => !drawings.has(key))));
    return void process.stdout.write(JSON.stringify({ out: resolve(out), title, sections: numbers }, null, 2) + "\n");
  }
  process.stdout.write(sections.map(verdictSummary).join("") + `rmcal: wrote the report to ${resolve(out)}\n`);
}

/** The temperature's verdicts of a section, as rmcal fit prints them (the report has every method's). */
function verdictSummary(s: ReportSection): string {
  const temperature = s.methods.find((m) => m.name === "temperature" && m.comparison);
  if (!temperature) return "";
  const c = temperature.comparison!;
  return `${s.title}: temperature (${temperature.parameters}) against raw scores on ${s.nTest} held-out pairs, ` +
    `Δ with its ${c.confidence * 100}% BCa interval:\n` + c.metrics.map((m) => `  ${verdictLine(m)}\n`).join("");
}
