// fitTemperature on every core: each full pass of the NLL fit cut into the fixed chunks the one-thread fit sums,
// worker threads summing them and the calling thread joining them in chunk order (docs/DESIGN.md §5.1, §6.10).
import type { Pairs } from "../../lib/pairs/pairs";
import type { Choices } from "../../lib/rankings/choices";
import type { FitTemperatureOptions, FittedTemperature } from "../../lib/calibrators/fit-temperature";
import { fitTemperatureOnThreads, type ThreadsOptions } from "../parallel/parallel-functions";
import { NODE_HOST } from "./node-host";

/**
 * fitTemperature on every core, bit for bit: its options, validated in this thread as fitTemperature validates
 * them, plus threads. Past 2^20 pairs each full pass of the NLL fit (the pass at T = 1 and Newton's) is cut into
 * the chunks of 2^20 pairs that fitTemperature's own passes sum, worker threads sum the chunks, and this thread
 * adds their sums in chunk order, as fitTemperature does; the warm start's subsample, the ECE search and the
 * interval's passes (none from about 10^6 pairs on) run here. So the result has fitTemperature's bits for every
 * `threads`. K-wise choices, 2^20 pairs or fewer, and threads 1 are fitTemperature itself. Guo et al. 2017.
 * O(n / threads) per pass, about three passes.
 * @param pairs {chosen, rejected}, {scoreA, scoreB, label} or {margin, label}, optional weight and cluster; or choices
 * @param options fitTemperature's options, and threads (default: the cores from 2^22 pairs on, else 1)
 * @returns what fitTemperature returns
 * @throws {TypeError|RangeError} as fitTemperature does, and for threads that is not an integer from 1 to 256
 * @example const calibrator = await fitTemperatureParallel({ margin, label }, { threads: 2 });
 */
export function fitTemperatureParallel(
  pairs: Pairs | Choices, options: FitTemperatureOptions & ThreadsOptions = {},
): Promise<FittedTemperature> {
  return fitTemperatureOnThreads(NODE_HOST, pairs, options);
}
