// The thread's side of the chunk pool (docs/DESIGN.md §6.10), for every host: it keeps the input of the job it
// is working on and runs the chunks it is sent by name, once the WebAssembly core is ready.
import type { ChunkReply, ChunkRequest } from "./chunk-pool";

/** Where a thread's requests come from and its replies go (Node's parentPort, a Web Worker's self). */
export interface ChunkPort {
  postMessage(reply: ChunkReply, transfer: ArrayBuffer[]): void;
}

/**
 * Returns the handler of the pool's requests: each runs `tasks[request.task](input, chunk)` after `ready`, and
 * replies with the result (its typed arrays' buffers moved, not copied) or with the error it threw.
 */
export function chunkServer(port: ChunkPort, tasks: Record<string, (input: never, chunk: never) => unknown>, ready: Promise<unknown>): (request: ChunkRequest) => void {
  let held: { job: number; input: unknown } = { job: 0, input: undefined };
  return (request) => {
    if (request.input !== undefined || held.job !== request.job) held = { job: request.job, input: request.input };
    const input = held.input;
    ready
      .then(() => tasks[request.task](input as never, request.chunk as never))
      .then(
        (part) => port.postMessage({ job: request.job, index: request.index, part }, transferables(part)),
        (error: unknown) => port.postMessage({ job: request.job, index: request.index, error: describe(error) }, []),
      );
  };
}

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
