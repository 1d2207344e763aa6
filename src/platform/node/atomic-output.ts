// Output files appear whole or not at all (docs/DESIGN.md §9.2): write a temporary sibling, then publish it in one
// step. Without force the step cannot replace anything (a hard link fails if the name exists), so two runs racing
// for one path cannot both win; with force it is a rename, which replaces only a regular file.
import { createWriteStream, lstatSync, realpathSync, statSync, type Stats, type WriteStream } from "node:fs";
import { chmod, link, lstat, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { createGzip, type Gzip } from "node:zlib";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { RmcalError, isRmcalError } from "../../core/errors";
import { removeStaleTemporaries, temporaryName, track, untrack } from "./temporary-files";

export interface OutputOptions {
  /** Replace an existing regular file (default false). Never replaces anything else. */
  force?: boolean;
  /** Input files that must never be overwritten, whatever `force` says. */
  inputs?: readonly string[];
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
 * Checks that `path` may be written: not one of the inputs, not anything but a regular file (a symbolic link,
 * dangling or not, a FIFO, a device, a socket or a directory is refused, force or not), and not an existing file
 * unless `force`.
 * @throws {OutputError} naming the path and what it is, or the flag that would allow it
 * @example checkOutputPath("out.json", { inputs: ["in.jsonl"] })
 */
export function checkOutputPath(path: string, options: OutputOptions = {}): void {
  if (path.endsWith("/") || path.endsWith(sep)) throw new OutputError(`${path} names a directory; rmcal writes its output to a file`, path);
  let existing: Stats | null;
  try {
    existing = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw writeFailure(error, path);
    existing = null;
  }
  if (isInput(path, existing, options.inputs ?? [])) {
    throw new OutputError(`${path} is an input file; rmcal never overwrites its input`, path);
  }
  if (existing !== null && !existing.isFile()) {
    throw new OutputError(`${path} is ${kindOf(existing)}; rmcal writes output only to regular files, --force or not`, path);
  }
  if (existing !== null && !options.force) throw new OutputError(`${path} already exists; pass --force to replace it`, path);
}

/** The same file by name (symbolic links and ".." resolved) or by identity (a hard link to an input). */
function isInput(path: string, stats: Stats | null, inputs: readonly string[]): boolean {
  const target = canonical(path);
  const linked = stats?.isSymbolicLink() ? statOrNull(path) : stats;
  return inputs.some((input) => {
    if (canonical(input) === target) return true;
    const other = statOrNull(input);
    return other !== null && linked !== null && other.dev === linked.dev && other.ino === linked.ino;
  });
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function canonical(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied", EPERM: "operation not permitted", ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded", EROFS: "read-only file system", ENOENT: "its folder does not exist",
  ENOTDIR: "a part of the path is not a folder", EISDIR: "it is a directory", ENAMETOOLONG: "the name is too long",
  EFBIG: "file too large for the file system or the process limit", EIO: "input/output error", EMFILE: "too many open files",
};

/**
 * A file-system error while writing, as an OutputError naming the user's path, never rmcal's temporary: the
 * temporary is an implementation detail, and the user can only act on the path they gave.
 */
function writeFailure(error: unknown, path: string): Error {
  if (isRmcalError(error)) return error as Error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason = code !== undefined && code in REASONS ? `${REASONS[code]} (${code})` : code ?? String((error as Error)?.message ?? error);
  return new OutputError(`cannot write ${path}: ${reason}`, path);
}

/**
 * A file written through a temporary sibling (`.NAME.rmcal-PID-RANDOM.tmp`) and published by `commit()`; `abort()`
 * removes the temporary. A name ending in ".gz" is gzip-compressed. Writes wait for the stream to drain, so memory
 * stays bounded. Every error names `path`, never the temporary.
 * @example const out = await AtomicFile.open("out.jsonl"); await out.write("{}\n"); await out.commit();
 */
export class AtomicFile {
  private failure: Error | null = null;

  private constructor(
    readonly path: string,
    private readonly temporary: string,
    private readonly file: WriteStream,
    private readonly sink: WriteStream | Gzip,
    private readonly options: OutputOptions,
  ) {
    const record = (error: Error) => void (this.failure ??= error);
    file.on("error", record);
    if (sink !== file) sink.on("error", record);
  }

  /**
   * Opens the temporary file after checking the target with checkOutputPath, and removes the temporaries that
   * killed runs left in the same folder.
   * @throws {OutputError} when the target may not be written
   */
  static async open(path: string, options: OutputOptions = {}): Promise<AtomicFile> {
    checkOutputPath(path, options);
    const dir = dirname(resolve(path));
    await removeStaleTemporaries(dir);
    const temporary = join(dir, temporaryName(basename(resolve(path))));
    const file = createWriteStream(temporary, { flags: "wx" });
    try {
      await once(file, "open");
    } catch (error) {
      throw writeFailure(error, path);
    }
    track(temporary);
    let sink: WriteStream | Gzip = file;
    if (path.toLowerCase().endsWith(".gz")) {
      const gzip = createGzip();
      // A failing file (ENOSPC) must stop the gzip stream too, or a write would wait for a drain that never comes.
      file.on("error", (error) => gzip.destroy(error));
      gzip.pipe(file);
      sink = gzip;
    }
    return new AtomicFile(path, temporary, file, sink, { ...options });
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw writeFailure(this.failure, this.path);
    if (!this.sink.write(text)) await this.drained();
    if (this.failure) throw writeFailure(this.failure, this.path);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.sink.off("drain", done).off("close", done).off("error", done);
        resolve();
      };
      this.sink.on("drain", done).on("close", done).on("error", done);
    });
  }

  /**
   * Finishes the file, flushes it to disk and publishes it: without force by a hard link, which fails if the name
   * was taken meanwhile (another run, another program); with force by a rename over a regular file.
   * @throws {OutputError} naming the path when it was taken meanwhile or cannot be written
   */
  async commit(): Promise<void> {
    try {
      this.sink.end();
      await finished(this.file);
      if (this.failure) throw this.failure;
      // Complete on disk before it has the user's name, so a power cut never leaves a short file under that name.
      const handle = await open(this.temporary, "r+");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (this.options.force) await this.replace();
      else await this.publishNew();
    } catch (error) {
      throw writeFailure(error, this.path);
    }
    untrack(this.temporary);
  }

  private async replace(): Promise<void> {
    // Checked again now: the path may have become a link, a FIFO or an input while rmcal was writing.
    checkOutputPath(this.path, this.options);
    const existing = await lstat(this.path).catch(() => null);
    // A replaced file keeps its permissions (a private file stays private).
    if (existing?.isFile()) await chmod(this.temporary, existing.mode & 0o7777).catch(() => undefined);
    await rename(this.temporary, this.path);
  }

  private async publishNew(): Promise<void> {
    try {
      await link(this.temporary, this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") {
        // Say what took the name when it is not a regular file (a link, a FIFO …), else that it appeared meanwhile.
        checkOutputPath(this.path, { ...this.options, force: true });
        throw new OutputError(`${this.path} already exists (it appeared while rmcal was writing); pass --force to replace it`, this.path);
      }
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
      // A file system without hard links (FAT, some network shares): take the name with an exclusive create, then
      // rename over the empty placeholder. Still never replaces another's file; only a kill between the two steps
      // could leave the empty placeholder.
      await (await open(this.path, "wx")).close();
      await rename(this.temporary, this.path);
      return;
    }
    await unlink(this.temporary).catch(() => undefined);
  }

  /** Drops the temporary file; the target is untouched. */
  async abort(): Promise<void> {
    // A write still in flight fails once its stream is destroyed; the constructor's error listeners take that
    // error, so it is expected here, not a crash.
    this.sink.destroy();
    this.file.destroy();
    await unlink(this.temporary).catch(() => undefined);
    untrack(this.temporary);
  }
}

/**
 * Writes `text` to `path` atomically (temporary file, then a link or, with force, a rename).
 * @throws {OutputError} when the target exists without `force`, is not a regular file, is an input, or cannot be
 * written
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
