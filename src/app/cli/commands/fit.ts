// rmcal fit FILE --method M --out calibrator.json: fit, compare before and after with intervals, save the JSON.
import { tablePairs, subsetTable, InputError, hasChoiceFields } from "../../../platform/io/index";
import {
  CHOICE_HELP, CHOICE_OPTIONS, CLUSTER_HELP, CLUSTER_OPTIONS, INPUT_HELP, INPUT_OPTIONS, THREADS_HELP, THREADS_OPTIONS, choiceFields, choiceFlag, groupFields,
  inputOptions, numberFlag, parseFlags, str,
} from "../options";
import { fitChoices } from "./fit-choices";
import { detectedChoiceFields } from "../load-choices";
import { fitGroups } from "./fit-groups";
import { BINNING_OPTIONS, assessFlags } from "./assess";
import { loadPairs } from "../load-pairs";
import { verdictLine } from "../../report/verdicts";
import { UsageError } from "../usage-error";
import { calibratedPairs, crossFit, type CalibrationComparison, type ComparedMetric } from "../../../lib/index";
import { compareCalibrationParallel, fitTemperatureParallel } from "../../../platform/node/index";
import {
  CALIBRATION_METHODS, POSITION_DEBIASED_PLATT, COMPARED_METRICS, type FittedCalibrator, type MethodName, splitIndices,
} from "../../../lib/programs";
import { checkOutputPath, writeFileAtomic } from "../../../platform/node/index";
import type { ParameterInterval } from "../../../lib/index";

/**
 * Above this many compared pairs the default metrics leave out smooth ECE: each of its resamples refits the
 * bandwidth (docs/DESIGN.md §3.5), about 2 ms per 2,000 pairs, so 1,000 resamples of both sides of 100,000 pairs
 * would take minutes. --metrics asks for it explicitly.
 */
const SMOOTH_ECE_DEFAULT_LIMIT = 100_000;

const FIT_HELP = `Usage: rmcal fit FILE --method temperature|platt|platt-debiased|isotonic|venn-abers --out calibrator.json [options]

Fits the calibrator, prints each metric before and after with the change Δ and its bootstrap interval (saying
plainly when a change is not significant), and writes the calibrator as JSON (load it with loadCalibrator or use it
with rmcal apply). By default it fits on a training split and compares on the held-out part; with --cross-fit K
every pair is predicted by a calibrator fitted on the other folds, and the saved calibrator is fitted on all pairs.

Options:
  --method M               temperature (default), platt, platt-debiased, isotonic or venn-abers; platt-debiased
                           fits σ(α·d + β) and keeps σ(α·d): the position bias β removed (pairs judged in both
                           orders); venn-abers gives an interval [p0, p1] per pair and the merged probability
                           (rmcal apply writes all three)
  --objective nll|ece      temperature only: minimize NLL (default) or ECE
  --holdout H              share of pairs held out for the before/after metrics (default 0.2)
  --cross-fit K            instead of a held-out split: K folds, before/after on every pair (K ≥ 2)
  --seed S                 seed of the split or folds and of the resamples (default 0)
  --resamples R            bootstrap resamples for the Δ intervals (default 1000)
  --confidence C           coverage of the Δ intervals, BCa (default 0.9)
  --out PATH               where to write the calibrator JSON (required)
  --reward-clip C          store C as the calibrator's reward clip: rewards (rmcal apply --score, serve,
                           reward()) are clipped to [−C, C] in log-odds units after the transform
  --force                  replace an existing --out file
  --metrics M,...          metrics to compare (default all: nll,brier,ece,rmsce,mce,rmsceDebiased,smece,
                           accuracy; smece only up to ${SMOOTH_ECE_DEFAULT_LIMIT.toLocaleString("en-US")} pairs, as its bootstrap refits a bandwidth per resample)
  --json                   print the fit and the comparison as JSON
  --bins N, --binning B, --view V   how the metrics are binned (as in rmcal assess)
  --group F[,F2]           one temperature per value of field F (subset, task, domain), shrunk toward the
                           global T by empirical Bayes; compared under cross-fitting (--cross-fit K, default 5)
                           with one global T and with unpooled per-group T; apply it with rmcal apply --group F
  --pooling partial|none   with --group: shrink toward the global T (default) or keep each group's own fit
${CLUSTER_HELP}
                           (the held-out split and the folds then keep whole clusters together)

K-wise input (--scores or --prompt) is fitted by temperature on the NLL of softmax(r/T), or of Plackett–Luce for
rankings, on the training prompts; before → after are the held-out prompts' top-1 metrics with 90% intervals.

${INPUT_HELP}
${THREADS_HELP}

${CHOICE_HELP}`;

