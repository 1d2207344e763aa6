// rmcal/browser's parallel functions on real Web Workers in headless Chromium (docs/DESIGN.md §6.10): threads 1, 2
// and 3 give the bits of the library's synchronous function, as Node computes it, for the bootstrap, the
// smooth-ECE band, the paired comparison, a chunked assess and the temperature fit's chunked passes. The page imports dist/browser.js from a loopback
// server, which also records that the workers' script (dist/browser-pool-worker.js) was really loaded. The page
// is not cross-origin isolated, so assess's columns travel as copies (there is no SharedArrayBuffer).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { init, assess, bootstrapCalibration, compareCalibration, fitTemperature, smoothEce } from "rmcal";
import { assessParallel } from "rmcal/node";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startStaticServer, type StaticServer } from "../helpers/static-server";
import { mulberry32 } from "../helpers/prng";
import { bits, weightedPairs } from "../helpers/thread-data";

let chromium: LaunchedBrowser;
let server: StaticServer;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  [chromium, server] = await Promise.all([launchChromium(), startStaticServer({ "/dist/": "dist" }), init()]);
  page = await chromium.context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  // The package's browser build as a page of plain ES modules meets it: one module script importing it.
  const html = `<!doctype html><title>loading</title><script type="module">
import * as rmcal from "/dist/browser.js";
await rmcal.init();
window.rmcal = rmcal;
document.title = "ready";
</script>`;
  await page.route(`${server.url}/workers.html`, (route) => route.fulfill({ contentType: "text/html", body: html }));
  await page.goto(`${server.url}/workers.html`);
  await page.waitForFunction(() => document.title === "ready");
}, 600_000);

afterAll(async () => {
  await Promise.all([chromium?.close(), server?.close()]);
});

type ParallelName = "bootstrapCalibrationParallel" | "compareCalibrationParallel" | "smoothEceParallel" | "assessParallel" | "fitTemperatureParallel";

/** `name(...args, { ...options, threads })` in the page, for each of threads, as bits; or the error's message. */
function inChromium(name: ParallelName, args: unknown[], options: object, threads: (number | undefined)[]): Promise<string[]> {
  return page.evaluate(async ({ name, args, options, threads }) => {
    const rmcal = (window as unknown as { rmcal: Record<string, (...args: unknown[]) => Promise<unknown>> }).rmcal;
    // Large columns come as the bytes of a Float64Array in base64: { f64: "…" }.
    const decode = (value: unknown): unknown => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
      if ("f64" in value) return new Float64Array(Uint8Array.from(atob((value as { f64: string }).f64), (c) => c.charCodeAt(0)).buffer);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
    };
    args = args.map(decode);
    const bits = (value: unknown): string => JSON.stringify(value, (_, v) =>
      ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => (Object.is(x, -0) ? "-0" : Number.isNaN(x) ? "NaN" : x)) : v);
    const out: string[] = [];
    for (const t of threads) {
      try {
        out.push(bits(await rmcal[name](...args, t === undefined ? options : { ...options, threads: t })));
      } catch (error) {
        out.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    return out;
  }, { name, args, options, threads });
}

const THREADS = [1, 2, 3];
const workerScripts = () => server.requests.filter((path) => path === "/dist/browser-pool-worker.js").length;

