// The script of each Web Worker of a browser's pool (docs/DESIGN.md §6.10), bundled as browser-pool-worker.js
// without the WebAssembly bytes: its first message is the compiled module of the thread that started it, and the
// chunks wait until that module is instantiated.
import { initFrom } from "../../core/instance";
import type { ChunkRequest } from "../parallel/chunk-pool";
import { chunkServer } from "../parallel/chunk-server";
import { CHUNK_TASKS } from "../parallel/chunk-tasks";
import type { WorkerStart } from "./web-worker-pool";

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<WorkerStart | ChunkRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
let started: (start: WorkerStart) => void;
const ready = new Promise<WorkerStart>((resolve) => (started = resolve)).then((start) => initFrom(start.module));
const serve = chunkServer({ postMessage: (reply, transfer) => scope.postMessage(reply, transfer) }, CHUNK_TASKS, ready);

scope.addEventListener("message", (event) => {
  const message = event.data;
  if ("module" in message) started(message);
  else serve(message);
});
