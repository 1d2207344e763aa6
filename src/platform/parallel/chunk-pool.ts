// A small pool of threads that run the library's chunk functions (docs/DESIGN.md §6.10), whatever the threads
// are: Node's worker threads (platform/node/worker-pool.ts) or a browser's Web Workers
// (platform/browser/web-worker-pool.ts) adapt to ChunkThread. The dispatch and the order of the results are one
// rule here, so every host joins chunks the same way. Each thread loads the WebAssembly core once and keeps it; a
// job's input goes to a thread once, then only chunk numbers.
import { RmcalError, RmcalRangeError, RmcalTypeError, type RmcalErrorCode } from "../../core/errors";

/** What a thread sends back for one chunk: its result, or the error it threw (name, message, code). */
export type ChunkReply =
  | { job: number; index: number; part: unknown }
  | { job: number; index: number; error: { name: string; message: string; code?: string } };

/** What the pool sends a thread: a chunk of a job, with the job's input the first time this thread sees the job. */
export interface ChunkRequest {
  job: number;
  task: string;
  index: number;
  chunk: unknown;
  input?: unknown;
}

/** One thread as the pool drives it; each host wraps its own kind of worker in this. */
export interface ChunkThread {
  post(request: ChunkRequest): void;
  /** Listens for replies, errors and an unexpected exit; returns what removes the listeners. */
  listen(onReply: (reply: ChunkReply) => void, onFailure: (error: unknown) => void): () => void;
  /** Busy (true) or idle (false): Node lets an idle thread not keep the process alive; browsers need nothing. */
  busy(busy: boolean): void;
  terminate(): Promise<void> | void;
}

interface PooledThread {
  readonly thread: ChunkThread;
  /** The last job whose input this thread holds. */
  job: number;
}

/**
 * Threads running chunk functions by name. Chunks go to whichever thread is free (so the work balances), and
 * results come back in chunk order whatever thread computed them: the caller joins them in that fixed order, so
 * the result cannot depend on the number of threads or on which finished first. Jobs run one at a time.
 */
export class ChunkPool {
  private readonly threads: PooledThread[] = [];
  private jobs = 0;
  private queue: Promise<unknown> = Promise.resolve();

  /** @param spawn starts one thread (it loads the WebAssembly core itself) */
  constructor(readonly size: number, private readonly spawn: () => ChunkThread) {}

  /**
   * Runs task(input, chunk) for every chunk on the threads, and resolves with the results in chunk order.
   * `onPart(done, index, part)` runs as each result arrives (chunk `index`, the `done`-th to arrive) and may throw
   * to stop the job (the chunks under way are dropped).
   * @throws the first error a chunk throws (the family's class by its code), or a thread's crash
   */
  run<Part>(task: string, input: unknown, chunks: readonly unknown[], onPart?: (done: number, index: number, part: Part) => void): Promise<Part[]> {
    const result = this.queue.then(() => this.runNow<Part>(task, input, chunks, onPart));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops every thread; the pool starts new ones if it is used again. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.thread.terminate()));
  }

  private runNow<Part>(task: string, input: unknown, chunks: readonly unknown[], onPart?: (done: number, index: number, part: Part) => void): Promise<Part[]> {
    const job = ++this.jobs;
    const parts = new Array<Part>(chunks.length);
    if (chunks.length === 0) return Promise.resolve(parts);
    while (this.threads.length < Math.min(this.size, chunks.length)) this.threads.push({ thread: this.spawn(), job: 0 });
    const active = this.threads.slice(0, Math.min(this.size, chunks.length));
    return new Promise<Part[]>((resolve, reject) => {
      let next = 0, done = 0, settled = false;
      const listeners: (() => void)[] = [];
      const finish = (error: unknown): void => {
        if (settled) return;
        settled = true;
        for (const remove of listeners) remove();
        for (const t of active) t.thread.busy(false);
        if (error === null) resolve(parts);
        else reject(error);
      };
      const dispatch = (t: PooledThread): void => {
        if (settled || next >= chunks.length) {
          t.thread.busy(false);
          return;
        }
        const index = next++;
        const request: ChunkRequest = { job, task, index, chunk: chunks[index] };
        if (t.job !== job) {
          request.input = input;
          t.job = job;
        }
        t.thread.busy(true);
        t.thread.post(request);
      };
      for (const t of active) {
        const onReply = (reply: ChunkReply): void => {
          // A reply to a job that was stopped is dropped: this thread already has its chunk of the current one.
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
          dispatch(t);
        };
        const onFailure = (error: unknown): void => {
          this.forget(t);
          finish(error);
        };
        listeners.push(t.thread.listen(onReply, onFailure));
        dispatch(t);
      }
    });
  }

  private forget(t: PooledThread): void {
    const at = this.threads.indexOf(t);
    if (at >= 0) this.threads.splice(at, 1);
    void t.thread.terminate();
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

/** The error a thread that died without a reply is reported as. */
export function threadLost(how: string): RmcalError {
  return new RmcalError("internal", `rmcal internal error: a worker ${how}; please report it`);
}
