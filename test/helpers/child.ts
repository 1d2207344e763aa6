// Runs an ES module snippet in a fresh Node process, where "rmcal" resolves to the built package (the
// package's own exports, as users get them) and no init() has happened yet.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `code` as an ES module with `node [flags] --input-type=module -e` in the repository root; returns what it printed, parsed as JSON. */
export function runInFreshNode(code: string, flags: string[] = []): unknown {
  const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
  return JSON.parse(out);
}
