// Node adapter: a file (optionally gzip-compressed) as a stream of byte chunks for the isomorphic readers in
// src/platform/io.
import { open, type FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
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
 * A read or gunzip error while streaming is an InputError naming the file ("truncated gzip stream", "corrupt
 * gzip stream"); the readers add the line they had reached.
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
  let stream: Readable = file;
  if (path.toLowerCase().endsWith(".gz")) {
    // pipeline, not pipe: it destroys both streams on an error from either, so a truncated or corrupt file reaches
    // the reader as one error, and no write into a destroyed gunzip raises an unhandled ERR_STREAM_DESTROYED.
    // Its callback's error is the one the iterator below already throws (or a premature close when the reader
    // stops early), so it is dropped here.
    stream = pipeline(file, createGunzip(), () => {});
  }
  return { chunks: streamChunks(path, stream), size, bytesRead: () => file.bytesRead };
}

async function* streamChunks(path: string, stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw readError(path, error as NodeJS.ErrnoException);
  }
}

/** What went wrong while streaming, in the user's terms (zlib's codes, not its messages, decide). */
function readError(path: string, error: NodeJS.ErrnoException): InputError {
  const problem = error.code === "Z_BUF_ERROR"
    ? "truncated gzip stream: the file ends before its compressed data does (was it cut short while copying?)"
    : typeof error.code === "string" && error.code.startsWith("Z_")
      ? `corrupt gzip stream (${error.message}); is it really gzip-compressed?`
      : `could not be read (${error.message})`;
  return new InputError(path, null, null, problem, "input-file");
}

function openProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT": return "no such file";
    case "EISDIR": return "is a directory, not a file";
    case "EACCES": case "EPERM": return "permission denied";
    default: return error.message;
  }
}
