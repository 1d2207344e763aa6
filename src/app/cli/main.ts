// The rmcal command line: a thin shell over the library. Exit codes (docs/DESIGN.md §8.4): 0 success, 1 a finding
// the user asked to fail on, 2 usage or input error, 130 stopped on request; an error's exit code comes from its
// code, never from its message.
import { init } from "../../platform/entries/default";
import { COMMANDS } from "./commands/index";
import { UsageError } from "./usage-error";
import { closestName } from "./closest-name";
import { StdoutClosed, watchStdout } from "./stdout";
import { isRmcalError, type RmcalErrorCode } from "../../lib/index";

declare const __RMCAL_VERSION__: string;

export const MAIN_HELP = `rmcal — assess and fix the calibration of reward models on preference pairs

Usage: rmcal COMMAND [options]     (rmcal COMMAND --help for details)

Commands:
  assess FILE             metrics (accuracy, NLL, Brier, ECE, MCE) and reliability bins
  fit FILE --method M     fit a calibrator (temperature, platt, isotonic) on a split; write its JSON
  apply CALIBRATOR FILE   add calibrated_prob (pairs) or calibrated_reward (--score) to every row
  report [FILE]           write a self-contained HTML report; without FILE, on bundled example data
  merge PARTIAL...        assess sharded data: merge the partials of rmcal assess --partial, print the assessment
  diagnose FILE           coverage, label quality, per-group slices with intervals, shift to --deployment FILE2
  export CALIBRATOR --to T  print the reward-head patch (head, trl) or OpenRLHF's mean and std (openrlhf)
  serve --calibrator C --upstream URL --port N
                          calibrating reward proxy for OpenRLHF's remote reward model (/get_reward, /metrics)
  web [--port N]          serve the web page on 127.0.0.1 (files are read in the browser, never uploaded)

Options:
  --help, -h              show this help
  --version               print the version`;

/**
 * Runs the CLI on `argv` (without node and script). Sets process.exitCode rather than exiting, so output drains.
 * @example await main(["assess", "pairs.jsonl", "--json"]);
 */
export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  watchStdout();
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(MAIN_HELP + "\n");
      if (command === undefined) process.exitCode = EXIT_CODES.usage;
      return;
    }
    if (command === "--version" || command === "-v") return void process.stdout.write(`${__RMCAL_VERSION__}\n`);
    const run = COMMANDS[command];
    if (!run) throw unknownCommand(command);
    if (!rest.includes("--help") && !rest.includes("-h")) await init();
    await run(rest);
  } catch (error) {
    // stdout's reader left (`| head`): what it read was complete, and the run ends quietly.
    if (error instanceof StdoutClosed) return;
    const code = errorCode(error);
    process.exitCode = code === null ? UNEXPECTED_EXIT : EXIT_CODES[code];
    process.stderr.write(`rmcal: ${messageOf(error, code, command)}\n`);
  }
}

/** An unknown command, with the closest command (or top-level flag) when one is near: `asess` → assess. */
function unknownCommand(command: string): UsageError {
  const commands = Object.keys(COMMANDS);
  const near = command.startsWith("-")
    ? closestName(command.replace(/^-+/, ""), ["help", "version"])
    : closestName(command, commands);
  const suggestion = near === null ? "" : command.startsWith("-") ? `; did you mean --${near}?` : `; did you mean "${near}"?`;
  const what = command.startsWith("-") ? `unknown option ${command}` : `unknown command "${command}"`;
  return new UsageError(`${what}${suggestion} (commands: ${commands.join(", ")})`);
}

/**
 * The exit code of each error code. Every code but "aborted" is something the user must fix in the command line or
 * the input (or, for "internal" and "not-initialized", cannot fix and should report), so those exit 2; 1 is kept
 * for a finding the user asked to fail on. A Record, so a new code cannot be added without choosing its exit code.
 */
const EXIT_CODES: Record<RmcalErrorCode, 1 | 2 | 130> = {
  "invalid-argument": 2, "invalid-option": 2, "length-mismatch": 2, "empty-input": 2, capacity: 2,
  "not-initialized": 2, "unsupported-host": 2, internal: 2, "input-file": 2, "input-format": 2, "input-field": 2, "output-path": 2, usage: 2,
  // Stopped on request (Ctrl-C): 130, the shell's code for a process ended by SIGINT.
  aborted: 130,
};

/** Errors from outside the family (Node's file errors, an engine's RangeError, a bug) exit 2, as they always have. */
const UNEXPECTED_EXIT = 2;

/** The family's code; node:util's parseArgs errors (unknown flag, missing value: codes ERR_PARSE_ARGS_*) are usage. */
function errorCode(error: unknown): RmcalErrorCode | null {
  if (isRmcalError(error)) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS") ? "usage" : null;
}

/** The message, with a pointer to the help for usage errors; never a stack trace. */
function messageOf(error: unknown, code: RmcalErrorCode | null, command: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (code !== "usage") return message;
  const hint = command && command in COMMANDS ? `rmcal ${command} --help` : "rmcal --help";
  return `${message}\n(see ${hint})`;
}

await main(process.argv.slice(2));
