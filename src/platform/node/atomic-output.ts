// Output files appear whole or not at all: write a temporary file next to the target, then rename it over.
import { createWriteStream, existsSync, realpathSync, unlinkSync, type WriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { createGzip, type Gzip } from "node:zlib";
import { once } from "node:events";
import { RmcalError } from "../../core/errors";

export interface OutputOptions {
  /** Replace an existing file (default false). */
  force?: boolean;
  /** Input files that must never be overwritten, whatever `force` says. */
  inputs?: readonly string[];
}

/**
 * Temporary files not yet committed or aborted. An interrupted run (Ctrl-C, SIGTERM from a job scheduler) removes
 * them before the signal takes its default effect, so nothing half-written is left behind. SIGKILL cannot be
 * caught: then a hidden `.NAME.PID.TIME.tmp` sibling may remain, but the target itself is never half-written.
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

function track(path: string): void {
  if (openTemporaries.size === 0) for (const s of SIGNALS) process.on(s, removeTemporariesAndResignal);
  openTemporaries.add(path);
}

function untrack(path: string): void {
  openTemporaries.delete(path);
  if (openTemporaries.size === 0) for (const s of SIGNALS) process.removeListener(s, removeTemporariesAndResignal);
}

/** An output path that cannot be used (code "output-path", `file` the path); the CLI turns it into exit code 2. */
export class OutputError extends RmcalError {
  override name = "OutputError";
  declare readonly code: "output-path";
  constructor(message: string, file?: string) {
    super("output-path", message, { file });
  }
}

/**
 * Checks that `path` may be written: not one of the inputs, and not an existing file unless `force`.
 * @throws {OutputError} naming the path and the flag that would allow it
 * @example checkOutputPath("out.json", { inputs: ["in.jsonl"] })
 */
export function checkOutputPath(path: string, options: OutputOptions = {}): void {
  const target = canonical(path);
  for (const input of options.inputs ?? []) {
    if (canonical(input) === target) throw new OutputError(`${path} is an input file; rmcal never overwrites its input`, path);
  }
  if (!options.force && existsSync(path)) throw new OutputError(`${path} already exists; pass --force to replace it`, path);
}

function canonical(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}

/**
 * A file written through a temporary sibling and renamed into place by `commit()`; `abort()` removes the temporary.
 * A name ending in ".gz" is gzip-compressed. Writes wait for the stream to drain, so memory stays bounded.
 * @example const out = await AtomicFile.open("out.jsonl"); await out.write("{}\n"); await out.commit();
 */
export class AtomicFile {
  private constructor(
    readonly path: string,
    private readonly temporary: string,
    private readonly file: WriteStream,
    private readonly sink: WriteStream | Gzip,
  ) {}

  /**
   * Opens the temporary file after checking the target with checkOutputPath.
   * @throws {OutputError} when the target may not be written
   */
  static async open(path: string, options: OutputOptions = {}): Promise<AtomicFile> {
    checkOutputPath(path, options);
    const temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    const file = createWriteStream(temporary, { flags: "wx" });
    await once(file, "open");
    track(temporary);
    let sink: WriteStream | Gzip = file;
    if (path.toLowerCase().endsWith(".gz")) {
      const gzip = createGzip();
      gzip.pipe(file);
      sink = gzip;
    }
    return new AtomicFile(path, temporary, file, sink);
  }

  async write(text: string): Promise<void> {
    if (!this.sink.write(text)) await once(this.sink, "drain");
  }

  /** Finishes the file and renames it over the target. */
  async commit(): Promise<void> {
    this.sink.end();
    if (this.file.writableFinished === false) await once(this.file, "finish");
    await rename(this.temporary, this.path);
    untrack(this.temporary);
  }

  /** Drops the temporary file; the target is untouched. */
  async abort(): Promise<void> {
    // A write still in flight fails once its stream is destroyed; that error is expected here, not a crash.
    const ignore = () => undefined;
    this.sink.on("error", ignore);
    this.file.on("error", ignore);
    this.sink.destroy();
    this.file.destroy();
    await unlink(this.temporary).catch(() => undefined);
    untrack(this.temporary);
  }
}

/**
 * Writes `text` to `path` atomically (temporary file, then rename).
 * @throws {OutputError} when the target exists without `force`, or is an input
 * @example await writeFileAtomic("calibrator.json", json, { force: true });
 */
export async function writeFileAtomic(path: string, text: string, options: OutputOptions = {}): Promise<void> {
  const out = await AtomicFile.open(path, options);
  try {
    await out.write(text);
    await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
}
