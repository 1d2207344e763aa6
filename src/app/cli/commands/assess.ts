// rmcal assess FILE: calibration metrics and reliability bins of the pairs in a file, optionally per group.
import { basename } from "node:path";
import { tableColumns, subsetTable, rowsOfGroup, hasChoiceFields, type ChoiceFields, type PairTable } from "../../../platform/io/index";
import {
  CHOICE_HELP, CHOICE_OPTIONS, INPUT_HELP, INPUT_OPTIONS, THREADS_HELP, THREADS_OPTIONS, choiceFields, choiceFlag, groupFields, inputOptions, numberFlag, str,
  type Values, parseFlags,
} from "../options";
import { detectedChoiceFields, loadChoices } from "../load-choices";
import { loadPairs } from "../load-pairs";
import { assessmentTable, bestOfNTable, metricsLine } from "../format-table";
import { UsageError } from "../usage-error";
import { type Assessment, type AssessOptions, assessBestOfN, reliabilitySvg } from "../../../lib/index";
import { assessColumns, choicesOf, MAX_BINS, partialOfColumns } from "../../../lib/programs";
import { checkOutputPath, writeFileAtomic } from "../../../platform/node/index";

const ASSESS_HELP = `Usage: rmcal assess FILE... [field flags] [options]

Calibration of the reward model whose scores are in FILE (several files, a folder or a glob: one dataset; - for stdin): n, accuracy, NLL, Brier, ECE, MCE and the reliability bins.

Options:
  --bins N                 number of bins, 1 to ${MAX_BINS} (default 15)
  --binning uniform|quantile
  --view folded|oriented   folded (default): confidence σ(|d|) against the share agreeing with the model;
                           oriented: σ(d) against the label, for data whose A/B order means something
  --temperature T          assess σ(d/T) instead of σ(d) (default 1)
  --group F[,F2]           also assess each value of field F (a slice, e.g. a RewardBench subset)
  --json                   print the assess result as JSON (with --group: { overall, groups: [{ group, assessment }] })
  --svg PATH               write the reliability diagram as SVG (--force to replace an existing file)
  --resamples R            K-wise input: bootstrap resamples of prompts for the intervals (default 1000; 0: none)
  --seed S                 K-wise input: seed of the resamples (default 0)
  --partial PATH           write the partial assessment (exact per-bin sums, JSON) instead of printing: one shard
                           of a map-reduce, merged by \`rmcal merge\` (see README, "Sharded data")
  --sketch-bins G          with --partial and --binning quantile: the fine bins kept (default 1024); merged edges
                           lie within one fine bin, (1 − low)/G, of the exact quantile edges
  --force                  replace an existing --svg or --partial file

K-wise input is assessed by its top-1 probability max softmax(r/T): reliability bins on [1/K, 1], ECE, NLL
(softmax, or Plackett–Luce for rankings) and top-1 accuracy against chance 1/K, with 90% intervals from
resampled prompts.

${INPUT_HELP}
${THREADS_HELP}

${CHOICE_HELP}`;

/** The binning flags read by assessFlags, declared once for every command that assesses (assess, fit, report, diagnose). */
export const BINNING_OPTIONS = {
  bins: { type: "string" },
  binning: { type: "string" },
  view: { type: "string" },
} as const;

const ASSESS_OPTIONS = {
  ...INPUT_OPTIONS,
  ...THREADS_OPTIONS,
  ...BINNING_OPTIONS,
  temperature: { type: "string" },
  group: { type: "string" },
  json: { type: "boolean" },
  svg: { type: "string" },
  partial: { type: "string" },
  "sketch-bins": { type: "string" },
  force: { type: "boolean" },
  ...CHOICE_OPTIONS,
  resamples: { type: "string" },
  seed: { type: "string" },
} as const;

/** Assess options from the flags shared by assess and report. */
export function assessFlags(values: Values): AssessOptions {
  return {
    bins: numberFlag(values, "bins", 15, (x) => Number.isInteger(x) && x >= 1 && x <= MAX_BINS, `an integer from 1 to ${MAX_BINS}`),
    binning: choiceFlag(values, "binning", ["uniform", "quantile"] as const, "uniform"),
    view: choiceFlag(values, "view", ["folded", "oriented"] as const, "folded"),
    temperature: numberFlag(values, "temperature", 1, (x) => x > 0, "a number > 0"),
  };
}

/** One assessment per group value, in order of first appearance. */
function assessGroups(table: PairTable, options: AssessOptions): { group: string; assessment: Assessment }[] {
  return table.groupNames.map((group, code) => ({ group, assessment: assessColumns(tableColumns(subsetTable(table, rowsOfGroup(table, code))), options) }));
}

