// The README's per-group temperature and length-bias examples must be what the commands print: this runs each command
// as written between its markers and compares stdout line for line (only --out is redirected into a temporary folder).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { rmcal, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
afterAll(cleanup);

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
function block(name: string): string[] {
  return readme.slice(readme.indexOf(`<!-- ${name}:begin -->`), readme.indexOf(`<!-- ${name}:end -->`))
    .split("\n").slice(1).filter((line) => line.trim() !== "").map((line) => line.replace(/^ {4}/, ""));
}

describe("README: per-group temperatures and the length-bias check", () => {
  it("rmcal fit --group prints exactly the output the README shows", () => {
    const lines = block("readme-groups");
    expect(lines[0]).toMatch(/^\$ rmcal fit /);
    const args = lines[0].slice("$ rmcal ".length).split(" ");
    const out = join(dir, "grouped.json");
    args[args.indexOf("--out") + 1] = out;
    const r = rmcal(args, repoRoot);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toEqual(lines.slice(1).map((line) => line.replace("wrote grouped.json", `wrote ${out}`)));
  });

  it("rmcal diagnose --covariate-a/--covariate-b prints exactly the output the README shows", () => {
    const lines = block("readme-covariate");
    expect(lines[0]).toMatch(/^\$ rmcal diagnose /);
    const r = rmcal(lines[0].slice("$ rmcal ".length).split(" "), repoRoot);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toEqual(lines.slice(1));
  });
});
