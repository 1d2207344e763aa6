// Node's worker threads as the chunk pool's threads (docs/DESIGN.md §6.10): idle threads are unref'd, so the
// shared pools never keep a process alive.
import { Worker } from "node:worker_threads";
import { ChunkPool, threadLost, type ChunkReply, type ChunkThread } from "../parallel/chunk-pool";

/** A worker thread running dist/pool-worker.js, which inlines the WebAssembly bytes and instantiates them itself. */
function workerThread(script: URL): ChunkThread {
  const worker = new Worker(script);
  return {
    post: (request) => worker.postMessage(request),
    listen(onReply, onFailure) {
      const onMessage = (reply: ChunkReply): void => onReply(reply);
      const onExit = (code: number): void => onFailure(threadLost(`thread exited with code ${code}`));
      worker.on("message", onMessage).on("error", onFailure).on("exit", onExit);
      return () => void worker.off("message", onMessage).off("error", onFailure).off("exit", onExit);
    },
    busy: (busy) => void (busy ? worker.ref() : worker.unref()),
    terminate: async () => void (await worker.terminate()),
  };
}

const pools = new Map<number, ChunkPool>();

/** The process's pool of `size` worker threads, made on first use. */
export function sharedPool(size: number): ChunkPool {
  let pool = pools.get(size);
  if (!pool) {
    const script = new URL("./pool-worker.js", import.meta.url);
    pools.set(size, (pool = new ChunkPool(size, () => workerThread(script))));
  }
  return pool;
}
