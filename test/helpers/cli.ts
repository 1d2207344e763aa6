// Runs the real `rmcal` process (bin/rmcal.js → dist/cli.js), as users do, with NO_COLOR set for stable output.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "./prng";

export const BIN = fileURLToPath(new URL("../../bin/rmcal.js", import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function rmcal(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempFolder(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "rmcal-cli-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** n reward pairs with scores rounded to 6 decimals (exact in text), and a label that is right ~75% of the time. */
export function randomPairs(n: number, seed: number): { a: number[]; b: number[]; label: number[] } {
  const next = mulberry32(seed);
  const a: number[] = [], b: number[] = [], label: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.round((next() * 6 - 3) * 1e6) / 1e6;
    const y = Math.round((next() * 6 - 3) * 1e6) / 1e6;
    a.push(x);
    b.push(y);
    label.push(next() < (x > y ? 0.75 : 0.25) ? 1 : 0);
  }
  return { a, b, label };
}

/**
 * Like rmcal(), without blocking: independent runs can overlap. With `timeoutMs`, a run still going then is killed
 * (SIGKILL), so its status is null: a hang fails the test instead of stalling the suite.
 */
export function rmcalAsync(args: string[], cwd?: string, timeoutMs?: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, timeout: timeoutMs, killSignal: "SIGKILL" });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
