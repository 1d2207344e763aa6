// The command table: name → runner.
import { assessCommand } from "./assess";

export const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  assess: assessCommand,
};
