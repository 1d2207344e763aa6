// Before the tests: the browser tests drive Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
// On a clean machine where we are root (as CI is), install the package once here, outside any test timeout.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    console.log(`${CHROMIUM} is missing: installing Debian's chromium package for the browser tests`);
    execFileSync("apt-get", ["update"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  } else {
    console.warn(`${CHROMIUM} is missing and we are not root: the browser tests will fail; install it with sudo apt-get install -y chromium`);
  }
}
