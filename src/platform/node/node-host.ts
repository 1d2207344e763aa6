// Node as a host of the parallel functions (docs/DESIGN.md §6.10): its cores, and its pools of worker threads.
import { availableParallelism } from "node:os";
import type { ParallelHost } from "../parallel/parallel-functions";
import { sharedPool } from "./worker-pool";

export const NODE_HOST: ParallelHost = { cores: availableParallelism, pool: sharedPool };
