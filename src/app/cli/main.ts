// The rmcal command line: a thin shell over the library. Exit codes: 0 success, 2 usage or input error.
import { init } from "../../platform/entries/default";
import { InputError } from "../../platform/io/input-error";
import { OutputError } from "../../platform/node/atomic-output";
import { UsageError } from "./usage-error";
import { COMMANDS } from "./commands/index";

declare const __RMCAL_VERSION__: string;

export const MAIN_HELP = `rmcal — assess and fix the calibration of reward models on preference pairs

Usage: rmcal COMMAND [options]     (rmcal COMMAND --help for details)

Commands:
  assess FILE             metrics (accuracy, NLL, Brier, ECE, MCE) and reliability bins
  fit FILE --method M     fit a calibrator (temperature, platt, isotonic) on a split; write its JSON
  apply CALIBRATOR FILE   add calibrated_prob (pairs) or calibrated_reward (--score) to every row
  report [FILE]           write a self-contained HTML report; without FILE, on bundled example data
  diagnose FILE           coverage, label quality, per-group slices with intervals, shift to --deployment FILE2

Options:
  --help, -h              show this help
  --version               print the version`;

/**
 * Runs the CLI on `argv` (without node and script). Sets process.exitCode rather than exiting, so output drains.
 * @example await main(["assess", "pairs.jsonl", "--json"]);
 */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(MAIN_HELP + "\n");
      if (command === undefined) process.exitCode = 2;
      return;
    }
    if (command === "--version" || command === "-v") return void process.stdout.write(`${__RMCAL_VERSION__}\n`);
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}"; expected assess, fit, apply, report or diagnose`);
    if (!rest.includes("--help") && !rest.includes("-h")) await init();
    await run(rest);
  } catch (error) {
    process.exitCode = 2;
    process.stderr.write(`rmcal: ${messageOf(error, command)}\n`);
  }
}

function messageOf(error: unknown, command: string | undefined): string {
  if (error instanceof UsageError || isParseArgsError(error)) {
    const hint = command && command in COMMANDS ? `rmcal ${command} --help` : "rmcal --help";
    return `${(error as Error).message}\n(see ${hint})`;
  }
  if (error instanceof InputError || error instanceof OutputError) return error.message;
  if (error instanceof RangeError || error instanceof TypeError) return error.message;
  if (error instanceof Error && "code" in error && typeof (error as NodeJS.ErrnoException).syscall === "string") return error.message;
  // Anything else is a bug in rmcal: show the stack so it can be reported.
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

await main(process.argv.slice(2));
