import { RmcalError } from "../../lib/index";
// Errors that end a command with exit code 2: bad flags, or input the user must fix.

/** A usage mistake (unknown flag, missing argument, bad value). The CLI prints it with a hint and exits 2. */
export class UsageError extends RmcalError {
  override name = "UsageError";
  declare readonly code: "usage";
  constructor(message: string) {
    super("usage", message);
  }
}
