// Parquet in headless Chromium (Debian's /usr/bin/chromium through playwright-core): the isomorphic reader
// (src/platform/io/parquet-rows.ts, hyparquet and hyparquet-compressors bundled for the browser by esbuild, as the
// web page is) reads the pyarrow fixtures, and assess gives the bytes `rmcal assess flat.jsonl --json` prints in
// Node. Fixtures: test/data/parquet/, written by
//   /tmp/venv/bin/python scripts/make-parquet-fixtures.py   (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyarrow)
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { rmcal } from "../helpers/cli";
import { repoRoot } from "../helpers/repo-root";

const DATA = join(repoRoot, "test/data/parquet");
let chromium: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  const [bundle, launched] = await Promise.all([
    build({
      entryPoints: [join(repoRoot, "test/browser/parquet-page.ts")], bundle: true, write: false, format: "iife",
      globalName: "parquetPage", platform: "browser", target: "es2022", loader: { ".wasm": "binary" }, logLevel: "warning",
    }),
    launchChromium(),
  ]);
  chromium = launched;
  page = await chromium.context.newPage();
  await page.setContent("<!doctype html><title>parquet</title>");
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
}, 600_000);

afterAll(async () => {
  await chromium?.close();
});

async function inChromium(file: string, options: { group?: string[]; fields?: Record<string, string> } = {}): Promise<string> {
  const base64 = (await readFile(join(DATA, file))).toString("base64");
  return page.evaluate(
    ({ base64, options }) => (window as unknown as { parquetPage: { assessParquetJson(b: string, o: object): Promise<string> } }).parquetPage.assessParquetJson(base64, options),
    { base64, options: { fileName: file, ...options } },
  );
}

describe("Parquet in Chromium", () => {
  it("runs in Chrome", async () => {
    expect(await page.evaluate(() => navigator.userAgent)).toContain("Chrome");
  });

  for (const codec of ["snappy", "zstd", "gzip"]) {
    it(`flat-${codec}.parquet gives the bytes of rmcal assess flat.jsonl --json --weight weight --group subset in Node`, async () => {
      const node = rmcal(["assess", "flat.jsonl", "--json", "--weight", "weight", "--group", "subset"], DATA);
      expect(node.status).toBe(0);
      expect(await inChromium(`flat-${codec}.parquet`, { fields: { weight: "weight" }, group: ["subset"] })).toBe(node.stdout);
    });
  }

  it("nested.parquet (list<double> columns, zstd) gives the bytes of rmcal assess nested.jsonl --json in Node", async () => {
    const node = rmcal(["assess", "nested.jsonl", "--json"], DATA);
    expect(await inChromium("nested.parquet")).toBe(node.stdout);
  });

  it("a mistyped column is refused in the browser with the message the CLI prints", async () => {
    const node = rmcal(["assess", "wrong-type.parquet"], DATA);
    await expect(inChromium("wrong-type.parquet")).rejects.toThrow(node.stderr.replace(/^rmcal: /, "").trim());
  });
});
