// The command table: name → runner.
import { assessCommand } from "./assess";
import { fitCommand } from "./fit";
import { applyCommand } from "./apply";
import { reportCommand } from "./report";
import { diagnoseCommand } from "./diagnose";
import { serveCommand } from "./serve";
import { exportCommand } from "./export";
import { webCommand } from "./web";
import { mergeCommand } from "./merge";

export const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  assess: assessCommand,
  fit: fitCommand,
  apply: applyCommand,
  report: reportCommand,
  diagnose: diagnoseCommand,
  serve: serveCommand,
  export: exportCommand,
  web: webCommand,
  merge: mergeCommand,
};
