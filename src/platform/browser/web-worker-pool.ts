// A browser's Web Workers as the chunk pool's threads (docs/DESIGN.md §6.10). Each is a module worker running
// browser-pool-worker.js, which lies next to the bundle that starts it; the first message hands it the compiled
// WebAssembly module of the calling thread, so a worker fetches and compiles nothing (a WebAssembly.Module may
// be posted to a worker of the same agent cluster, which every dedicated worker is).
import { compiledModule } from "../../core/instance";
import { RmcalError } from "../../core/errors";
import { ChunkPool, threadLost, type ChunkReply, type ChunkThread } from "../parallel/chunk-pool";
import type { ParallelHost } from "../parallel/parallel-functions";

/** The first message to a pool's Web Worker: the module to instantiate. */
export interface WorkerStart {
  module: object;
}

/** A module Web Worker running the pool's script, started with the calling thread's module. */
function webWorkerThread(script: URL): ChunkThread {
  const worker = new Worker(script, { type: "module" });
  worker.postMessage({ module: compiledModule() } satisfies WorkerStart);
  return {
    post: (request) => worker.postMessage(request),
    listen(onReply, onFailure) {
      const onMessage = (event: MessageEvent<ChunkReply>): void => onReply(event.data);
      // A script that throws outside a chunk is an rmcal bug; one that does not load (an error event with no
      // message) is a deployment that left browser-pool-worker.js behind, which the user can fix or avoid.
      const onError = (event: Event): void => {
        event.preventDefault();
        const message = (event as ErrorEvent).message;
        onFailure(message ? threadLost(`failed (${message})`) : new RmcalError("unsupported-host",
          `rmcal/browser could not start a Web Worker from ${script.href}: serve browser-pool-worker.js next to the bundle that imports rmcal/browser, or pass threads: 1`));
      };
      const onMessageError = (): void => onFailure(threadLost("could not read a message"));
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      worker.addEventListener("messageerror", onMessageError);
      return () => {
        worker.removeEventListener("message", onMessage);
        worker.removeEventListener("error", onError);
        worker.removeEventListener("messageerror", onMessageError);
      };
    },
    busy: () => {},
    terminate: () => worker.terminate(),
  };
}

const pools = new Map<number, ChunkPool>();

/** This page's (or this worker's) pool of `size` Web Workers, made on first use and kept. */
function sharedPool(size: number): ChunkPool {
  let pool = pools.get(size);
  if (!pool) {
    const script = new URL("./browser-pool-worker.js", import.meta.url);
    pools.set(size, (pool = new ChunkPool(size, () => webWorkerThread(script))));
  }
  return pool;
}

/** The number of logical cores the browser reports; 1 where it reports none. */
function cores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

export const BROWSER_HOST: ParallelHost = { cores, pool: sharedPool };