const FIT_OPTIONS = {
  ...INPUT_OPTIONS,
  ...THREADS_OPTIONS,
  ...CLUSTER_OPTIONS,
  method: { type: "string" },
  objective: { type: "string" },
  holdout: { type: "string" },
  "cross-fit": { type: "string" },
  group: { type: "string" },
  pooling: { type: "string" },
  metrics: { type: "string" },
  seed: { type: "string" },
  resamples: { type: "string" },
  confidence: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  json: { type: "boolean" },
  "reward-clip": { type: "string" },
  ...BINNING_OPTIONS,
  ...CHOICE_OPTIONS,
} as const;

export async function fitCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, FIT_OPTIONS);
  if (values.help) return void process.stdout.write(FIT_HELP + "\n");
  if (positionals.length !== 1) throw new UsageError(`fit takes one FILE, got ${positionals.length}`);
  const file = positionals[0];
  const out = str(values.out);
  if (out === undefined) throw new UsageError("--out is required: where to write the calibrator JSON");
  const chosen = choiceFlag(values, "method", ["temperature", "platt", "platt-debiased", "isotonic", "venn-abers"] as const, "temperature");
  const methodName = chosen as MethodName;
  const method = chosen === "platt-debiased" ? POSITION_DEBIASED_PLATT : CALIBRATION_METHODS[methodName];
  if (!method) throw new UsageError(`--method ${methodName} is not available in this build of rmcal`);
  const objective = choiceFlag(values, "objective", ["nll", "ece"] as const, "nll");
  if (values.objective !== undefined && methodName !== "temperature") throw new UsageError("--objective applies to --method temperature only");
  if (chosen === "platt-debiased" && values["cross-fit"] !== undefined) throw new UsageError("--cross-fit supports --method temperature, platt and isotonic; fit platt-debiased with --holdout");
  if (values.holdout !== undefined && values["cross-fit"] !== undefined) throw new UsageError("--holdout and --cross-fit are two ways to compare; give one");
  const holdout = numberFlag(values, "holdout", 0.2, (h) => h > 0 && h < 1, "a number in (0, 1)");
  const folds = values["cross-fit"] === undefined ? null
    : numberFlag(values, "cross-fit", 5, (k) => Number.isInteger(k) && k >= 2 && k <= 1000, "an integer from 2 to 1000");
  const seed = numberFlag(values, "seed", 0, (s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32, "an integer from 0 to 2^32 − 1");
  const resamples = numberFlag(values, "resamples", 1000, (r) => Number.isInteger(r) && r >= 1 && r <= 1_000_000, "an integer from 1 to 1000000");
  const confidence = numberFlag(values, "confidence", 0.9, (c) => c > 0 && c < 1, "a number in (0, 1)");
  const rewardClip = values["reward-clip"] === undefined ? null
    : numberFlag(values, "reward-clip", 0, (c) => Number.isFinite(c) && c > 0, "a finite number > 0");
  // fit has no --temperature (FIT_OPTIONS), so assessFlags' temperature is its default, 1, and is left out here.
  const { bins, binning, view } = assessFlags(values);
  const input = inputOptions(values);
  const group = groupFields(values);
  if (values.pooling !== undefined && group === undefined) throw new UsageError("--pooling applies to per-group temperatures: give --group FIELD too");
  if (group !== undefined) {
    if (values.method !== undefined && methodName !== "temperature") throw new UsageError("--group fits per-group temperatures; it takes --method temperature only");
    if (values.objective !== undefined && objective !== "nll") throw new UsageError("--group fits each group's temperature by NLL (the shrinkage needs its likelihood); --objective ece is not available with it");
    if (values.holdout !== undefined) throw new UsageError("--group compares the global, per-group and pooled temperatures under cross-fitting: use --cross-fit K (default 5), not --holdout");
  }
  // Check the output path before the work, so a forgotten --force fails fast.
  checkOutputPath(out, { force: values.force === true, inputs: [file] });
  // K-wise choices by their flags, or detected when the file holds no pair fields (docs/DESIGN.md §12.3).
  const kwise = hasChoiceFields(choiceFields(values)) ? choiceFields(values) : await detectedChoiceFields(file, input);
  if (kwise !== null) {
    if (methodName !== "temperature" || values.objective === "ece") throw new UsageError("K-wise input (--scores or --prompt) is fitted by temperature on the NLL only");
    if (folds !== null) throw new UsageError("--cross-fit applies to pairs; K-wise input is compared on --holdout prompts");
    if (values.metrics !== undefined || values.view !== undefined) throw new UsageError("--metrics and --view apply to pairs; K-wise input reports top-1 accuracy, NLL and ECE");
    // Flags for pairs are refused, not ignored, now that a K-wise file needs no flag to be read as one (§12.3).
    if (group !== undefined) throw new UsageError("--group applies to pairs; K-wise input is fitted with one temperature");
    if (rewardClip !== null) throw new UsageError("--reward-clip applies to pairs' rewards; K-wise input stores no reward clip");
    if (values.confidence !== undefined) throw new UsageError("--confidence sets the pairs' Δ intervals; K-wise input reports 90% intervals from resampled prompts");
    return fitChoices({ file, out, force: values.force === true, json: values.json === true, fields: kwise, input, holdout, seed, resamples, bins, binning });
  }

  const table = await loadPairs(file, input, group);
  const why = method.unsupported(table.mapping.shape === "chosen-rejected" ? "chosen-rejected" : "scores");
  if (why) throw new UsageError(`--method ${methodName}: ${why}`);
  // The clip is stored with the reward statistics, which only per-response scores give (docs/DESIGN.md §5.6).
  if (rewardClip !== null && table.mapping.shape === "margin") {
    throw new UsageError("--reward-clip is stored with the calibrator's reward statistics, which need per-response scores; this file gives margins only");
  }
  // Checked here so the message names the file; splitIndices would only say "pairs" (docs/DESIGN.md §8).
  if (table.n < 2) throw new InputError(file, null, null, `has only ${table.n} valid pair${table.n === 1 ? "" : "s"}; fit needs at least 2 (to fit on and to hold out)`, "empty-input");
  const clusters = table.clusterCodes ? { codes: table.clusterCodes, count: table.clusterCount } : null;
  const compared = folds !== null ? table.n : Math.max(1, Math.round(holdout * table.n));
  const metrics = metricsFlag(values, group === undefined ? compared : table.n);
  const comparisonOptions = { bins, binning, view, resamples, confidence, seed, metrics };
  if (group !== undefined) {
    return fitGroups(table, {
      file, out, force: values.force === true, json: values.json === true, groupField: group.join(","),
      pooling: choiceFlag(values, "pooling", ["partial", "none"] as const, "partial"), folds: folds ?? 5, seed,
      comparison: comparisonOptions, comparisonRecord,
    });
  }

  let calibrator: FittedCalibrator, comparison: CalibrationComparison, scope: string, record: Record<string, unknown>;
  if (folds !== null) {
    const pairs = tablePairs(table);
    const fitted = crossFit(pairs, { method: methodName, ...(methodName === "temperature" ? { objective } : {}), folds, seed, rewardClip });
    calibrator = fitted.calibrator as FittedCalibrator;
    comparison = await compareCalibrationParallel(pairs, fitted.outOfFold, { ...comparisonOptions, threads: input.threads });
    scope = `all ${table.n} pairs, each predicted by the calibrator fitted on the other ${folds - 1} of ${folds} folds (seed ${seed}${clusters ? ", folds keep clusters whole" : ""})`;
    record = { crossFit: { folds, seed, unit: fitted.unit } };
  } else {
    const split = splitIndices(table.n, holdout, seed, clusters);
    const testTable = subsetTable(table, split.test);
    const train = tablePairs(subsetTable(table, split.train));
    // Temperature's NLL passes run on --threads as fixed chunks joined in order: fitTemperature's bits (DESIGN §6.10).
    calibrator = methodName === "temperature"
      ? await fitTemperatureParallel(train, { objective, rewardClip, threads: input.threads })
      : method.fit(train, { objective, rewardClip });
    const test = tablePairs(testTable);
    comparison = await compareCalibrationParallel(test, calibratedPairs(calibrator, test), { ...comparisonOptions, threads: input.threads });
    scope = `${split.test.length} held-out pairs of ${table.n} (seed ${seed}${clusters ? ", whole clusters held out" : ""})`;
    record = { holdout, seed };
  }

  const json = calibrator.toJSON();
  json.fit = { ...json.fit, source: file, fields: table.fieldsUsed, ...record, comparison: comparisonRecord(comparison) };
  await writeFileAtomic(out, JSON.stringify(json, null, 2) + "\n", { force: values.force === true, inputs: [file] });

  const message = method.message(calibrator);
  const interval = method.interval(calibrator);
  if (values.json) {
    process.stdout.write(JSON.stringify({ calibrator: json, out }, null, 2) + "\n");
    return;
  }
  const resampledUnits = comparison.unit === "clusters" ? `${comparison.units} clusters (${input.cluster!.join(",")})` : `${comparison.units} pairs`;
  process.stdout.write(
    `${method.label}: ${method.describe(calibrator)}${message ? `\n  note: ${message}` : ""}\n` +
    (interval ? `  ${intervalLine(interval.parameter, interval.interval)}\n` : "") +
    `before → after on ${scope}\n` +
    `Δ = after − before, ${confidence * 100}% BCa interval from ${resamples} resamples of ${resampledUnits}:\n` +
    comparison.metrics.map((m) => `  ${verdictLine(m)}\n`).join("") +
    `wrote ${out}${folds !== null ? ` (calibrator fitted on all ${table.n} pairs)` : ""}\n`,
  );
}

