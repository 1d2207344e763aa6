// Results must be bit-identical in every runtime (docs/DESIGN.md §2.7): the same golden JSON, byte for byte, from
// Node, Deno, Bun and workerd (Chromium: test/browser/chromium.test.ts).
// test/golden/golden.json was written once by scripts/golden/make-golden.mjs in Node from test/golden/inputs.json
// (real LLMBar ratings, a seeded simulated set with ties, soft labels and weights, extreme margins, binary data):
// assess in both views and both binnings, fitTemperature (NLL and ECE), fitIsotonic, fitPlatt, loadCalibrator round
// trips, bradleyTerryLoss with its gradient, and the scikit-learn-shaped helpers.
// Each runtime runs the same test/golden/compute-golden.mjs against its own load of rmcal: Deno and Bun the default
// (inlined WASM) build, workerd the "workerd" build that imports rmcal.wasm as a module.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bunBinary } from "../helpers/bun-binary";
import { firstDifference } from "../helpers/first-difference";
import { repoRoot } from "../helpers/repo-root";
import { rmcalWorkerdModules, startWorkerd } from "../helpers/workerd";

const run = promisify(execFile);
const goldenDir = join(repoRoot, "test/golden");
const cliRunner = join(goldenDir, "run-golden-cli.mjs");
const bin = (name: string) => join(repoRoot, "node_modules/.bin", name);

let golden: string;
let tmp: string;
// Each runtime starts at once in beforeAll (they run in parallel); each test awaits its own result.
const results: Record<string, Promise<string>> = {};

async function viaCli(command: string, args: string[], outFile: string): Promise<string> {
  // No update check or other network use by the runtimes themselves.
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  await run(command, args, { cwd: tmp, timeout: 30_000, env });
  return readFile(outFile, "utf8");
}

async function viaWorkerd(): Promise<string> {
  const server = await startWorkerd([
    { name: "workerd-golden.mjs", type: "esModule", path: "test/golden/workerd-golden.mjs" },
    { name: "compute-golden.mjs", type: "esModule", path: "test/golden/compute-golden.mjs" },
    { name: "inputs.json", type: "text", path: "test/golden/inputs.json" },
    ...rmcalWorkerdModules,
  ]);
  try {
    const response = await fetch(`${server.url}/golden`);
    const text = await response.text();
    if (!response.ok) throw new Error(`workerd answered ${response.status}: ${text}`);
    return text;
  } finally {
    await server.stop();
  }
}

beforeAll(async () => {
  golden = await readFile(join(goldenDir, "golden.json"), "utf8");
  tmp = await mkdtemp(join(tmpdir(), "rmcal-golden-"));
  const denoOut = join(tmp, "deno.json");
  const bunOut = join(tmp, "bun.json");
  results.deno = viaCli(bin("deno"), ["run", "--no-prompt", `--allow-read=${repoRoot}`, `--allow-write=${denoOut}`, cliRunner, denoOut], denoOut);
  results.bun = viaCli(bunBinary(), [cliRunner, bunOut], bunOut);
  results.workerd = viaWorkerd();
  // Keep a failing runtime from becoming an unhandled rejection before its test awaits it.
  for (const p of Object.values(results)) p.catch(() => {});
});

afterAll(async () => {
  await Promise.allSettled(Object.values(results));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("computeGolden(rmcal, inputs) reproduces test/golden/golden.json byte for byte", () => {
  // Node (the package's default entry): test/golden/golden-node.test.ts, a file of its own that the mutation run
  // (vitest.mutation.config.ts) can include without starting the other runtimes.

  it.each(["deno", "bun", "workerd"])("in %s", async (runtime) => {
    expect(firstDifference(await results[runtime], golden)).toBeNull();
  });

  it("golden.json holds every pair set of inputs.json, so the comparison is not vacuous", async () => {
    const inputs = JSON.parse(await readFile(join(goldenDir, "inputs.json"), "utf8"));
    const parsed = JSON.parse(golden);
    expect(Object.keys(parsed.pairSets)).toEqual(inputs.pairSets.map((s: { name: string }) => s.name));
    const gpt4 = parsed.pairSets["llmbar/GPT-4/Rating"];
    expect(gpt4.assess["folded/uniform"].n).toBe(417);
    expect(gpt4.fitTemperature.nll.atBound).toBeNull();
    expect(gpt4.fitIsotonic.symmetric.json.kind).toBe("isotonic");
    expect(gpt4.bradleyTerryLoss["smoothed/margin/weighted"].gradient).toHaveLength(417);
    expect(parsed.pairSets["llmbar/ChatGPT/Rating"].fitTemperature.nll.atBound).toBe("upper");
    expect(golden).not.toContain('"error"'); // every call in the golden set succeeds today
  });
});
