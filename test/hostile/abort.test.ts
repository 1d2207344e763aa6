// Long computations stop on request (docs/DESIGN.md §6.3): bootstrapCalibration, smoothEce with resamples and the
// slices of diagnose take `signal` and `onProgress`; an abort throws the family's "aborted" error and frees the
// WebAssembly memory, and results with progress reporting are bit-identical to results without. The CLI shows
// progress on a terminal and Ctrl-C ends it without a stack trace or partial output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { init, bootstrapCalibration, smoothEce, diagnose, isRmcalError } from "rmcal";
import { installWasmProbe, wasmMemoryBytes } from "../robustness/wasm-probe";
import { BIN, randomPairs, tempFolder } from "../helpers/cli";
import { mulberry32 } from "../helpers/prng";

beforeAll(async () => {
  installWasmProbe();
  await init();
});

/** n pairs with labels right about 70% of the time. */
function pairsOf(n: number, seed: number): { margin: Float64Array; label: Float64Array } {
  const next = mulberry32(seed);
  const margin = new Float64Array(n), label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    margin[i] = 6 * next() - 3;
    label[i] = next() < (margin[i] > 0 ? 0.7 : 0.3) ? 1 : 0;
  }
  return { margin, label };
}

/** The error `f` throws, or null. */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return null;
  } catch (error) {
    return error;
  }
}

const bits = (values: Float64Array) => Array.from(new BigUint64Array(Float64Array.from(values).buffer), String);

describe("abort and progress in the library", () => {
  // 100,000 pairs: the kernel runs 41 resamples per chunk, so 300 resamples take 8 chunks.
  const pairs = pairsOf(100_000, 3);

  it("bootstrapCalibration with onProgress runs in chunks and gives the bits of a run without it", () => {
    const calls: number[] = [];
    const chunked = bootstrapCalibration(pairs, { resamples: 300, seed: 5, onProgress: (done, total) => { expect(total).toBe(300); calls.push(done); } });
    const whole = bootstrapCalibration(pairs, { resamples: 300, seed: 5 });
    expect(calls.length).toBeGreaterThan(3);
    expect(calls).toEqual([...calls].sort((a, b) => a - b));
    expect(calls.at(-1)).toBe(300);
    expect(bits(chunked.distribution)).toEqual(bits(whole.distribution));
    expect([chunked.low, chunked.high]).toEqual([whole.low, whole.high]);
  });

  it("aborting from onProgress stops bootstrapCalibration after that batch, and frees its memory", () => {
    const run = () => {
      const controller = new AbortController();
      let calls = 0;
      const error = thrown(() => bootstrapCalibration(pairs, {
        resamples: 1_000_000, signal: controller.signal, onProgress: () => { if (++calls === 2) controller.abort(); },
      }));
      return { error, calls };
    };
    const first = run();
    expect(isRmcalError(first.error) && first.error.code).toBe("aborted");
    expect((first.error as Error).name).toBe("AbortError");
    expect(first.calls).toBe(2);
    const memory = wasmMemoryBytes();
    for (let i = 0; i < 20; i++) run();
    expect(wasmMemoryBytes()).toBe(memory);
    // The instance is still usable, and gives the same bits as before.
    expect(bits(bootstrapCalibration(pairs, { resamples: 20 }).distribution)).toEqual(bits(bootstrapCalibration(pairs, { resamples: 20 }).distribution));
  });

  it("quantile bins (recomputed per resample) and smoothEce's band stop too", () => {
    const small = pairsOf(2_000, 4);
    const controller = new AbortController();
    const quantile = thrown(() => bootstrapCalibration(small, { binning: "quantile", resamples: 1000, signal: controller.signal, onProgress: (done) => { if (done === 3) controller.abort(); } }));
    expect(isRmcalError(quantile) && quantile.code).toBe("aborted");
    const second = new AbortController();
    let last = 0;
    const smooth = thrown(() => smoothEce(small, { resamples: 1000, signal: second.signal, onProgress: (done) => { last = done; if (done === 5) second.abort(); } }));
    expect(isRmcalError(smooth) && smooth.code).toBe("aborted");
    expect(last).toBe(5);
    // With progress only, smoothEce's band is the one computed without it.
    expect(smoothEce(small, { resamples: 20, onProgress: () => {} })).toEqual(smoothEce(small, { resamples: 20 }));
  });

  it("diagnose reports the slices' resamples over all slices, and stops on its signal", () => {
    const small = pairsOf(3_000, 6);
    const group = Array.from({ length: 3_000 }, (_, i) => `g${i % 3}`);
    const seen: [number, number][] = [];
    diagnose(small, { group, resamples: 100, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([300, 300]);
    const controller = new AbortController();
    const error = thrown(() => diagnose(small, { group, resamples: 100, signal: controller.signal, onProgress: () => controller.abort() }));
    expect(isRmcalError(error) && error.code).toBe("aborted");
  });
});

describe("Ctrl-C in the CLI", () => {
  const { dir, cleanup } = tempFolder();
  afterAll(cleanup);

  it("diagnose with a long bootstrap: SIGINT ends it at once with no stack trace and no output", async () => {
    const { a, b, label } = randomPairs(20_000, 9);
    const rows = a.map((x, i) => JSON.stringify({ score_a: x, score_b: b[i], label: label[i], g: `g${i % 4}` }));
    writeFileSync(join(dir, "pairs.jsonl"), rows.join("\n") + "\n");
    const child = spawn(process.execPath, [BIN, "diagnose", join(dir, "pairs.jsonl"), "--group", "g", "--resamples", "1000000"], {
      cwd: dir, env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // Interrupt once the file is read and the bootstrap runs (the "read … pairs" note comes just before it).
    await new Promise<void>((resolve) => {
      const check = () => (stderr.includes("read 20,000 pairs") ? resolve() : setTimeout(check, 50));
      check();
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = Date.now();
    child.kill("SIGINT");
    const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("close", (code, sig) => resolve([code, sig])));
    expect(Date.now() - started).toBeLessThan(5_000);
    // Ended by the signal (a shell shows exit code 130), or by rmcal's "aborted" code 130.
    expect(signal === "SIGINT" || status === 130).toBe(true);
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(/\n\s+at |Error:/);
    expect(readdirSync(dir)).toEqual(["pairs.jsonl"]);
  });
});
