// The README's map-reduce over shards ("Sharded data") must work as shown and give what one-file assess gives. This
// test runs the block between the readme-shards markers with sh, in a temporary folder holding a link to examples/
// and a `rmcal` on PATH that runs this build, then compares merged.json with `rmcal assess` on the whole file:
// bit for bit for the fields whose sums are exact (docs/DESIGN.md §3.8), to 1e-12 for the rest.
import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, rmcal, tempFolder } from "../helpers/cli";
import { repoRoot } from "../helpers/repo-root";
import { expectClose } from "../helpers/compare";

const { dir, cleanup } = tempFolder();
afterAll(cleanup);

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const block = readme.slice(readme.indexOf("<!-- readme-shards:begin -->"), readme.indexOf("<!-- readme-shards:end -->"));
const script = block.slice(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));

describe("README: sharded data", () => {
  it("the shell map-reduce over 3 shards of the bundled data equals rmcal assess on the whole file", () => {
    symlinkSync(join(repoRoot, "examples"), join(dir, "examples"));
    const bin = join(dir, "bin");
    spawnSync("mkdir", [bin]);
    writeFileSync(join(bin, "rmcal"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, "rmcal"), 0o755);
    const run = spawnSync("sh", ["-e", "-c", script], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", PATH: `${bin}:${process.env.PATH}` } });
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(join(dir, "parts")).sort()).toEqual(["rows-00.json", "rows-01.json", "rows-02.json"]);
    const merged = JSON.parse(readFileSync(join(dir, "merged.json"), "utf8"));
    const whole = rmcal(["assess", "examples/data/simulated_overconfident_rm.csv", "--json"], dir);
    expect(whole.status).toBe(0);
    const expected = JSON.parse(whole.stdout);
    // Labels are 0/1 and weights 1 here, so these sums are exact in both computations.
    const exact = (a: any) => ({ n: a.n, weight: a.weight, accuracy: a.accuracy, bins: a.bins.map((b: any) => [b.lower, b.upper, b.count, b.weight, b.observed, b.low, b.high]) });
    expect(exact(merged)).toStrictEqual(exact(expected));
    expectClose(merged, expected, 1e-12);
    expect(merged.n).toBe(6000);
  });
});
