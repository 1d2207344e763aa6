// A small pool of Node worker threads that run the library's chunk functions (docs/DESIGN.md §6.10). Each worker
// loads the WebAssembly core once and keeps it; a job's input goes to a worker once, then only chunk numbers.
import { Worker } from "node:worker_threads";
import { RmcalError, RmcalRangeError, RmcalTypeError, type RmcalErrorCode } from "../../core/errors";

/** What a worker sends back for one chunk: its result, or the error it threw (name, message, code). */
export type ChunkReply =
  | { job: number; index: number; part: unknown }
  | { job: number; index: number; error: { name: string; message: string; code?: string } };

/** What the pool sends a worker: a chunk of a job, with the job's input the first time this worker sees the job. */
export interface ChunkRequest {
  job: number;
  task: string;
  index: number;
  chunk: unknown;
  input?: unknown;
}

interface PoolWorker {
  readonly thread: Worker;
  /** The last job whose input this worker holds. */
  job: number;
}

/**
 * Worker threads running chunk functions by name. Chunks go to whichever worker is free (so the work balances),
 * and results come back in chunk order whatever worker computed them: the caller joins them in that fixed order,
 * so the result cannot depend on the number of workers or on which finished first. Jobs run one at a time.
 * Idle workers are unref'd, so a pool never keeps a process alive.
 */
export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private jobs = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly size: number, private readonly script: URL) {}

  /**
   * Runs task(input, chunk) for every chunk on the workers, and resolves with the results in chunk order.
   * `onPart(done, index)` runs as each result arrives (chunk `index`, the `done`-th to arrive, and its result) and may throw to stop the job (the chunks under way are dropped).
   * @throws the first error a chunk throws (the family's class by its code), or a worker's crash
   */
  run<Part>(task: string, input: unknown, chunks: readonly unknown[], onPart?: (done: number, index: number, part: Part) => void): Promise<Part[]> {
    const result = this.queue.then(() => this.runNow<Part>(task, input, chunks, onPart));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops every worker; the pool starts new ones if it is used again. */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.thread.terminate()));
  }

  private runNow<Part>(task: string, input: unknown, chunks: readonly unknown[], onPart?: (done: number, index: number, part: Part) => void): Promise<Part[]> {
    const job = ++this.jobs;
    const parts = new Array<Part>(chunks.length);
    if (chunks.length === 0) return Promise.resolve(parts);
    while (this.workers.length < Math.min(this.size, chunks.length)) this.workers.push({ thread: new Worker(this.script), job: 0 });
    const active = this.workers.slice(0, Math.min(this.size, chunks.length));
    return new Promise<Part[]>((resolve, reject) => {
      let next = 0, done = 0, settled = false;
      const listeners: (() => void)[] = [];
      const finish = (error: unknown): void => {
        if (settled) return;
        settled = true;
        for (const remove of listeners) remove();
        for (const w of active) w.thread.unref();
        if (error === null) resolve(parts);
        else reject(error);
      };
      const dispatch = (w: PoolWorker): void => {
        if (settled || next >= chunks.length) {
          w.thread.unref();
          return;
        }
        const index = next++;
        const request: ChunkRequest = { job, task, index, chunk: chunks[index] };
        if (w.job !== job) {
          request.input = input;
          w.job = job;
        }
        w.thread.ref();
        w.thread.postMessage(request);
      };
      for (const w of active) {
        const onMessage = (reply: ChunkReply): void => {
          // A reply to a job that was stopped is dropped: this worker already has its chunk of the current one.
          if (reply.job !== job || settled) return;
          if ("error" in reply) return finish(chunkError(reply.error));
          parts[reply.index] = reply.part as Part;
          done++;
          try {
            onPart?.(done, reply.index, reply.part as Part);
          } catch (error) {
            return finish(error);
          }
          if (done === chunks.length) return finish(null);
          dispatch(w);
        };
        const onError = (error: unknown): void => {
          this.forget(w);
          finish(error);
        };
        const onExit = (code: number): void => {
          this.forget(w);
          finish(new RmcalError("internal", `rmcal internal error: a worker thread exited with code ${code}; please report it`));
        };
        w.thread.on("message", onMessage).on("error", onError).on("exit", onExit);
        listeners.push(() => w.thread.off("message", onMessage).off("error", onError).off("exit", onExit));
        dispatch(w);
      }
    });
  }

  private forget(w: PoolWorker): void {
    const at = this.workers.indexOf(w);
    if (at >= 0) this.workers.splice(at, 1);
  }
}

/** A chunk's error, rebuilt in this thread: the family's class for its code, so callers branch on code as ever. */
function chunkError(error: { name: string; message: string; code?: string }): Error {
  if (error.code !== undefined) {
    const Family = error.name === "RangeError" ? RmcalRangeError : error.name === "TypeError" ? RmcalTypeError : RmcalError;
    return new Family(error.code as RmcalErrorCode, error.message);
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

const pools = new Map<number, WorkerPool>();

/** The process's pool of `size` workers, made on first use. */
export function sharedPool(size: number): WorkerPool {
  let pool = pools.get(size);
  if (!pool) pools.set(size, (pool = new WorkerPool(size, new URL("./pool-worker.js", import.meta.url))));
  return pool;
}
