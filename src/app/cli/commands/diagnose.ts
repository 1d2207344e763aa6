// rmcal diagnose FILE: is this calibration data good enough, and does it match deployment? Coverage of the margin
// axis, label quality and ties, per-group slices with bootstrap intervals, and the shift to a deployment file.
import { tableColumns, tablePairs, type PairTable } from "../../../platform/io/index";
import {
  CLUSTER_HELP, CLUSTER_OPTIONS, COVARIATE_HELP, COVARIATE_OPTIONS, INPUT_HELP, INPUT_OPTIONS, ORDER_HELP, ORDER_OPTIONS,
  THREADS_HELP, THREADS_OPTIONS, covariateFields, groupFields, inputOptions, numberFlag, orderFields, parseFlags, str,
} from "../options";
import { orderSwapLines, tableOrderSwap } from "../../report/order-swap-section";
import { tableTies, tieLines } from "../../report/ties-section";
import { covariateText, type CovariateNames } from "../../report/covariate-section";
import { BINNING_OPTIONS, assessFlags } from "./assess";
import { clusterCount, loadDeployment, loadPairs } from "../load-pairs";
import { responseScoresProblem, shiftLine } from "../../report/deployment-shift";
import { UsageError } from "../usage-error";
import { progressLine } from "../progress";
import { diagnose, type Diagnosis } from "../../../lib/index";
import { MAX_COVERAGE_BINS } from "../../../lib/programs";

const DIAGNOSE_HELP = `Usage: rmcal diagnose FILE [field flags] [--deployment FILE2] [--group F] [options]

Diagnoses calibration pairs before a calibrator is fitted on them or trusted:
  coverage   histogram of the margins, regions with fewer than --min-per-bin pairs per bin, and the range
             outside which a calibrator fitted on FILE extrapolates
  labels     agreement ceiling (mean of max(y, 1 − y)), share of labels near 0.5, tied labels and tied margins
  slices     with --group: each group's calibration with a BCa bootstrap interval of its ECE, largest ECE
             first; with --cluster the bootstrap resamples each slice's clusters whole
  covariate  with --covariate-a/--covariate-b (e.g. response lengths): the length-bias check
  shift      with --deployment: PSI and two-sample KS between the margins of FILE and FILE2, and the share of
             FILE2's margins outside FILE's range (FILE2 is read with the same field flags; with
             --score-a/--score-b it needs no label column); with --deployment-score F, FILE2 holds one
             response per row and its scores (field F) are compared with FILE's per-response scores
  orders     with --pair-id and --order: swap consistency, the position bias β with its interval (cluster
             sandwich by pair) and the calibration of each order alone against the order-averaged margin
  ties       with --ties: the Davidson tie model fitted on labels 1, 0 and 0.5 (a tied outcome): ν with its
             interval, the three-outcome NLL and observed against predicted tie rates

Options:
  --deployment FILE2       deployment pairs (or, with --deployment-score, responses) to compare with
  --deployment-score F     FILE2's field holding each response's score (FILE must then have chosen/rejected
                           or score-a/score-b scores, not margins)
  --group F[,F2]           slices by the value of field F
${CLUSTER_HELP} (needs --group)
${ORDER_HELP}
  --ties                   fit the Davidson tie model (every label 1, 0 or 0.5, some 0.5)
${COVARIATE_HELP}
  --min-per-bin N          a coverage bin with fewer pairs is sparse (default 30)
  --coverage-bins N        bins of the margin histogram (default 10)
  --resamples R            bootstrap resamples per slice (default 1000)
  --confidence C           coverage of the slices' intervals (default 0.9)
  --seed S                 bootstrap seed (default 0)
  --bins N, --binning B, --view V, --temperature T   how slices are assessed (as in rmcal assess)
  --json                   print the diagnosis as JSON

${INPUT_HELP}
${THREADS_HELP}`;

const DIAGNOSE_OPTIONS = {
  ...INPUT_OPTIONS,
  ...THREADS_OPTIONS,
  ...CLUSTER_OPTIONS,
  ...ORDER_OPTIONS,
  ties: { type: "boolean" },
  ...COVARIATE_OPTIONS,
  deployment: { type: "string" },
  "deployment-score": { type: "string" },
  group: { type: "string" },
  "min-per-bin": { type: "string" },
  "coverage-bins": { type: "string" },
  resamples: { type: "string" },
  confidence: { type: "string" },
  seed: { type: "string" },
  ...BINNING_OPTIONS,
  temperature: { type: "string" },
  json: { type: "boolean" },
} as const;

