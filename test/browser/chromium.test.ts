// Headless Chromium (Debian's /usr/bin/chromium driven by playwright-core), launched once for this file:
// - Bit-identical results, browser part: computeGolden in the page reproduces test/golden/golden.json byte for
//   byte. The page loads the package's default build (dist/rmcal.js, WASM inlined) and compute-golden.mjs from a
//   loopback server started here; see test/runtimes/golden.test.ts for how golden.json was made.
// - The README's browser block runs as written: a module script on a page with an import map ("rmcal" →
//   /dist/rmcal.js), drawing into #diagram the SVG Node draws for its pairs.
// - The web page works end to end, since it is one of the ways users meet rmcal. It is built into dist/web by
//   npm run build and served by `rmcal web` (what `npm run web` runs) on a free loopback port. A file goes in
//   through the <input type=file>; the reliability diagram and the ECE come out, and the ECE shown equals what the
//   library computes in Node on the same file (rmcal/node's readPairFile + assess). The held-out study is the CLI's:
//   the page's verdict lines and its calibrator equal what `rmcal fit --holdout 0.3` prints and writes for the same
//   file. A screenshot goes to test-results/. A deployment file (pairs, or per-response scores with a score field
//   picked) gives the shift `rmcal diagnose --deployment FILE2 [--deployment-score F] --json` gives on the same files.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { init, assess, fitDavidson, reliabilitySvg, type Pairs } from "rmcal";
import { readPairFile, tablePairs, parseLabelMap, type ReadPairFileOptions } from "rmcal/node";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { firstDifference } from "../helpers/first-difference";
import { startStaticServer, type StaticServer } from "../helpers/static-server";
import { repoRoot } from "../helpers/repo-root";
import { BIN, rmcal } from "../helpers/cli";

let chromium: LaunchedBrowser;
let server: ChildProcess;
let goldenServer: StaticServer;
let pageUrl: string;
let tmp: string;
let page: Page;
const requests: string[] = [];

/** Starts `rmcal web --port 0` and reads the address it prints. */
function startWebServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "web", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve({ child, url: match[0] });
    });
    child.stderr!.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => reject(new Error(`rmcal web exited with ${code}: ${out}`)));
  });
}

/** The metrics the page (like rmcal report) compares: all but smooth ECE. */
const REPORT_METRICS = "nll,brier,ece,rmsce,mce,rmsceDebiased,accuracy";

/**
 * The numbers for a file with the page's default settings (15 uniform bins, folded, 30% held out, seed 0): all
 * pairs from the library in Node, the held-out study from `rmcal fit --holdout 0.3` on the same file.
 */
async function expectedFor(path: string, options: ReadPairFileOptions = {}, flags: string[] = []) {
  const pairs = tablePairs(await readPairFile(path, options));
  const out = join(tmp, `fit-${Math.random().toString(36).slice(2)}.json`);
  const fit = rmcal(["fit", path, ...flags, "--holdout", "0.3", "--metrics", REPORT_METRICS, "--out", out]);
  expect(fit.status, fit.stderr).toBe(0);
  const calibrator = JSON.parse(await readFile(out, "utf8"));
  const metric = (name: string) => calibrator.fit.comparison.metrics.find((m: { metric: string }) => m.metric === name);
  const heldOutRaw = { ece: metric("ece").before as number }, heldOutCalibrated = { ece: metric("ece").after as number };
  for (const key of ["source", "fields", "holdout", "seed", "comparison"]) delete calibrator.fit[key];
  return {
    all: assess(pairs),
    heldOutRaw,
    heldOutCalibrated,
    verdicts: fit.stdout.split("\n").filter((line) => /^  \S.* → .*, Δ /.test(line)).map((line) => line.trim()),
    calibrator,
  };
}

const cellValue = (metric: string, column: string) =>
  page.locator(`#metrics tr[data-metric="${metric}"] td[data-column="${column}"]`).getAttribute("data-value");

/** The text of the report the page shows in its frame. */
const reportText = () => page.evaluate(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent ?? "");

async function waitForResult(fileName: string): Promise<void> {
  await page.waitForFunction((name) => document.getElementById("summary")?.textContent?.startsWith(`${name}:`), fileName);
  await page.waitForSelector("#diagram-raw svg");
}