describe("rmcal/browser's parallel functions on Web Workers in Chromium", () => {
  it("bootstrapCalibrationParallel: threads 1, 2 and 3 give bootstrapCalibration's bits (ECE by the kernel; smooth ECE recomputed)", async () => {
    const cases = [
      { data: weightedPairs(2000, 1), options: { metric: "ece", resamples: 300, seed: 9 } },
      { data: weightedPairs(2000, 2, 150), options: { metric: "nll", resamples: 200, seed: 9 } },
      { data: weightedPairs(600, 4), options: { metric: "smece", resamples: 40, method: "percentile", seed: 9 } },
    ] as const;
    for (const { data, options } of cases) {
      const expected = bits(bootstrapCalibration(data, options));
      expect(await inChromium("bootstrapCalibrationParallel", [data], options, THREADS), options.metric).toEqual(THREADS.map(() => expected));
    }
    expect(workerScripts(), "the pools of 2 and 3 Web Workers loaded their script").toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
  });

  it("smoothEceParallel: threads 1, 2 and 3 give smoothEce's bits, band included", async () => {
    const data = weightedPairs(1500, 8, 200);
    const options = { resamples: 90, seed: 2 };
    const expected = bits(smoothEce(data, options));
    expect(await inChromium("smoothEceParallel", [data], options, THREADS)).toEqual(THREADS.map(() => expected));
  });

  it("compareCalibrationParallel: threads 1, 2 and 3 give compareCalibration's bits for every metric", async () => {
    const before = weightedPairs(1200, 7, 90);
    const after = { ...before, margin: before.margin.map((d) => 0.8 * d) };
    const options = { resamples: 120, seed: 3, bins: 10 };
    const expected = bits(compareCalibration(before, after, options));
    expect(await inChromium("compareCalibrationParallel", [before, after], options, THREADS)).toEqual(THREADS.map(() => expected));
  });

  it("assessParallel past 2^20 pairs: threads 1, 2 and 3 give rmcal/node's bits (copied columns, no SharedArrayBuffer)", async () => {
    const n = (1 << 20) + 4321;
    const next = mulberry32(12);
    const margin = Float64Array.from({ length: n }, () => (next() - 0.4) * 7);
    const label = margin.map((d) => (next() < 1 / (1 + Math.exp(-0.8 * d)) ? 1 : 0));
    const f64 = (column: Float64Array) => ({ f64: Buffer.from(column.buffer).toString("base64") });
    const options = { bins: 20 };
    const expected = bits(await assessParallel({ margin, label }, { ...options, threads: 1 }));
    expect(Math.abs(JSON.parse(expected).ece - assess({ margin, label }, options).ece)).toBeLessThan(1e-12);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe("undefined");
    expect(await inChromium("assessParallel", [{ margin: f64(margin), label: f64(label) }], options, THREADS)).toEqual(THREADS.map(() => expected));
  });

  it("fitTemperatureParallel past 2^20 pairs: threads 1, 2 and 3 give fitTemperature's bits as Node fits them (the calibrator JSON)", async () => {
    const n = (1 << 20) + 777;
    const next = mulberry32(31);
    const margin = Float64Array.from({ length: n }, () => (next() - 0.45) * 8);
    const label = margin.map((d) => (next() < 1 / (1 + Math.exp(-0.5 * d)) ? 1 : 0));
    const f64 = (column: Float64Array) => ({ f64: Buffer.from(column.buffer).toString("base64") });
    // JSON.stringify takes the calibrator's toJSON: T, the fit's NLLs, iterations and interval, every digit.
    const expected = bits(fitTemperature({ margin, label }));
    expect(JSON.parse(expected).fit.n).toBe(n);
    expect(await inChromium("fitTemperatureParallel", [{ margin: f64(margin), label: f64(label) }], {}, THREADS)).toEqual(THREADS.map(() => expected));
  });

  it("refuses threads that is not an integer from 1 to 256, with rmcal/node's message", async () => {
    const data = weightedPairs(50, 1);
    expect(await inChromium("bootstrapCalibrationParallel", [data], {}, [0, 1.5, 257])).toEqual([0, 1.5, 257].map((t) =>
      `RangeError: options.threads is ${t}; it must be an integer from 1 to 256`));
  });

  it("a Web Worker script that is not served fails with unsupported-host, naming its URL and threads: 1", async () => {
    // A page of its own, whose pools are new: the script's URL answers 404 there.
    const lost = await chromium.context.newPage();
    await lost.route(`${server.url}/workers.html`, (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html><script type="module">
import * as rmcal from "/dist/browser.js";
await rmcal.init();
window.rmcal = rmcal;
document.title = "ready";
</script>` }));
    await lost.route(`${server.url}/dist/browser-pool-worker.js`, (route) => route.fulfill({ status: 404, body: "" }));
    await lost.goto(`${server.url}/workers.html`);
    await lost.waitForFunction(() => document.title === "ready");
    const outcome = await lost.evaluate(async (data) => {
      const rmcal = (window as unknown as { rmcal: Record<string, (...args: unknown[]) => Promise<unknown>> }).rmcal;
      const one = JSON.stringify(await rmcal.bootstrapCalibrationParallel(data, { resamples: 50, threads: 1 }));
      try {
        await rmcal.bootstrapCalibrationParallel(data, { resamples: 50, threads: 2 });
        return { one, error: null };
      } catch (error) {
        return { one, error: { code: (error as { code?: string }).code, message: (error as Error).message } };
      }
    }, weightedPairs(100, 3));
    await lost.close();
    expect(outcome.one).toContain('"resamples":50');
    expect(outcome.error).toEqual({
      code: "unsupported-host",
      message: `rmcal/browser could not start a Web Worker from ${server.url}/dist/browser-pool-worker.js: serve browser-pool-worker.js next to the bundle that imports rmcal/browser, or pass threads: 1`,
    });
  });

  it("by default a small job stays in the calling thread and a large one uses navigator.hardwareConcurrency workers, with the same bits", async () => {
    const data = weightedPairs(1000, 5);
    const options = { resamples: 4200, seed: 1 }; // 4.2 million pair draws: past the 2^22 threshold
    const before = workerScripts();
    const expected = bits(bootstrapCalibration(data, options));
    expect(await inChromium("bootstrapCalibrationParallel", [data], options, [undefined])).toEqual([expected]);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // A pool of that size is new unless 2 or 3 (made above); either way the result is the one-thread bits.
    if (cores > 3) expect(workerScripts()).toBeGreaterThan(before);
  });
});
