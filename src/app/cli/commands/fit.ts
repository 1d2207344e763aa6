// rmcal fit FILE --method M --out calibrator.json: fit on a training split, report held-out metrics, save the JSON.
import { parseArgs } from "node:util";
import { tablePairs, subsetTable, InputError } from "../../../platform/io/index";
import { INPUT_HELP, INPUT_OPTIONS, choiceFlag, inputOptions, numberFlag, str } from "../options";
import { BINNING_OPTIONS, assessFlags } from "./assess";
import { loadPairs } from "../load-pairs";
import { metricsLine } from "../format-table";
import { UsageError } from "../usage-error";
import { assess, calibratedAssessment } from "../../../lib/index";
import { CALIBRATION_METHODS, type MethodName, splitIndices } from "../../../lib/programs";
import { checkOutputPath, writeFileAtomic } from "../../../platform/node/index";
import type { ParameterInterval } from "../../../lib/index";

const FIT_HELP = `Usage: rmcal fit FILE --method temperature|platt|isotonic --out calibrator.json [options]

Splits the pairs in FILE, fits the calibrator on the training part, prints metrics before and after on the
held-out part, and writes the calibrator as JSON (load it with loadCalibrator or use it with rmcal apply).

Options:
  --method M               temperature (default), platt or isotonic
  --objective nll|ece      temperature only: minimize NLL (default) or ECE
  --holdout H              share of pairs held out for the before/after metrics (default 0.2)
  --seed S                 seed of the split (default 0)
  --out PATH               where to write the calibrator JSON (required)
  --force                  replace an existing --out file
  --bins N, --binning B, --view V   how the held-out metrics are binned (as in rmcal assess)

${INPUT_HELP}`;

const FIT_OPTIONS = {
  ...INPUT_OPTIONS,
  method: { type: "string" },
  objective: { type: "string" },
  holdout: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  ...BINNING_OPTIONS,
} as const;

export async function fitCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: FIT_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return void process.stdout.write(FIT_HELP + "\n");
  if (positionals.length !== 1) throw new UsageError(`fit takes one FILE, got ${positionals.length}`);
  const file = positionals[0];
  const out = str(values.out);
  if (out === undefined) throw new UsageError("--out is required: where to write the calibrator JSON");
  const methodName = choiceFlag(values, "method", ["temperature", "platt", "isotonic"] as const, "temperature") as MethodName;
  const method = CALIBRATION_METHODS[methodName];
  if (!method) throw new UsageError(`--method ${methodName} is not available in this build of rmcal`);
  const objective = choiceFlag(values, "objective", ["nll", "ece"] as const, "nll");
  if (values.objective !== undefined && methodName !== "temperature") throw new UsageError("--objective applies to --method temperature only");
  const holdout = numberFlag(values, "holdout", 0.2, (h) => h > 0 && h < 1, "a number in (0, 1)");
  const seed = numberFlag(values, "seed", 0, (s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32, "an integer from 0 to 2^32 − 1");
  const assessOptions = { ...assessFlags(values), temperature: 1 };
  // Check the output path before the work, so a forgotten --force fails fast.
  checkOutputPath(out, { force: values.force === true, inputs: [file] });

  const table = await loadPairs(file, inputOptions(values), undefined);
  const why = method.unsupported(table.mapping.shape === "chosen-rejected" ? "chosen-rejected" : "scores");
  if (why) throw new UsageError(`--method ${methodName}: ${why}`);
  // Checked here so the message names the file; splitIndices would only say "pairs" (docs/DESIGN.md §8).
  if (table.n < 2) throw new InputError(file, null, null, `has only ${table.n} valid pair${table.n === 1 ? "" : "s"}; fit needs at least 2 (to fit on and to hold out)`, "empty-input");
  const split = splitIndices(table.n, holdout, seed);
  const train = tablePairs(subsetTable(table, split.train)), test = tablePairs(subsetTable(table, split.test));
  const calibrator = method.fit(train, { objective });
  const before = assess(test, assessOptions);
  const after = calibratedAssessment(calibrator, test, assessOptions);

  const json = calibrator.toJSON();
  const summary = (a: typeof before) => ({ n: a.n, accuracy: a.accuracy, nll: a.nll, brier: a.brier, ece: a.ece, mce: a.mce });
  json.fit = { ...json.fit, source: file, fields: table.fieldsUsed, holdout, seed, heldOut: { before: summary(before), after: summary(after) } };
  await writeFileAtomic(out, JSON.stringify(json, null, 2) + "\n", { force: values.force === true, inputs: [file] });

  const message = method.message(calibrator);
  const interval = method.interval(calibrator);
  process.stdout.write(
    `${method.label}: ${method.describe(calibrator)}${message ? `\n  note: ${message}` : ""}\n` +
    (interval ? `  ${intervalLine(interval.parameter, interval.interval)}\n` : "") +
    `held-out pairs (${split.test.length} of ${table.n}, seed ${seed}):\n` +
    `  before  ${metricsLine(before)}\n` +
    `  after   ${metricsLine(after)}\n` +
    `wrote ${out}\n`,
  );
}

/** "95% interval of T: 1.746 to 2.074 (profile-likelihood)"; an unbounded end is ∞ (docs/DESIGN.md §6.7). */
function intervalLine(parameter: string, { low, high, confidence, method }: ParameterInterval): string {
  const show = (x: number) => (x === Infinity ? "∞" : x.toPrecision(4));
  return `${confidence * 100}% interval of ${parameter}: ${show(low)} to ${show(high)} (${method}${parameter === "β" ? "; β is the position bias" : ""})`;
}
