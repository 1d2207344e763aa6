// rmcal fit --group F: per-group temperatures with partial pooling (docs/DESIGN.md §5.14), compared under
// cross-fitting with one global temperature and with unpooled per-group temperatures, then saved as JSON.
import { tablePairs, type PairTable } from "../../../platform/io/index";
import { compareCalibration, type ComparisonOptions, type Pooling } from "../../../lib/index";
import { groupTemperatureStudy, groupTemperaturesText } from "../../report/group-temperatures";
import { verdictLine } from "../../report/verdicts";
import { writeFileAtomic } from "../../../platform/node/index";

export interface FitGroupsRun {
  file: string;
  out: string;
  force: boolean;
  json: boolean;
  groupField: string;
  pooling: Pooling;
  folds: number;
  seed: number;
  comparison: ComparisonOptions;
  /** The comparison's record for the JSON's fit (fit.ts owns that format). */
  comparisonRecord: (c: ReturnType<typeof compareCalibration>) => Record<string, unknown>;
}

/**
 * Fits, compares and writes: the NLL and ECE of raw, global, per-group and pooled predictions, and the paired
 * comparison of one global T against the chosen per-group fit (does the grouping help beyond one temperature?).
 */
export async function fitGroups(table: PairTable, run: FitGroupsRun): Promise<void> {
  const pairs = tablePairs(table);
  const keys = Array.from(table.groupCodes!, (code) => table.groupNames[code]);
  const study = groupTemperatureStudy(pairs, keys, {
    groupField: run.groupField, folds: run.folds, seed: run.seed, pooling: run.pooling,
    assess: { bins: run.comparison.bins, binning: run.comparison.binning, view: run.comparison.view },
  });
  const calibrator = study.crossFit.calibrator;
  const chosen = run.pooling === "partial" ? study.crossFit.pooled : study.crossFit.unpooled;
  const comparison = compareCalibration(study.crossFit.global, chosen, run.comparison);
  const json = calibrator.toJSON();
  json.fit = {
    ...json.fit, source: run.file, fields: table.fieldsUsed, group: run.groupField,
    crossFit: {
      folds: study.folds, seed: study.seed, unit: study.unit,
      predictions: Object.fromEntries(study.rows.map((r) => [r.name, { nll: r.assessment.nll, ece: r.assessment.ece, accuracy: r.assessment.accuracy }])),
    },
    comparison: run.comparisonRecord(comparison),
  };
  await writeFileAtomic(run.out, JSON.stringify(json, null, 2) + "\n", { force: run.force, inputs: [run.file] });
  if (run.json) return void process.stdout.write(JSON.stringify({ calibrator: json, out: run.out }, null, 2) + "\n");
  const units = comparison.unit === "clusters" ? `${comparison.units} clusters` : `${comparison.units} pairs`;
  process.stdout.write(
    groupTemperaturesText(study) +
    `one global T → ${run.pooling === "partial" ? "pooled" : "per-group"} temperatures, both cross-fitted, on the same pairs: ` +
    `Δ = after − before, ${run.comparison.confidence! * 100}% BCa interval from ${run.comparison.resamples} resamples of ${units}:\n` +
    comparison.metrics.map((m) => `  ${verdictLine(m)}\n`).join("") +
    `wrote ${run.out} (${run.pooling === "partial" ? "pooled" : "per-group"} temperatures fitted on all ${table.n} pairs; unseen groups get the global T)\n`,
  );
}
