// Node adapter: a file (optionally gzip-compressed) as a stream of byte chunks for the isomorphic readers in
// src/platform/io.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { TextSource } from "../io/rows";

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
 * @param path the file
 * @returns its chunks, size and a read counter
 * @throws {Error} from the file system when the file cannot be opened (ENOENT etc.)
 * @example const { chunks } = await openFileSource("pairs.jsonl.gz");
 */
export async function openFileSource(path: string): Promise<FileSource> {
  const { size } = await stat(path);
  const file = createReadStream(path, { highWaterMark: 1 << 16 });
  const chunks = path.toLowerCase().endsWith(".gz") ? file.pipe(createGunzip()) : file;
  // A gunzip error (a truncated or non-gzip file) must reach the reader, not crash the process.
  if (chunks !== file) file.on("error", (error) => chunks.destroy(error));
  return { chunks: chunks as AsyncIterable<Uint8Array>, size, bytesRead: () => file.bytesRead };
}
