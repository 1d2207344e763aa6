// rmcal fit on K-wise choices: the temperature of softmax(r/T) (Plackett–Luce for rankings) fitted on training
// prompts, the held-out prompts' top-1 metrics before and after, and the calibrator JSON (docs/DESIGN.md §5.12).
import { loadChoices } from "../load-choices";
import type { InputOptions } from "../options";
import { InputError, type ChoiceFields } from "../../../platform/io/index";
import { writeFileAtomic } from "../../../platform/node/index";
import { assessBestOfN, fitTemperature, type BestOfNAssessment, type Binning } from "../../../lib/index";
import { choicesOf, splitIndices } from "../../../lib/programs";
import { bestOfNLine } from "../format-table";

export interface FitChoicesSettings {
  file: string;
  out: string;
  force: boolean;
  json: boolean;
  fields: ChoiceFields;
  input: InputOptions;
  holdout: number;
  seed: number;
  resamples: number;
  bins: number | "sweep" | undefined;
  binning: Binning | undefined;
}

export async function fitChoices(s: FitChoicesSettings): Promise<void> {
  const table = await loadChoices(s.file, s.fields, s.input);
  const { columns } = table;
  if (columns.n < 2) throw new InputError(s.file, null, null, `has only ${columns.n} valid prompt; fit needs at least 2 (to fit on and to hold out)`, "empty-input");
  if (s.bins === "sweep") throw new InputError(s.file, null, null, "--bins sweep applies to pairs; give a number of bins", "input-format");
  const split = splitIndices(columns.n, s.holdout, s.seed);
  const calibrator = fitTemperature(choicesOf(columns, split.train));
  const test = choicesOf(columns, split.test);
  const options = { bins: s.bins, binning: s.binning, resamples: s.resamples, seed: s.seed };
  const before = assessBestOfN(test, options);
  const after = assessBestOfN(test, { ...options, temperature: calibrator.temperature });
  const json = calibrator.toJSON();
  const record = (a: BestOfNAssessment) => ({ accuracy: a.accuracy, nll: a.nll, ece: a.ece, intervals: a.intervals });
  json.fit = {
    ...json.fit, source: s.file, fields: table.fieldsUsed, holdout: s.holdout, seed: s.seed,
    heldOut: { prompts: before.n, chance: before.chance, confidence: before.confidence, resamples: before.resamples, before: record(before), after: record(after) },
  };
  await writeFileAtomic(s.out, JSON.stringify(json, null, 2) + "\n", { force: s.force, inputs: [s.file] });
  if (s.json) {
    process.stdout.write(JSON.stringify({ calibrator: json, out: s.out }, null, 2) + "\n");
    return;
  }
  const interval = calibrator.interval;
  const show = (x: number) => (x === Infinity ? "∞" : x.toPrecision(4));
  process.stdout.write(
    `temperature (${columns.ranked ? "Plackett–Luce" : "best-of-N softmax"} NLL): T = ${calibrator.temperature.toPrecision(6)} on ${split.train.length} training prompts` +
    `${calibrator.message ? `\n  note: ${calibrator.message}` : ""}\n` +
    (interval ? `  ${interval.confidence * 100}% interval of T: ${show(interval.low)} to ${show(interval.high)} (${interval.method})\n` : "") +
    `held-out ${split.test.length} prompts of ${columns.n} (seed ${s.seed}), ${before.confidence * 100}% intervals from ${before.resamples} resamples of prompts:\n` +
    `  before (T = 1): ${bestOfNLine(before)}\n` +
    `  after:          ${bestOfNLine(after)}\n` +
    `wrote ${s.out}\n`,
  );
}
