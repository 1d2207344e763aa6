// Node adapter: a file (optionally gzip-compressed) as a stream of byte chunks for the isomorphic readers in
// src/platform/io.
import { open, type FileHandle } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { TextSource } from "../io/rows";
import { InputError } from "../io/input-error";

export interface FileSource {
  /** The file's chunks (decompressed when the name ends in .gz). */
  chunks: TextSource;
  /** Size of the file on disk, in bytes. */
  size: number;
  /** Bytes of the file on disk read so far (compressed bytes for .gz), for progress. */
  bytesRead(): number;
}

/**
 * Opens a file for streaming. A name ending in ".gz" is gunzipped on the fly. O(1) memory beyond one chunk.
 * The file is opened here, not on the first read, so a missing file, a directory or a file we may not read fails
 * now, with an error naming the user's path (docs/DESIGN.md §8), rather than as a bare EISDIR halfway through.
 * @param path the file
 * @returns its chunks, size and a read counter
 * @throws {InputError} (code "input-file") naming the file when it cannot be opened or is a directory
 * @example const { chunks } = await openFileSource("pairs.jsonl.gz");
 */
export async function openFileSource(path: string): Promise<FileSource> {
  let handle: FileHandle | undefined;
  let size: number;
  try {
    handle = await open(path, "r");
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = stats.size;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw new InputError(path, null, null, openProblem(error as NodeJS.ErrnoException), "input-file");
  }
  const file = handle.createReadStream({ highWaterMark: 1 << 16 });
  const chunks = path.toLowerCase().endsWith(".gz") ? file.pipe(createGunzip()) : file;
  // A gunzip error (a truncated or non-gzip file) must reach the reader, not crash the process.
  if (chunks !== file) file.on("error", (error) => chunks.destroy(error));
  return { chunks: chunks as AsyncIterable<Uint8Array>, size, bytesRead: () => file.bytesRead };
}

function openProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT": return "no such file";
    case "EISDIR": return "is a directory, not a file";
    case "EACCES": case "EPERM": return "permission denied";
    default: return error.message;
  }
}
