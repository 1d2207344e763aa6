// Node adapter: a file (optionally gzip-compressed) as a stream of byte chunks for the isomorphic readers in
// src/platform/io.
import { open, type FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import type { TextSource } from "../io/rows";
import { InputError } from "../io/input-error";
import { PARQUET_MAGIC, isParquet, type ParquetSource } from "../io/parquet-rows";

export interface FileSource {
  /** The file's chunks (decompressed when the name ends in .gz). */
  chunks: TextSource;
  /** Size of the file on disk, in bytes. */
  size: number;
  /** Bytes of the file on disk read so far (compressed bytes for .gz), for progress. */
  bytesRead(): number;
}

/** Opens a file for reading and takes its size; a directory or an unopenable path is an InputError naming it. */
async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return { handle, size: stats.size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw new InputError(path, null, null, openProblem(error as NodeJS.ErrnoException), "input-file");
  }
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
  const { handle, size } = await openRegularFile(path);
  // 1 MiB reads: per-chunk costs (a read call, a promise, a block of lines) stay small next to the bytes
  // (docs/DESIGN.md §12.5), while memory stays one chunk.
  const file = handle.createReadStream({ highWaterMark: 1 << 20 });
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

/** gzip's first two bytes (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Standard input's text chunks (gunzipped) and its first bytes, or a Parquet file's bytes. */
export type StdinSource = { kind: "text"; chunks: AsyncIterable<Uint8Array>; head: Uint8Array } | { kind: "parquet"; bytes: Uint8Array };

/**
 * What a look at stdin's first rows took from it (inputFieldNames), given back to the read that follows: stdin is
 * read once, so the command can look at its header before choosing a reader (docs/DESIGN.md §12.3).
 */
let stdinReplay: AsyncIterable<Uint8Array> | null = null;

/**
 * Makes the next openStdinSource() read `chunks` (the bytes already taken from stdin, gunzipped, then the rest)
 * instead of process.stdin. Text bytes start with no gzip magic, and Parquet bytes with PAR1, so they are sniffed
 * as they were the first time.
 */
export function replayStdin(chunks: AsyncIterable<Uint8Array>): void {
  stdinReplay = chunks;
}

/**
 * Standard input as a source. It has no name to tell its format, so its bytes do: gzip by its magic bytes (then
 * gunzipped on the fly), Parquet by "PAR1" (read whole, since Parquet's index is at its end), text otherwise.
 * @param stream the stream; by default process.stdin (or what replayStdin gave back of it)
 * @returns text chunks, or a Parquet file's bytes
 * @throws {InputError} ("input-file") naming "-" when the stream cannot be read or its gzip stream is damaged
 * @example const source = await openStdinSource();
 */
export async function openStdinSource(stream?: Readable): Promise<StdinSource> {
  const replay = stream === undefined ? stdinReplay : null;
  stdinReplay = null;
  let { head, chunks } = await peek(replay ?? streamChunks("-", stream ?? process.stdin), GZIP_MAGIC.length);
  if (GZIP_MAGIC.every((byte, i) => head[i] === byte)) {
    const gunzipped: Readable = pipeline(Readable.from(chunks), createGunzip(), () => {});
    ({ head, chunks } = await peek(streamChunks("-", gunzipped), PARQUET_MAGIC.length));
  } else if (head.length >= GZIP_MAGIC.length) {
    ({ head, chunks } = await peek(chunks, PARQUET_MAGIC.length));
  }
  if (!isParquet(head)) return { kind: "text", chunks, head };
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return { kind: "parquet", bytes: Buffer.concat(parts) };
}

/** The first `n` bytes of a stream (fewer if it is shorter), and the whole stream, those bytes included. */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken).subarray(0, n);
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* taken;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, chunks: all() };
}

/**
 * A Parquet file on disk as hyparquet's AsyncBuffer: byte ranges are read when hyparquet asks for them (the footer,
 * then the chunks of the columns read), so a large file with many unused columns is never read whole.
 * @throws {InputError} ("input-file") naming the file when it cannot be opened, or is a directory
 * @example const file = await openParquetFile("train-00000-of-00004.parquet");
 */
export async function openParquetFile(path: string): Promise<{ file: ParquetSource; bytesRead(): number; close(): Promise<void> }> {
  const { handle, size } = await openRegularFile(path);
  const opened = handle;
  let read = 0;
  const file: ParquetSource = {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const buffer = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      try {
        // A read may return fewer bytes than asked; read on until the range is whole or the file ends.
        for (let at = 0; at < buffer.length;) {
          const { bytesRead } = await opened.read(buffer, at, buffer.length - at, start + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
      } catch (error) {
        throw readError(path, error as NodeJS.ErrnoException);
      }
      read += buffer.length;
      return buffer.buffer;
    },
  };
  return { file, bytesRead: () => Math.min(read, size), close: () => opened.close() };
}