/** --metrics, or every metric (smooth ECE only up to SMOOTH_ECE_DEFAULT_LIMIT compared pairs). */
function metricsFlag(values: Record<string, unknown>, compared: number): ComparedMetric[] {
  const raw = str(values.metrics);
  if (raw === undefined) return COMPARED_METRICS.filter((m) => m !== "smece" || compared <= SMOOTH_ECE_DEFAULT_LIMIT);
  const metrics = raw.split(",").map((m) => m.trim()).filter((m) => m !== "");
  const unknown = metrics.find((m) => !(COMPARED_METRICS as readonly string[]).includes(m));
  if (metrics.length === 0 || unknown !== undefined) {
    throw new UsageError(`--metrics ${unknown === undefined ? "needs at least one metric" : `has "${unknown}"`}; choose from ${COMPARED_METRICS.join(",")}`);
  }
  return [...new Set(metrics)] as ComparedMetric[];
}

/** The comparison as the calibrator JSON's `fit` record keeps it (non-finite numbers become null in JSON). */
function comparisonRecord(c: CalibrationComparison): Record<string, unknown> {
  return {
    resamples: c.resamples, confidence: c.confidence, unit: c.unit, units: c.units,
    metrics: c.metrics.map(({ metric, before, after, delta, low, high, method, signFlip, significant, improved }) =>
      ({ metric, before, after, delta, low, high, method, signFlip, significant, improved })),
  };
}

/** "95% interval of T: 1.746 to 2.074 (profile-likelihood)"; an unbounded end is ∞ (docs/DESIGN.md §6.7). */
function intervalLine(parameter: string, { low, high, confidence, method }: ParameterInterval): string {
  const show = (x: number) => (x === Infinity ? "∞" : x.toPrecision(4));
  return `${confidence * 100}% interval of ${parameter}: ${show(low)} to ${show(high)} (${method}${parameter === "β" ? "; β is the position bias" : ""})`;
}
