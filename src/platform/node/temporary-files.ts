// The temporary siblings AtomicFile writes before publishing: their names, their removal on Ctrl-C or SIGTERM, and
// the removal of those a killed run left behind (docs/DESIGN.md §9.2: outputs appear whole or not at all).
import { unlinkSync } from "node:fs";
import { lstat, readdir, unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/**
 * `.NAME.rmcal-PID-RANDOM.tmp`: hidden, says who made it (rmcal) and which process, so a later run can tell a
 * temporary whose writer is gone from one still being written.
 */
const TEMPORARY = /^\..+\.rmcal-(\d+)-[0-9a-f]+\.tmp$/;

export function temporaryName(name: string): string {
  return `.${name}.rmcal-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * Removes the temporaries in `dir` whose process is gone (SIGKILL, a crash, a power cut cannot run our cleanup).
 * Conservative: only regular files matching rmcal's pattern, only when the process is known not to exist (ESRCH);
 * a live process, or one we may not signal (EPERM: another user's), keeps its file. Never throws: a folder we
 * cannot list just keeps its leftovers.
 */
export async function removeStaleTemporaries(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match || Number(match[1]) === process.pid || isAlive(Number(match[1]))) continue;
    const path = join(dir, name);
    try {
      if ((await lstat(path)).isFile()) await unlink(path);
    } catch {
      // Gone already (another run cleaned it) or not ours to remove.
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * Temporary files not yet published or aborted. An interrupted run (Ctrl-C, SIGTERM from a job scheduler) removes
 * them before the signal takes its default effect, so nothing half-written is left behind. SIGKILL cannot be
 * caught: then removeStaleTemporaries removes the file on the next run that writes to the same folder.
 */
const openTemporaries = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function removeTemporariesAndResignal(signal: NodeJS.Signals): void {
  for (const path of openTemporaries) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to clean.
    }
  }
  openTemporaries.clear();
  for (const s of SIGNALS) process.removeListener(s, removeTemporariesAndResignal);
  // Re-raise, so the process ends as it would have without us (exit status 128 + signal number).
  process.kill(process.pid, signal);
}

export function track(path: string): void {
  if (openTemporaries.size === 0) for (const s of SIGNALS) process.on(s, removeTemporariesAndResignal);
  openTemporaries.add(path);
}

export function untrack(path: string): void {
  openTemporaries.delete(path);
  if (openTemporaries.size === 0) for (const s of SIGNALS) process.removeListener(s, removeTemporariesAndResignal);
}
