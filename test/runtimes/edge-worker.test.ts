// The edge example is what users copy, so it is tested as shipped: the example (examples/edge-worker/worker.js,
// served by real workerd with the example's own config.capnp, moved to a free loopback port) answers POSTed pairs
// with exactly what Node computes: the response text equals JSON.stringify of Node's assess + fitTemperature, byte
// for byte.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, assess, fitTemperature, type AssessOptions, type Pairs } from "rmcal";
import type { GoldenInputs } from "../golden/compute-golden.mjs";
import { repoRoot } from "../helpers/repo-root";
import { startWorkerdConfig, type RunningWorkerd } from "../helpers/workerd";

let worker: RunningWorkerd;
let inputs: GoldenInputs;

beforeAll(async () => {
  [worker, inputs] = await Promise.all([
    startWorkerdConfig(join(repoRoot, "examples/edge-worker/config.capnp")),
    readFile(join(repoRoot, "test/golden/inputs.json"), "utf8").then((text) => JSON.parse(text) as GoldenInputs),
    init(),
  ]);
});

afterAll(async () => {
  await worker?.stop();
});

const pairSet = (name: string) => inputs.pairSets.find((s) => s.name === name)!.pairs;

/** What worker.js answers, computed in Node with the same calls. */
function expectedBody(pairs: Pairs, options?: AssessOptions): string {
  const fitted = fitTemperature(pairs);
  const { temperature, converged, atBound, message } = fitted;
  return JSON.stringify({ assessment: assess(pairs, options), temperature: { temperature, converged, atBound, message, calibrator: fitted.toJSON() } });
}

async function post(body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(worker.url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { status: response.status, text: await response.text() };
}

describe("POST pairs to the edge worker under workerd", () => {
  it("returns Node's assess(pairs) and fitTemperature(pairs) for real LLMBar GPT-4 ratings", async () => {
    const pairs = pairSet("llmbar/GPT-4/Rating");
    const { status, text } = await post({ pairs });
    expect(status).toBe(200);
    expect(text).toBe(expectedBody(pairs));
    expect(JSON.parse(text).assessment.n).toBe(417);
  });

  it("returns Node's result for soft labels, ties and weights with options (oriented view, quantile bins)", async () => {
    const pairs = pairSet("simulated");
    const options: AssessOptions = { view: "oriented", binning: "quantile", bins: 10 };
    const { status, text } = await post({ pairs, options });
    expect(status).toBe(200);
    expect(text).toBe(expectedBody(pairs, options));
  });

  it("reports the chance-level ChatGPT judge at the upper temperature bound (T = 1000), as Node does", async () => {
    const pairs = pairSet("llmbar/ChatGPT/Rating");
    const { text } = await post({ pairs });
    expect(text).toBe(expectedBody(pairs));
    expect(JSON.parse(text).temperature.atBound).toBe("upper");
  });

  it("answers bad input with 400 and the library's message naming the field and index", async () => {
    const { status, text } = await post({ pairs: { chosen: [1, 2, 3], rejected: [0, "x", 1] } });
    expect(status).toBe(400);
    expect(() => assess({ chosen: [1, 2, 3], rejected: [0, "x" as unknown as number, 1] })).toThrow(JSON.parse(text).error);
    expect(JSON.parse(text).error).toMatch(/pairs\.rejected\[1\]/);
  });
});