beforeAll(async () => {
  let url: string;
  [chromium, { child: server, url }, goldenServer, tmp] = await Promise.all([
    launchChromium(),
    startWebServer(),
    startStaticServer({ "/dist/": "dist", "/golden/": "test/golden" }),
    mkdtemp(join(tmpdir(), "rmcal-web-")),
    init(),
  ]);
  pageUrl = url;
  page = await chromium.context.newPage();
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => requests.push(`pageerror: ${error.message}`));
  await page.goto(pageUrl);
}, 600_000); // installing chromium on a clean machine can take minutes

afterAll(async () => {
  server?.kill();
  await Promise.all([chromium?.close(), goldenServer?.close()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("golden outputs in Chromium", () => {
  it("computeGolden(rmcal, inputs) in Chromium equals golden.json byte for byte", async () => {
    const golden = await readFile(join(repoRoot, "test/golden/golden.json"), "utf8");
    const goldenPage = await chromium.context.newPage();
    await goldenPage.goto(`${goldenServer.url}/golden/browser-golden.html`);
    await goldenPage.waitForFunction(() => document.title === "done");
    const { text, error } = await goldenPage.evaluate(() => {
      const w = window as unknown as { goldenText?: string; goldenError?: string };
      return { text: w.goldenText, error: w.goldenError };
    });
    expect(await goldenPage.evaluate(() => navigator.userAgent)).toContain("Chrome");
    await goldenPage.close();
    expect(error).toBeUndefined();
    expect(firstDifference(text!, golden)).toBeNull();
  });
});

describe("the README's browser block in Chromium", () => {
  it("the README's browser block runs as a module script (rmcal mapped to dist/rmcal.js by an import map) and draws the diagram", async () => {
    // As a page of plain ES modules has it: an import map, a #diagram element, the block as the module script.
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const block = /### Browser[^\n]*\n\n```js\n([\s\S]*?)```/.exec(readme)![1];
    const html = `<!doctype html><meta charset="utf-8"><title>running</title>
<script type="importmap">{ "imports": { "rmcal": "/dist/rmcal.js" } }</script>
<div id="diagram"></div>
<script type="module">${block}
document.title = "done";</script>`;
    const readmePage = await chromium.context.newPage();
    const errors: string[] = [];
    readmePage.on("pageerror", (error) => errors.push(error.message));
    await readmePage.route(`${goldenServer.url}/readme-browser.html`, (route) => route.fulfill({ contentType: "text/html", body: html }));
    await readmePage.goto(`${goldenServer.url}/readme-browser.html`);
    await readmePage.waitForFunction(() => document.title === "done", null, { timeout: 30_000 }).catch(() => undefined);
    // What Node draws for the block's pairs, serialized by the same page, must be what the block drew.
    const pairs = new Function(`return ${/assess\((\{[^}]*\})\)/.exec(block)![1]}`)() as Pairs;
    const nodeSvg = reliabilitySvg([{ name: "raw", report: assess(pairs) }]);
    const [drawn, expected] = await readmePage.evaluate((svg) => {
      const twin = document.createElement("div");
      twin.innerHTML = svg;
      return [document.querySelector("#diagram")!.innerHTML, twin.innerHTML];
    }, nodeSvg);
    await readmePage.close();
    expect(errors).toEqual([]);
    expect(drawn).toMatch(/^<svg[^>]*>/);
    expect(drawn).toBe(expected);
  });
});

describe("the web page in headless Chromium", () => {
  it("auto-detects chosen/rejected in a JSONL file and shows the diagram and the library's ECE", async () => {
    // Real reward-model scores (OpenAssistant DeBERTa on RewardBench, test-only data) as chosen/rejected JSONL.
    const [header, ...lines] = (await readFile(join(repoRoot, "test/data/rewardbench_rm_scores.csv"), "utf8")).trim().split("\n");
    const col = header.split(",");
    const [c, r] = [col.indexOf("deberta_chosen_score"), col.indexOf("deberta_rejected_score")];
    const path = join(tmp, "deberta.jsonl");
    await writeFile(path, lines.map((l) => l.split(",")).map((f) => JSON.stringify({ chosen: Number(f[c]), rejected: Number(f[r]) })).join("\n") + "\n");

    await page.setInputFiles("#file-input", path);
    await waitForResult("deberta.jsonl");

    const expected = await expectedFor(path);
    expect(await cellValue("ece", "all")).toBe(String(expected.all.ece));
    expect(await page.locator('#metrics tr[data-metric="ece"] td[data-column="all"]').textContent()).toBe(expected.all.ece.toFixed(4));
    expect(await cellValue("ece", "held-out-raw")).toBe(String(expected.heldOutRaw.ece));
    expect(await cellValue("ece", "held-out-calibrated")).toBe(String(expected.heldOutCalibrated.ece));
    expect(await cellValue("n", "all")).toBe(String(lines.length));
    expect(await page.locator("#diagram-calibrated svg").count()).toBe(1);
    // Chosen/rejected labels are all 1: the report has no tie section.
    await page.waitForFunction(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent?.includes("deberta.jsonl"));
    expect(await reportText()).not.toContain("Davidson");
  });

  it("shows the Davidson tie section in the report for three-outcome labels (the LLMBar tie set), with the ν Node fits", async () => {
    const [header, ...lines] = (await readFile(join(repoRoot, "examples/data/llmbar_tie_outcomes.csv"), "utf8")).trim().split("\n");
    const col = header.split(",");
    const rows = lines.map((l) => l.split(",")).filter((f) => f[col.indexOf("verdict_strategy")] === "Rating_NoRules");
    const margin = rows.map((f) => Number(f[col.indexOf("score_1")]) - Number(f[col.indexOf("score_2")]));
    const label = rows.map((f) => Number(f[col.indexOf("outcome")]));
    const path = join(tmp, "ties.jsonl");
    await writeFile(path, margin.map((d, i) => JSON.stringify({ margin: d, label: label[i] })).join("\n") + "\n");
    await page.setInputFiles("#file-input", path);
    await waitForResult("ties.jsonl");
    const fit = fitDavidson({ margin, label });
    await page.waitForFunction(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent?.includes("Davidson"));
    expect(await reportText()).toContain(`Davidson ν ${fit.nu.toFixed(4)} [${fit.nuInterval!.low.toFixed(4)}, ${fit.nuInterval!.high.toFixed(4)}]`);
  });

  it("asks for the fields of the LLMBar CSV, takes a label map, and downloads the calibrator Node fits", async () => {
    const path = join(repoRoot, "examples/data/llmbar_rating_pairs.csv");
    await page.setInputFiles("#file-input", path);
    await page.waitForSelector("#fields:not([hidden])");
    await page.selectOption("#shape", "scores");
    await page.selectOption('#field-selects select[name="scoreA"]', "score_1");
    await page.selectOption('#field-selects select[name="scoreB"]', "score_2");
    await page.selectOption('#field-selects select[name="label"]', "gold_label");
    await page.fill("#label-map", "1=1,2=0");
    await page.click('#fields button[type="submit"]');
    await waitForResult("llmbar_rating_pairs.csv");

    const expected = await expectedFor(path, {
      fields: { scoreA: "score_1", scoreB: "score_2", label: "gold_label" },
      labelMap: parseLabelMap("1=1,2=0"),
    }, ["--score-a", "score_1", "--score-b", "score_2", "--label", "gold_label", "--label-map", "1=1,2=0"]);
    expect(await cellValue("ece", "all")).toBe(String(expected.all.ece));
    expect(await cellValue("ece", "held-out-calibrated")).toBe(String(expected.heldOutCalibrated.ece));
    expect(await page.locator("#diagram-raw svg").getAttribute("role")).toBe("img");

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const saved = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(saved).toEqual(JSON.parse(JSON.stringify(expected.calibrator)));
    expect(saved.format).toBe("rmcal.calibrator");
    // The verdicts are rmcal fit's, line for line.
    expect((await page.locator('.method[data-method="temperature"] .verdicts').textContent())!.split("\n")).toEqual(expected.verdicts);
    expect(expected.verdicts).toHaveLength(7);
    // The report frame holds what rmcal report writes, and it can be downloaded.
    await page.waitForFunction(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent?.includes("Did calibration help"));
    const [report] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
    const html = await readFile((await report.path())!, "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("llmbar_rating_pairs.csv");

    await mkdir(join(repoRoot, "test-results"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-results/web-page.png"), fullPage: true });
  });

  it("recomputes from the kept columns when the settings change (oriented view, quantile bins)", async () => {
    const path = join(repoRoot, "examples/data/llmbar_rating_pairs.csv");
    const before = await cellValue("ece", "all");
    await page.selectOption("#view", "oriented");
    await page.selectOption("#binning", "quantile");
    const pairs = tablePairs(await readPairFile(path, {
      fields: { scoreA: "score_1", scoreB: "score_2", label: "gold_label" },
      labelMap: parseLabelMap("1=1,2=0"),
    }));
    const expected = String(assess(pairs, { view: "oriented", binning: "quantile" }).ece);
    await page.waitForFunction(
      (value) => document.querySelector('#metrics tr[data-metric="ece"] td[data-column="all"]')?.getAttribute("data-value") === value,
      expected,
    );
    expect(expected).not.toBe(before);
    await page.selectOption("#view", "folded");
    await page.selectOption("#binning", "uniform");
  });

  it("takes a file dropped on the drop zone (margin/label JSONL with soft labels)", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ margin: ((i * 7) % 11) - 5, label: [1, 0, 0.5, 0.75][i % 4] }));
    const text = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
    const dataTransfer = await page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], "dropped.jsonl", { type: "application/x-ndjson" }));
      return transfer;
    }, text);
    await page.dispatchEvent("#drop-zone", "drop", { dataTransfer });
    await waitForResult("dropped.jsonl");
    const pairs = { margin: rows.map((r) => r.margin), label: rows.map((r) => r.label) };
    expect(await cellValue("ece", "all")).toBe(String(assess(pairs).ece));
    expect(await cellValue("accuracy", "all")).toBe(String(assess(pairs).accuracy));
  });

  it("reads a 100,000-pair file in the worker with progress shown, while the page keeps running", async () => {
    // Seeded scores (integer arithmetic, so the file is the same on every machine); about 3.5 MB of JSONL.
    const n = 100_000;
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(`{"chosen":${(next() * 4).toFixed(3)},"rejected":${(next() * 3).toFixed(3)}}`);
    const path = join(tmp, "large.jsonl");
    await writeFile(path, rows.join("\n") + "\n");

    // Watch the main thread: a timer that cannot fire while the thread is blocked, and every progress text shown.
    await page.evaluate(() => {
      const w = window as unknown as { watch: { gaps: number[]; texts: string[]; timer: number } };
      let last = performance.now();
      w.watch = { gaps: [], texts: [], timer: 0 };
      w.watch.timer = window.setInterval(() => {
        const now = performance.now();
        w.watch.gaps.push(now - last);
        last = now;
      }, 20);
      new MutationObserver(() => w.watch.texts.push(document.getElementById("progress-text")!.textContent ?? ""))
        .observe(document.getElementById("progress-text")!, { childList: true, characterData: true, subtree: true });
    });
    const started = Date.now();
    await page.setInputFiles("#file-input", path);
    await waitForResult("large.jsonl");
    const elapsed = Date.now() - started;
    const watch = await page.evaluate(() => {
      const w = window as unknown as { watch: { gaps: number[]; texts: string[]; timer: number } };
      clearInterval(w.watch.timer);
      return { maxGap: Math.max(...w.watch.gaps), ticks: w.watch.gaps.length, texts: w.watch.texts };
    });
    expect(watch.texts.some((t) => /^Reading large\.jsonl: [\d,]+ rows$/.test(t))).toBe(true);
    expect(watch.ticks).toBeGreaterThan(5);
    // Work on the main thread would stall the timer for about the whole read; relative to the elapsed time, so a
    // slow, loaded machine does not make the test flaky.
    expect(watch.maxGap).toBeLessThan(elapsed / 3);
    expect(await cellValue("n", "all")).toBe(String(n));
    expect(await cellValue("ece", "all")).toBe(String(assess(tablePairs(await readPairFile(path))).ece));
  });

  it("resamples the study's comparisons on a pool of Web Workers, to the verdicts rmcal fit --threads 1 prints", async () => {
    // 4,000 seeded pairs: 1,200 held out, so each comparison is 1000 resamples × 1,200 pairs × 7 metrics, past the
    // 2^22 pair draws from which the default goes to the cores (DESIGN §6.10).
    const n = 4000;
    let state = 777;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      const margin = (next() - 0.4) * 6;
      rows.push(`{"margin":${margin.toFixed(4)},"label":${next() < 1 / (1 + Math.exp(-0.5 * margin)) ? 1 : 0}}`);
    }
    const path = join(tmp, "pool.jsonl");
    await writeFile(path, rows.join("\n") + "\n");
    await page.setInputFiles("#file-input", path);
    await waitForResult("pool.jsonl");
    // The page's worker started one pool worker per core (playwright lists nested workers with the page's).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(page.workers().filter((w) => w.url().endsWith("/browser-pool-worker.js"))).toHaveLength(cores);
    const expected = await expectedFor(path, {}, ["--threads", "1"]);
    expect((await page.locator('.method[data-method="temperature"] .verdicts').textContent())!.split("\n")).toEqual(expected.verdicts);
    expect(await cellValue("ece", "held-out-calibrated")).toBe(String(expected.heldOutCalibrated.ece));
  });

  it("reads a .jsonl.gz upload, groups by a field the user picks, and shows the groups in the report", async () => {
    // The bundled simulated reward model as gzipped JSONL: the .gz path once failed on a File's read-only name.
    const [header, ...lines] = (await readFile(join(repoRoot, "examples/data/simulated_overconfident_rm.csv"), "utf8")).trim().split("\n");
    const col = header.split(",");
    const rows = lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [col[i], col[i] === "subset" ? v : Number(v)])));
    const path = join(tmp, "simulated.jsonl.gz");
    await writeFile(path, gzipSync(rows.map((r) => JSON.stringify(r)).join("\n") + "\n"));
    await page.setInputFiles("#file-input", path);
    await waitForResult("simulated.jsonl.gz");
    const expected = await expectedFor(path);
    expect(await cellValue("n", "all")).toBe(String(rows.length));
    expect(await cellValue("ece", "all")).toBe(String(expected.all.ece));
    expect(await cellValue("ece", "held-out-calibrated")).toBe(String(expected.heldOutCalibrated.ece));

    await page.selectOption("#group", "subset");
    await page.waitForFunction(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent?.includes("Per subset"));
    const report = await page.evaluate(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument!.body.textContent!);
    for (const subset of ["chat", "code", "safety"]) expect(report).toContain(subset);
  });

  it("reads a .parquet upload (pyarrow-written, zstd) to the numbers of its JSONL twin", async () => {
    // test/data/parquet/flat-zstd.parquet and flat.jsonl: scripts/make-parquet-fixtures.py, the same 300 rows.
    const path = join(repoRoot, "test/data/parquet/flat-zstd.parquet");
    await page.setInputFiles("#file-input", path);
    await waitForResult("flat-zstd.parquet");
    const twin = tablePairs(await readPairFile(join(repoRoot, "test/data/parquet/flat.jsonl")));
    expect(await cellValue("n", "all")).toBe("300");
    expect(await cellValue("ece", "all")).toBe(String(assess(twin).ece));
    expect(await cellValue("nll", "all")).toBe(String(assess(twin).nll));
  });

  it("pairs judged in both orders and a length covariate: the fields picked on the page give the report's sections", async () => {
    // The simulated judge of examples/data: its score fields are not detected, so they are chosen in the form.
    await page.setInputFiles("#file-input", join(repoRoot, "examples/data/simulated_judge_both_orders.csv"));
    await page.waitForSelector("#fields:not([hidden])");
    await page.selectOption("#shape", "scores");
    await page.selectOption('#field-selects select[name="scoreA"]', "score_first");
    await page.selectOption('#field-selects select[name="scoreB"]', "score_second");
    await page.selectOption('#field-selects select[name="label"]', "label");
    await page.fill("#label-map", ""); // the LLMBar test's map stays in the form; these labels are 0 and 1 already
    await page.click('#fields button[type="submit"]');
    await waitForResult("simulated_judge_both_orders.csv");
    await page.selectOption("#pair-id", "pair_id");
    await page.selectOption("#order", "order");
    await page.waitForFunction(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent?.includes("Judged in both orders"));
    // The figure rmcal diagnose prints for this file (README, "Pairs judged in both orders").
    expect(await reportText()).toContain("76.7%");
    await page.selectOption("#pair-id", "");
    await page.selectOption("#order", "");

    await page.setInputFiles("#file-input", join(repoRoot, "test/data/simulated_length_bias.csv"));
    await waitForResult("simulated_length_bias.csv");
    await page.selectOption("#covariate-a", "len_a");
    await page.selectOption("#covariate-b", "len_b");
    await page.waitForFunction(() => (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent?.includes("Covariate: len_a − len_b"));
    await page.selectOption("#covariate-a", "");
    await page.selectOption("#covariate-b", "");
  });

  it("takes a deployment file, pairs or per-response scores with a picked field, and shows the shift rmcal diagnose computes", async () => {
    // Calibration pairs: the pyarrow fixture (score_a, score_b, label detected). Deployment pairs: its JSONL twin
    // with every score A raised by 1, gzipped; responses: a CSV with one score per row, in a field to pick.
    const pairs = join(repoRoot, "test/data/parquet/flat-zstd.parquet");
    const deploymentPairs = join(tmp, "deployment-pairs.jsonl.gz"), responses = join(tmp, "responses.csv");
    const rows = (await readFile(join(repoRoot, "test/data/parquet/flat.jsonl"), "utf8")).trim().split("\n").map((line) => JSON.parse(line));
    await writeFile(deploymentPairs, gzipSync(rows.map((row) => JSON.stringify({ ...row, score_a: row.score_a + 1 })).join("\n") + "\n"));
    await writeFile(responses, "id,reward\n" + Array.from({ length: 120 }, (_, i) => `${i},${((i * 7919) % 97) / 10 - 3}`).join("\n") + "\n");
    const shiftShown = (n: string) => page.waitForFunction((count) => {
      const shift = document.getElementById("shift")!;
      return !shift.hidden && shift.dataset.deploymentN === count && document.getElementById("progress")!.hidden;
    }, n);
    const expectDiagnoseShift = async (deployment: string, flags: string[]) => {
      const r = rmcal(["diagnose", pairs, "--deployment", deployment, ...flags, "--json"]);
      expect(r.status, r.stderr).toBe(0);
      const shift = JSON.parse(r.stdout).shift;
      for (const key of ["psi", "ks", "outsideShare", "belowShare", "aboveShare"]) {
        expect(Number(await page.locator("#shift").getAttribute(`data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)), key).toBe(shift[key]);
      }
      const line = rmcal(["diagnose", pairs, "--deployment", deployment, ...flags]).stdout.split("\n").find((l) => l.startsWith("shift to "))!;
      // The page names the file as uploaded; the CLI as given on the command line.
      expect(await page.locator("#shift").textContent()).toBe(`S${line.slice(1).replace(deployment, deployment.split("/").pop()!)}`);
      expect(await reportText()).toContain(`Shift to ${deployment.split("/").pop()} (${shift.deploymentN} ${shift.of === "score" ? "responses" : "pairs"}, ${shift.of}s): PSI ${shift.psi.toFixed(4)}`);
      return shift;
    };

    await page.setInputFiles("#file-input", pairs);
    await waitForResult("flat-zstd.parquet");
    // T is shown as rmcal fit prints it, 4 significant digits, not the 16 of a float64.
    const t = /^Temperature: T = (\S+?)\.?$/.exec((await page.locator("#temperature").textContent())!.split(". ")[0]);
    expect(t).not.toBeNull();
    expect(t![1].replace(/^-?0*\.?0*|\.|e.*$/g, "").length).toBeLessThanOrEqual(4);
    expect(await page.locator("#calibrated-heading").textContent()).toBe(`held out, T = ${t![1]}`);
    await page.setInputFiles("#deployment-input", deploymentPairs);
    await shiftShown("300");
    expect((await expectDiagnoseShift(deploymentPairs, [])).psi).toBeGreaterThan(0.01);

    // Read as pairs, the responses file has no score fields: the page says so and offers its fields.
    await page.setInputFiles("#deployment-input", responses);
    await page.waitForFunction(() => !document.getElementById("error")!.hidden && !(document.getElementById("deployment-score") as HTMLSelectElement).disabled);
    expect(await page.locator("#error").textContent()).toContain("responses.csv");
    await page.selectOption("#deployment-score", "reward");
    await shiftShown("120");
    expect((await expectDiagnoseShift(responses, ["--deployment-score", "reward"])).of).toBe("score");

    await page.setInputFiles("#deployment-input", []);
    await page.waitForFunction(() => document.getElementById("shift")!.hidden && document.getElementById("progress")!.hidden);
  });

  it("cancels a long bootstrap, and the next file is read by a fresh worker", async () => {
    await page.fill("#resamples", "100000");
    await page.dispatchEvent("#resamples", "change");
    await page.waitForFunction(() => /bootstrap, [\d,]+ of [\d,]+/.test(document.getElementById("progress-text")?.textContent ?? ""));
    // The comparisons resample on the pool of the page's worker: one Web Worker per core. (Chromium's own list of
    // targets: playwright reports no close of a nested worker.)
    const cdp = await chromium.context.newCDPSession(page);
    const poolWorkers = async () => (await cdp.send("Target.getTargets")).targetInfos.filter((t) => t.url.endsWith("/browser-pool-worker.js")).length;
    expect(await poolWorkers()).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
    await page.click("#cancel");
    expect(await page.evaluate(() => [document.getElementById("progress")!.hidden, document.getElementById("progress-text")!.textContent, document.getElementById("error")!.textContent])).toEqual([true, "", expect.stringMatching(/^Cancelled/)]);
    expect(await page.locator("#error").textContent()).toMatch(/^Cancelled\./);
    // Terminating the page's worker ends the Web Workers it started for the resamples (DESIGN §6.10).
    await expect.poll(poolWorkers, { timeout: 20_000 }).toBe(0);
    await cdp.detach();
    await page.fill("#resamples", "200");
    const path = join(repoRoot, "examples/data/simulated_overconfident_rm.csv");
    await page.setInputFiles("#file-input", []);
    await page.setInputFiles("#file-input", path);
    await waitForResult("simulated_overconfident_rm.csv");
    expect(await cellValue("ece", "all")).toBe(String(assess(tablePairs(await readPairFile(path))).ece));
  });

  it("K-wise choices: detects a best-of-4 JSONL and its Parquet twin, shows rmcal fit's held-out top-1 numbers and calibrator", async () => {
    // test/data/parquet/best-of-4.{jsonl,parquet}: scripts/make-parquet-fixtures.py, 200 prompts of 4 scored responses.
    const kwiseValue = (metric: string, column: string) =>
      page.locator(`#kwise-metrics tr[data-metric="${metric}"] td[data-column="${column}"]`).getAttribute("data-value");
    await page.fill("#resamples", "1000"); // the page's default, which the cancel test above changed
    for (const name of ["best-of-4.jsonl", "best-of-4.parquet"]) {
      const path = join(repoRoot, "test/data/parquet", name);
      await page.setInputFiles("#file-input", path);
      await page.waitForFunction((file) => document.getElementById("kwise-summary")?.textContent?.startsWith(`${file}:`), name);
      await page.waitForSelector("#kwise-diagram svg");
      expect(await page.locator("#results").isHidden()).toBe(true);
      // rmcal fit with the page's defaults (30% held out, seed 0, 1000 resamples, 15 uniform bins) on the same file.
      const out = join(tmp, `${name}.calibrator.json`);
      const fit = rmcal(["fit", path, "--scores", "scores", "--best", "best", "--holdout", "0.3", "--out", out]);
      expect(fit.status, fit.stderr).toBe(0);
      const expected = JSON.parse(await readFile(out, "utf8"));
      const { before, after } = expected.fit.heldOut;
      expect(await kwiseValue("ece", "before")).toBe(String(before.ece));
      expect(await kwiseValue("ece", "after")).toBe(String(after.ece));
      expect(await kwiseValue("nll", "after")).toBe(String(after.nll));
      expect(await kwiseValue("accuracy", "before")).toBe(String(before.accuracy));
      expect(await kwiseValue("n", "before")).toBe(String(expected.fit.heldOut.prompts));
      expect(await page.locator('#kwise-metrics tr[data-metric="accuracy"] td[data-column="before"]').textContent())
        .toBe(`${before.accuracy.toFixed(4)} [${before.intervals.accuracy.low.toFixed(4)}, ${before.intervals.accuracy.high.toFixed(4)}]`);
      expect(await page.locator("#kwise-temperature").textContent()).toContain(`T = ${expected.temperature.toPrecision(4)}`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#kwise-download")]);
      const saved = JSON.parse(await readFile((await download.path())!, "utf8"));
      for (const key of ["source", "fields", "holdout", "seed", "heldOut"]) delete expected.fit[key];
      expect(saved).toEqual(expected);
      await page.waitForFunction((file) => {
        const text = (document.getElementById("report") as HTMLIFrameElement).contentDocument?.body?.textContent ?? "";
        return text.includes(`Best-of-N: ${file}`);
      }, name);
    }
    // A pair-only setting is refused with the reason rmcal report gives for its flag.
    await page.selectOption("#group", "prompt_id");
    await page.waitForSelector("#error:not([hidden])");
    expect(await page.locator("#error").textContent()).toBe('best-of-4.parquet: Group by applies to pairs; K-wise input is assessed by its top-1 probability (choose "none").');
    await page.selectOption("#group", "");
    await page.waitForSelector("#kwise-diagram svg");
    await page.waitForFunction(() => document.getElementById("error")!.hidden);
    await mkdir(join(repoRoot, "test-results"), { recursive: true });
    await page.screenshot({ path: join(repoRoot, "test-results/web-page-best-of-n.png"), fullPage: true });
  });

  it("K-wise choices one row per response: the fields picked on the page, and a bad row named as the CLI names it", async () => {
    const rows = (await readFile(join(repoRoot, "test/data/parquet/best-of-4.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
    const lines = ["question,reply_score,chosen"];
    for (const r of rows) r.scores.forEach((x: number, j: number) => lines.push(`${r.prompt_id},${x},${j === r.best ? 1 : 0}`));
    const path = join(tmp, "long.csv");
    await writeFile(path, lines.join("\n") + "\n");
    await page.setInputFiles("#file-input", path);
    await page.waitForSelector("#fields:not([hidden])");
    await page.selectOption("#shape", "long-best");
    await page.selectOption('#field-selects select[name="prompt"]', "question");
    await page.selectOption('#field-selects select[name="score"]', "reply_score");
    await page.selectOption('#field-selects select[name="best"]', "chosen");
    await page.click('#fields button[type="submit"]');
    await page.waitForFunction(() => document.getElementById("kwise-summary")?.textContent?.startsWith("long.csv:"));
    const out = join(tmp, "long.calibrator.json");
    const fit = rmcal(["fit", path, "--prompt", "question", "--score", "reply_score", "--best", "chosen", "--holdout", "0.3", "--out", out]);
    expect(fit.status, fit.stderr).toBe(0);
    const expected = JSON.parse(await readFile(out, "utf8"));
    await page.waitForFunction((value) => document.querySelector('#kwise-metrics tr[data-metric="ece"] td[data-column="after"]')?.getAttribute("data-value") === value, String(expected.fit.heldOut.after.ece));

    // A second chosen response for one prompt: the page says what rmcal assess says, file, line and field.
    lines[3] = lines[3].replace(/,0$/, ",1");
    const bad = join(tmp, "long-bad.csv");
    await writeFile(bad, lines.join("\n") + "\n");
    const cli = rmcal(["assess", "long-bad.csv", "--prompt", "question", "--score", "reply_score", "--best", "chosen"], tmp);
    expect(cli.status).toBe(2);
    await page.setInputFiles("#file-input", bad);
    await page.waitForSelector("#fields:not([hidden])");
    await page.selectOption("#shape", "long-best");
    await page.selectOption('#field-selects select[name="prompt"]', "question");
    await page.selectOption('#field-selects select[name="score"]', "reply_score");
    await page.selectOption('#field-selects select[name="best"]', "chosen");
    await page.click('#fields button[type="submit"]');
    await page.waitForSelector("#error:not([hidden])");
    expect(`rmcal: ${await page.locator("#error").textContent()}\n`).toBe(cli.stderr);
    expect(cli.stderr).toContain('long-bad.csv, line 4, field "chosen"');
  });

  it("fetched nothing but its own files and threw no page error", () => {
    const foreign = requests.filter((u) => !u.startsWith(pageUrl) && !u.startsWith("blob:") && !u.startsWith("data:"));
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
  });
});
