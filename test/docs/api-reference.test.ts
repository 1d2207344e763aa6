// `npm run docs` builds the API reference from the doc comments with typedoc (typedoc.json: the rmcal and rmcal/node
// entries). Here typedoc converts and validates the same project without writing it: a broken {@link}, an entry
// that does not resolve or any other warning fails the test, so the reference cannot rot unnoticed.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";

const run = promisify(execFile);

it("typedoc converts the public API with no warning (npm run docs)", async () => {
  const typedoc = join(repoRoot, "node_modules/typedoc/bin/typedoc");
  const result = await run(process.execPath, [typedoc, "--emit", "none", "--treatWarningsAsErrors"], { cwd: repoRoot })
    .catch((error: { stdout: string; stderr: string }) => ({ stdout: `typedoc failed:\n${error.stdout}${error.stderr}`, stderr: "" }));
  expect(result.stdout).not.toMatch(/warning|error|failed/i);
}, 60_000);
