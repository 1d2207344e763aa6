// test/golden/golden.json in this process: computeGolden on the package's default entry in Node reproduces it
// byte for byte (how golden.json was made and what it covers: test/runtimes/golden.test.ts, which checks the same
// file from Deno, Bun and workerd, and scripts/golden/make-golden.mjs). A file of its own, without the other
// runtimes' processes, so that the mutation run (vitest.mutation.config.ts) can include it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as rmcal from "rmcal";
import { computeGolden } from "./compute-golden.mjs";
import { firstDifference } from "../helpers/first-difference";
import { repoRoot } from "../helpers/repo-root";

const goldenDir = join(repoRoot, "test/golden");

beforeAll(async () => {
  await rmcal.init();
});

describe("computeGolden(rmcal, inputs) reproduces test/golden/golden.json byte for byte", () => {
  it("in Node (the package's default entry)", async () => {
    const golden = await readFile(join(goldenDir, "golden.json"), "utf8");
    const inputs = JSON.parse(await readFile(join(goldenDir, "inputs.json"), "utf8"));
    expect(firstDifference(computeGolden(rmcal, inputs), golden)).toBeNull();
  });
});
