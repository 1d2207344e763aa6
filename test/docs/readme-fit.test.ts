// The README's `rmcal fit --cross-fit 5 --cluster …` example on the bundled LLMBar ratings must be what the command
// prints: this runs the command as written between the readme-fit markers and compares stdout line for line. Only
// --out is redirected into a temporary folder (and the "wrote" line names it), so the test writes nothing into the
// repository.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { rmcal, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
afterAll(cleanup);

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const block = readme.slice(readme.indexOf("<!-- readme-fit:begin -->"), readme.indexOf("<!-- readme-fit:end -->"))
  .split("\n").slice(1).filter((line) => line.trim() !== "").map((line) => line.replace(/^ {4}/, ""));

describe("README: rmcal fit --cross-fit on the LLMBar GPT-4 ratings", () => {
  it("prints exactly the output the README shows", () => {
    expect(block[0]).toMatch(/^\$ rmcal fit /);
    const args = block[0].slice("$ rmcal ".length).split(" ");
    const out = join(dir, "calibrator.json");
    args[args.indexOf("--out") + 1] = out;
    const r = rmcal(args, repoRoot);
    expect(r.status, r.stderr).toBe(0);
    const expected = block.slice(1).map((line) => line.replace("wrote calibrator.json", `wrote ${out}`));
    expect(r.stdout.trimEnd().split("\n")).toEqual(expected);
    expect(JSON.parse(readFileSync(out, "utf8")).fit.crossFit).toEqual({ folds: 5, seed: 0, unit: "clusters" });
  });
});
