// The script of each worker thread of the pool (docs/DESIGN.md §6.10): it loads the WebAssembly core once (the
// bytes are inlined in dist/pool-worker.js) and runs the chunks it is sent by name.
import { parentPort } from "node:worker_threads";
import { init } from "../entries/default";
import { CHUNK_TASKS } from "../parallel/chunk-tasks";
import { chunkServer } from "../parallel/chunk-server";
import { readPairFile, type ReadPairFileOptions } from "./read-pair-file";
import { countQuotes, readPairFileRange } from "./read-pair-file-ranges";

const port = parentPort!;
/** The library's chunks, and reading a file of a dataset or a byte range of one file, which only Node's threads do. */
const TASKS = {
  ...CHUNK_TASKS,
  readPairFile: (options: ReadPairFileOptions, path: string) => readPairFile(path, options),
  readPairFileRange,
  countQuotes,
};
port.on("message", chunkServer({ postMessage: (reply, transfer) => port.postMessage(reply, transfer) }, TASKS, init()));
