// Must show 1, browser half: headless Chromium (Debian's /usr/bin/chromium via playwright-core) reproduces
// test/golden/golden.json byte for byte. The page loads the package's default build (dist/rmcal.js, WASM inlined)
// and compute-golden.mjs from a loopback server started here; see golden.test.ts for how golden.json was made.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { firstDifference } from "../helpers/first-difference";
import { startStaticServer, type StaticServer } from "../helpers/static-server";
import { repoRoot } from "../helpers/workerd";

let chromium: LaunchedBrowser;
let server: StaticServer;

beforeAll(async () => {
  [chromium, server] = await Promise.all([
    launchChromium(),
    startStaticServer({ "/dist/": "dist", "/golden/": "test/golden"}),
  ]);
}, 600_000); // installing chromium on a clean machine can take minutes

afterAll(async () => {
  await Promise.all([chromium?.close(), server?.close()]);
});

it("computeGolden(rmcal, inputs) in Chromium equals golden.json byte for byte", async () => {
  const golden = await readFile(join(repoRoot, "test/golden/golden.json"), "utf8");
  const page = await chromium.context.newPage();
  await page.goto(`${server.url}/golden/browser-golden.html`);
  await page.waitForFunction(() => document.title === "done");
  const { text, error } = await page.evaluate(() => {
    const w = window as unknown as { goldenText?: string; goldenError?: string };
    return { text: w.goldenText, error: w.goldenError };
  });
  expect(error).toBeUndefined();
  expect(await page.evaluate(() => navigator.userAgent)).toContain("Chrome");
  expect(firstDifference(text!, golden)).toBeNull();
});
