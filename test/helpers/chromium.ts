// Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core. On a clean
// machine (CI runs as root) `npm test` installs the package before vitest starts (scripts/ensure-chromium.mjs).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

const chromiumPath = "/usr/bin/chromium";

/** The Chromium binary; `npm test` installs it first (scripts/ensure-chromium.mjs) when it is missing. */
function ensureChromium(): string {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing; run the tests with npm test (it installs chromium as root), or apt-get install -y chromium`);
  }
  return chromiumPath;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile (--user-data-dir, which playwright takes as a persistent
 * context) and no background traffic (updates, sync, QUIC probes), so the only requests are the page's own.
 */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const executablePath = ensureChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), "rmcal-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
