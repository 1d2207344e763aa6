// The script of each worker thread of the pool (docs/DESIGN.md §6.10): it loads the WebAssembly core once, keeps
// the input of the job it is working on, and runs the chunks it is sent by name.
import { parentPort } from "node:worker_threads";
import { init } from "../entries/default";
import { RESAMPLING_TASKS } from "../../lib/parallel/resampling-chunks";
import { assessChunkPartial } from "../../lib/parallel/assess-chunks";
import { readPairFile, type ReadPairFileOptions } from "./read-pair-file";
import { countQuotes, readPairFileRange } from "./read-pair-file-ranges";
import type { ChunkReply, ChunkRequest } from "./worker-pool";

/** Every chunk function a worker runs: the library's resampling and assess chunks, reading one file of a dataset, and one byte range of a file. */
const TASKS: Record<string, (input: never, chunk: never) => unknown> = {
  ...RESAMPLING_TASKS,
  assessChunk: assessChunkPartial,
  readPairFile: (options: ReadPairFileOptions, path: string) => readPairFile(path, options),
  readPairFileRange,
  countQuotes,
};

const port = parentPort!;
let held: { job: number; input: unknown } = { job: 0, input: undefined };
const ready = init();

port.on("message", (request: ChunkRequest) => {
  if (request.input !== undefined || held.job !== request.job) held = { job: request.job, input: request.input };
  const input = held.input;
  ready
    .then(() => TASKS[request.task](input as never, request.chunk as never))
    .then(
      (part) => port.postMessage({ job: request.job, index: request.index, part } satisfies ChunkReply, transferables(part)),
      (error: unknown) => port.postMessage({ job: request.job, index: request.index, error: describe(error) } satisfies ChunkReply),
    );
});

/** The buffers of a result's typed arrays (in it, its fields, its Map's values), moved rather than copied. */
function transferables(part: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown, depth: number): void => {
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    } else if (depth < 2 && value instanceof Map) {
      for (const v of value.values()) visit(v, depth + 1);
    } else if (depth < 2 && Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
    } else if (depth < 2 && value !== null && typeof value === "object") {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  visit(part, 0);
  return [...buffers];
}

function describe(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error instanceof RangeError ? "RangeError" : error instanceof TypeError ? "TypeError" : error.name, message: error.message, ...(typeof code === "string" ? { code } : {}) };
}
