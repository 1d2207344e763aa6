// rmcal export CALIBRATOR --to head|openrlhf|trl: prints what a trainer needs to emit centered calibrated rewards
// itself (docs/DESIGN.md §5.9), as text with the PyTorch or config lines, or as JSON.
import { exportCalibrator, type CalibratorExport } from "../../../lib/index";
import { UsageError } from "../usage-error";
import { parseFlags } from "../options";
import { InputError } from "../../../platform/io/index";
import { readCalibrator } from "./apply";

const EXPORT_HELP = `Usage: rmcal export CALIBRATOR --to head|openrlhf|trl [--json]

Prints what a trainer needs so that the reward model itself emits the centered calibrated reward
r/T − mean(r/T) (Platt: α·r − mean), a log-odds reward whose scale survives to PPO:
  --to head       the affine patch of the final linear layer r = W·h + b: W′ = W/T, b′ = b/T − mean
                  (Platt: W′ = α·W, b′ = α·b − mean), with the PyTorch lines
  --to openrlhf   mean = T·mean(r/T) and std = T for OpenRLHF's config.json, so that its reward
                  normalization (r − mean)/std equals the centered calibrated reward (unpatched model)
  --to trl        the head patch, and how it meets TRL's center_rewards_coefficient
  --json          print the numbers and notes as JSON
An isotonic calibrator has no affine form and is refused; serve its rewards with rmcal apply --score.`;

const EXPORT_OPTIONS = { to: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
const TARGETS = ["head", "openrlhf", "trl"] as const;

export async function exportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, EXPORT_OPTIONS);
  if (values.help) return void process.stdout.write(EXPORT_HELP + "\n");
  if (positionals.length !== 1) throw new UsageError(`export takes one CALIBRATOR file, got ${positionals.length} arguments`);
  const to = values.to;
  if (to === undefined) throw new UsageError("export needs --to head, openrlhf or trl");
  if (!(TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to is "${to}"; expected head, openrlhf or trl`);
  const calibrator = await readCalibrator(positionals[0]);
  let result: CalibratorExport;
  try {
    result = exportCalibrator(calibrator, to as (typeof TARGETS)[number]);
  } catch (error) {
    throw new InputError(positionals[0], null, null, (error as Error).message);
  }
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + "\n" : describe(result) + "\n");
}

function describe(e: CalibratorExport): string {
  const notes = e.notes.map((note) => `  - ${note}`).join("\n");
  if (e.target === "openrlhf") {
    return [
      "OpenRLHF reward normalization: (r − mean)/std = the centered calibrated reward",
      `  mean = ${e.mean}`,
      `  std  = ${e.std}`,
      "config.json of the reward model:",
      `  "mean": ${e.mean}, "std": ${e.std}`,
      "Notes:",
      notes,
    ].join("\n");
  }
  return [
    `Patch of the final linear layer r = W·h + b: W′ = ${e.scale}·W, b′ = ${e.scale}·b + (${e.shift})`,
    "PyTorch (head = the reward model's last nn.Linear, e.g. model.score or model.value_head):",
    "  with torch.no_grad():",
    `      head.weight.mul_(${e.scale})`,
    "      if head.bias is not None:",
    `          head.bias.mul_(${e.scale}).add_(${e.shift})`,
    "Notes:",
    notes,
  ].join("\n");
}
