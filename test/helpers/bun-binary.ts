// Where the `bun` npm package's real binary is. With lifecycle scripts skipped (npm ci --ignore-scripts), bun's
// bin/bun.exe stays a stub that only says the postinstall did not run; the binary itself sits in the optional
// platform package (@oven/bun-<platform>-<arch>), which npm installs either way.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./repo-root";

/** The path of a runnable bun binary from node_modules. */
export function bunBinary(): string {
  const platformBinary = join(repoRoot, "node_modules/@oven", `bun-${process.platform}-${process.arch}`, "bin/bun");
  return existsSync(platformBinary) ? platformBinary : join(repoRoot, "node_modules/.bin/bun");
}