export async function diagnoseCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, DIAGNOSE_OPTIONS);
  if (values.help) return void process.stdout.write(DIAGNOSE_HELP + "\n");
  if (positionals.length !== 1) throw new UsageError(`diagnose takes one FILE, got ${positionals.length}`);
  const integer = (x: number) => Number.isInteger(x) && x >= 1;
  const options = {
    ...assessFlags(values),
    minPerBin: numberFlag(values, "min-per-bin", 30, (x) => x >= 0, "a number ≥ 0"),
    coverageBins: numberFlag(values, "coverage-bins", 10, (x) => integer(x) && x <= MAX_COVERAGE_BINS, `an integer from 1 to ${MAX_COVERAGE_BINS}`),
    resamples: numberFlag(values, "resamples", 1000, (x) => integer(x) && x <= 1e6, "an integer from 1 to 1000000"),
    confidence: numberFlag(values, "confidence", 0.9, (x) => x > 0 && x < 1, "a number in (0, 1)"),
    seed: numberFlag(values, "seed", 0, (x) => Number.isInteger(x) && x >= 0 && x <= Number.MAX_SAFE_INTEGER, "an integer ≥ 0"),
  };
  const covariate = covariateFields(values);
  const differenceBins = numberFlag(values, "difference-bins", 5, (x) => integer(x) && x <= 1000, "an integer from 1 to 1000");
  const input = { ...inputOptions(values), ...(covariate ? { covariates: covariate } : {}) };
  const group = groupFields(values);
  // Only the slices resample: a cluster field without them would change nothing, and no flag is silently ignored.
  if (input.cluster !== undefined && group === undefined) throw new UsageError("--cluster sets what the slices' bootstrap resamples; it needs --group");
  const orderNames = orderFields(values);
  const deploymentFile = str(values.deployment);
  const deploymentScore = str(values["deployment-score"]);
  if (deploymentScore !== undefined && deploymentFile === undefined) throw new UsageError("--deployment-score names a field of the --deployment file; it needs --deployment");
  // Per-response scores are compared with FILE's own, so those are kept; otherwise the margins suffice.
  const table = await loadPairs(positionals[0], input, group, deploymentScore === undefined);
  const scoresProblem = deploymentScore === undefined ? null : responseScoresProblem(table, positionals[0]);
  if (scoresProblem !== null) throw new UsageError(`--deployment-score: ${scoresProblem}`);
  const deployment = deploymentFile === undefined ? undefined : await loadDeployment(deploymentFile, deploymentScore, input);
  // The slices' bootstraps can take minutes: a progress line on a terminal. Ctrl-C ends the process at once (the
  // computation is synchronous); nothing is written before the diagnosis is complete, so nothing partial is left.
  const progress = progressLine("slices", process.stderr, { verb: "bootstrapping", unit: "resamples" });
  let diagnosis;
  try {
    diagnosis = diagnose(deploymentScore === undefined ? tableColumnsAsPairs(table) : tablePairs(table), {
      ...options, deployment, group: group ? groupKeys(table) : undefined, onProgress: (done, total) => progress.update(done / total, done),
      ...(covariate ? { covariate: { a: table.covariates[0], b: table.covariates[1] }, differenceBins } : {}),
    });
  } finally {
    progress.done();
  }
  const clusters = input.cluster === undefined ? undefined : { field: input.cluster.join(","), count: table.clusterCount };
  // The pair id and the order are read as the cluster and group fields of a second reading of FILE, so they do
  // not take the place of --group or --cluster.
  const orders = orderNames === undefined ? undefined
    : tableOrderSwap(await loadPairs(positionals[0], { ...input, cluster: orderNames.pairId }, orderNames.order, true), assessFlags(values), positionals[0], { pairId: orderNames.pairId.join(","), order: orderNames.order.join(",") });
  let ties;
  if (values.ties === true) {
    ties = tableTies(table);
    if (ties === null) throw new UsageError(`--ties needs three-outcome labels: every label 1, 0 or 0.5 (a tie), and some 0.5; map yours with --label-map (e.g. 1=1,2=0,tie=0.5)`);
  }
  if (values.json) {
    const tieJson = ties ? { fit: { ...ties.fit, probabilities: undefined }, assessment: ties.assessment } : undefined;
    return void process.stdout.write(JSON.stringify({ ...diagnosis, ...(clusters ? { clusters } : {}), ...(orders ? { orders } : {}), ...(tieJson ? { ties: tieJson } : {}) }, null, 2) + "\n");
  }
  const text = diagnosisText(diagnosis, {
    group: group?.join(","), deploymentFile, confidence: options.confidence, resamples: options.resamples,
    resampled: clusters ? `whole clusters, ${clusterCount(table, clusters.field)}` : "pairs",
    covariate: covariate ? { a: covariate[0], b: covariate[1] } : undefined,
  });
  const extra = [
    ...(orders && orderNames ? orderSwapLines(orders, { pairId: orderNames.pairId.join(","), order: orderNames.order.join(",") }) : []),
    ...(ties ? tieLines(ties) : []),
  ];
  process.stdout.write(text + extra.map((line) => line + "\n").join(""));
}

