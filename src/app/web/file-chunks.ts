// Reading a user's File in the browser as chunks, with the byte count for progress, and sniffing its field names.
import { rowsOf, type RowFormat } from "../../platform/io/index";

// Enough for a CSV header or the first JSON line; the sniff never reads the whole file.
const SNIFF_BYTES = 64 * 1024;

/**
 * The file's bytes as an async iterable of chunks (gunzipped when the name ends in .gz), reporting how many of the
 * file's own bytes have been read so far. O(size) over the whole iteration, one chunk in memory at a time.
 * The name is passed apart from the Blob: a slice of a File is a plain Blob, and a File's own `name` is a read-only
 * getter that cannot be reassigned.
 * @param blob the user's file, or a slice of it
 * @param name the file's name, whose .gz ending means gzip
 * @param onBytes called with the number of (compressed) bytes read so far
 * @returns the chunks, for rowsOf / readPairs
 * @throws {TypeError} from DecompressionStream when a .gz file is not gzip
 * @example readPairs(rowsOf(fileChunks(file, file.name, (b) => (read = b)), "jsonl"), { fileName: file.name })
 */
export async function* fileChunks(blob: Blob, name: string, onBytes: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  const counted = blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        onBytes(bytes);
        controller.enqueue(chunk);
      },
    }),
  );
  const stream: ReadableStream<Uint8Array> = /\.gz$/i.test(name)
    ? counted.pipeThrough(new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>)
    : counted;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * The field names of the file: the CSV/TSV header, or the keys of the first JSON line. Reads only the file's start.
 * @param file the user's file
 * @param format how to parse it
 * @returns the names, or [] when the start of the file holds no complete row
 * @example await sniffFieldNames(file, "csv") // => ["subset", "score_1", "score_2", "gold_label", …]
 */
export async function sniffFieldNames(file: Blob & { name: string }, format: RowFormat): Promise<string[]> {
  // A slice of gzip bytes cannot be inflated on its own; the whole stream is read lazily and left at the first row.
  const head = /\.gz$/i.test(file.name) ? file : file.slice(0, SNIFF_BYTES);
  for await (const batch of rowsOf(fileChunks(head, file.name, () => {}), format)) {
    if (batch.header) return batch.header;
    const first = batch.rows.find((row) => row.values !== null);
    if (first) return Object.keys(first.values!);
  }
  return [];
}
