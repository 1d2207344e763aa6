// The chunk functions every host's threads run, by name (docs/DESIGN.md §6.10): the library's resampling and
// assess chunks and the temperature fit's pass chunks, so a Node worker thread and a Web Worker run the same code.
import { RESAMPLING_TASKS } from "../../lib/parallel/resampling-chunks";
import { assessChunkPartial } from "../../lib/parallel/assess-chunks";
import { temperatureChunkSums } from "../../lib/parallel/temperature-chunks";

export const CHUNK_TASKS: Record<string, (input: never, chunk: never) => unknown> = { ...RESAMPLING_TASKS, assessChunk: assessChunkPartial, temperatureChunk: temperatureChunkSums };