/** The table's margins, labels, weights and clusters as library pairs (margins only were kept when reading). */
function tableColumnsAsPairs(table: PairTable) {
  const c = tableColumns(table);
  const label = c.label ?? new Float64Array(c.n).fill(1);
  return { margin: c.margin, label, ...(c.weight ? { weight: c.weight } : {}), ...(c.cluster ? { cluster: c.cluster } : {}) };
}

function groupKeys(table: PairTable): string[] {
  const codes = table.groupCodes!;
  return Array.from(codes, (code) => table.groupNames[code]);
}

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number) => String(Number(x.toPrecision(4)));

/** The diagnosis as plain text, one block per part. */
function diagnosisText(
  d: Diagnosis,
  context: { group?: string; deploymentFile?: string; confidence: number; resamples: number; resampled: string; covariate?: CovariateNames },
): string {
  const c = d.coverage;
  const lines = [`coverage: ${d.n} pairs, margins from ${num(c.range[0])} to ${num(c.range[1])} (${c.histogram.counts.length} bins, sparse below ${c.minPerBin} pairs)`];
  const last = c.histogram.counts.length - 1;
  const labels = c.histogram.counts.map((_, b) => `[${num(c.histogram.edges[b])}, ${num(c.histogram.edges[b + 1])}${b === last ? "]" : ")"}`);
  const width = Math.max(...labels.map((label) => label.length));
  c.histogram.counts.forEach((count, b) => {
    lines.push(`  ${labels[b].padEnd(width)}  ${String(count).padStart(7)}${count < c.minPerBin ? "  sparse" : ""}`);
  });
  lines.push(c.sparse.length === 0
    ? "  no sparse region"
    : `  sparse regions (${pct(c.sparseShare)} of pairs): ${c.sparse.map((r) => `[${num(r.lower)}, ${num(r.upper)}] ${r.count} pairs`).join("; ")}`);
  lines.push(`  a calibrator fitted on these pairs extrapolates outside margins [${num(c.range[0])}, ${num(c.range[1])}]`);
  const l = d.labels;
  lines.push(`labels: agreement ceiling ${f4(l.agreementCeiling)}, near 0.5 (|y − 0.5| ≤ ${l.nearHalf}) ${pct(l.nearHalfShare)}, ` +
    `soft ${pct(l.softShare)}, tied labels ${pct(l.labelTieShare)}, tied margins (ties) ${pct(l.marginTieShare)}`);
  if (d.shift) lines.push(shiftLine(d.shift, context.deploymentFile ?? "deployment"));
  if (d.covariate && context.covariate) lines.push(...covariateText(d.covariate, context.covariate));
  if (d.slices) {
    lines.push(`slices by ${context.group} (ECE with ${Math.round(context.confidence * 100)}% BCa bootstrap interval, ` +
      `${context.resamples} resamples of ${context.resampled}; largest ECE first):`);
    const width = Math.max(...d.slices.map((s) => s.group.length));
    for (const s of d.slices) {
      // Where BCa is undefined the percentile interval stands in (docs/DESIGN.md §6.4): say so on that slice.
      const method = s.eceMethod === "bca" ? "" : ` (${s.eceMethod})`;
      const units = s.unit === "clusters" ? `  clusters ${String(s.units).padStart(5)}` : "";
      lines.push(`  ${s.group.padEnd(width)}  n ${String(s.n).padStart(5)}${units}  accuracy ${f4(s.assessment.accuracy)}  ` +
        `ECE ${f4(s.ece)} [${f4(s.eceLow)}, ${f4(s.eceHigh)}]${method}  NLL ${f4(s.assessment.nll)}`);
    }
  }
  return lines.join("\n") + "\n";
}