export async function assessCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, ASSESS_OPTIONS);
  if (values.help) return void process.stdout.write(ASSESS_HELP + "\n");
  if (positionals.length === 0) throw new UsageError("assess takes a FILE (or several, a folder, a glob, or - for stdin)");
  const file = positionals[0];
  // K-wise choices by their flags, or detected when the file holds no pair fields (docs/DESIGN.md §12.3).
  const kwise = hasChoiceFields(choiceFields(values)) ? choiceFields(values) : await detectedChoiceFields(positionals, inputOptions(values));
  if (kwise !== null) return assessChoices(positionals, kwise, values);
  if (values.resamples !== undefined || values.seed !== undefined) throw new UsageError("--resamples and --seed apply to K-wise input (--scores or --prompt); assess of pairs has no intervals");
  const options = assessFlags(values);
  const group = groupFields(values);
  const svgPath = str(values.svg);
  const partialPath = str(values.partial);
  if (partialPath !== undefined) return writePartial(file, partialPath, options, values);
  if (values["sketch-bins"] !== undefined) throw new UsageError("--sketch-bins is for --partial with --binning quantile");
  // Check the output path before the work, so a refused --svg fails fast (writeFileAtomic checks again).
  if (svgPath !== undefined) checkOutputPath(svgPath, { force: values.force === true, inputs: positionals });
  // Margins only, validated by the reader, go straight to assessColumns: no copy of a million-row file's columns.
  const table = await loadPairs(positionals, inputOptions(values), group, true);
  const overall = assessColumns(tableColumns(table), options);
  const groups = group ? assessGroups(table, options) : [];
  if (svgPath !== undefined) {
    const series = [{ name: basename(file), report: overall }, ...(groups.length <= 6 ? groups.map((g) => ({ name: g.group, report: g.assessment })) : [])];
    await writeFileAtomic(svgPath, reliabilitySvg(series, { title: `Reliability: ${basename(file)}` }) + "\n", { force: values.force === true, inputs: positionals });
    process.stderr.write(`rmcal: wrote ${svgPath}\n`);
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(group ? { overall, groups } : overall, null, 2) + "\n");
    return;
  }
  let text = assessmentTable(overall) + "\n";
  if (groups.length > 0) {
    const width = Math.max(...groups.map((g) => g.group.length));
    text += `\nper ${group!.join(",")}:\n` + groups.map((g) => `  ${g.group.padEnd(width)}  ${metricsLine(g.assessment)}`).join("\n") + "\n";
  }
  process.stdout.write(text);
}

/** rmcal assess on K-wise choices: the top-1 assessment with prompt-resampled intervals (docs/DESIGN.md §5.12). */
async function assessChoices(files: string[], fields: ChoiceFields, values: Values): Promise<void> {
  const file = files[0];
  if (values.group !== undefined) throw new UsageError("--group applies to pairs; K-wise input has no groups");
  if (values.view !== undefined) throw new UsageError("--view applies to pairs; K-wise input is assessed by its top-1 probability");
  // Flags for pairs are refused, not ignored, now that a K-wise file needs no flag to be read as one (§12.3).
  if (values.partial !== undefined || values["sketch-bins"] !== undefined) throw new UsageError("--partial and --sketch-bins write the sums of pairs; K-wise input has no partials");
  const { bins, binning, temperature } = assessFlags(values);
  const resamples = numberFlag(values, "resamples", 1000, (r) => Number.isInteger(r) && r >= 0 && r <= 1_000_000, "an integer from 0 to 1000000");
  const seed = numberFlag(values, "seed", 0, (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32, "an integer from 0 to 2^32 − 1");
  const svgPath = str(values.svg);
  if (svgPath !== undefined) checkOutputPath(svgPath, { force: values.force === true, inputs: files });
  const table = await loadChoices(files, fields, inputOptions(values));
  const result = assessBestOfN(choicesOf(table.columns), { bins: bins as number, binning, temperature, resamples, seed });
  if (svgPath !== undefined) {
    const series = [{ name: basename(file), report: { bins: result.bins, ece: result.ece, view: "oriented" as const } }];
    await writeFileAtomic(svgPath, reliabilitySvg(series, { title: `Top-1 reliability: ${basename(file)}` }) + "\n", { force: values.force === true, inputs: files });
    process.stderr.write(`rmcal: wrote ${svgPath}\n`);
  }
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + "\n" : bestOfNTable(result) + "\n");
}

/**
 * assess --partial: the shard's exact sums as a partial (docs/DESIGN.md §3.8), written atomically. Nothing goes to
 * stdout, so a map step's output is the file alone; flags that shape printed output are refused, not ignored.
 */
async function writePartial(file: string, path: string, options: AssessOptions, values: Values): Promise<void> {
  if (values["sketch-bins"] !== undefined && options.binning !== "quantile") throw new UsageError("--sketch-bins is for --binning quantile only; uniform bins are exact");
  for (const flag of ["group", "svg", "json"] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--partial writes sums only; it cannot be combined with --${flag}`);
  }
  const force = values.force === true;
  checkOutputPath(path, { force, inputs: [file] });
  const table = await loadPairs(file, inputOptions(values), undefined, true);
  const sketchBins = options.binning === "quantile"
    ? numberFlag(values, "sketch-bins", 1024, (x) => Number.isInteger(x) && x >= 1 && x <= 65_536, "an integer from 1 to 65536") : undefined;
  const partial = partialOfColumns(tableColumns(table), {
    bins: options.bins as number, binning: options.binning, view: options.view, temperature: options.temperature, sketchBins,
  });
  await writeFileAtomic(path, JSON.stringify(partial) + "\n", { force, inputs: [file] });
  process.stderr.write(`rmcal: wrote ${path} (${partial.n} pairs)\n`);
}
