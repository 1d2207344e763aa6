// fitTemperature on every core: each full pass of the NLL fit cut into the fixed chunks the one-thread fit sums,
// worker threads summing them and the calling thread joining them in chunk order (docs/DESIGN.md §5.1, §6.10).
import { init } from "../entries/default";
import { toPairColumns, type Pairs } from "../../lib/pairs/pairs";
import { isChoices, type Choices } from "../../lib/rankings/choices";
import { withResidentPairs, PASS_CHUNK_PAIRS, type TemperatureExpansion } from "../../core/temperature";
import {
  finishTemperatureFit, fitPairTemperature, fitTemperature, isSeparable, temperatureFitSettings,
  type FitTemperatureOptions, type FittedTemperature,
} from "../../lib/calibrators/fit-temperature";
import { inverseTemperatureFitSteps, type ExpansionRequest } from "../../lib/calibrators/inverse-temperature-fit";
import { expansionOf, expansionOfChunks, subsampleColumns, temperaturePassChunks, type TemperatureColumns } from "../../lib/parallel/temperature-chunks";
import type { ThreadsOptions } from "./parallel-resampling";
import { sharedColumns } from "./parallel-assess";
import { splitThreads, threadsFor } from "./thread-count";
import { sharedPool } from "./worker-pool";

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
export async function fitTemperatureParallel(
  pairs: Pairs | Choices, options: FitTemperatureOptions & ThreadsOptions = {},
): Promise<FittedTemperature> {
  const { threads, rest } = splitThreads(options);
  await init();
  const settings = temperatureFitSettings(rest);
  if (isChoices(pairs)) return fitTemperature(pairs, rest);
  const columns = toPairColumns(pairs);
  const count = threadsFor(threads, columns.n);
  if (count === 1 || columns.n <= PASS_CHUNK_PAIRS) return fitPairTemperature(columns, settings);
  const separable = isSeparable(columns);
  const { tLow, tHigh } = settings.bounds;
  const shared = sharedColumns(columns);
  const input: TemperatureColumns = { margin: shared.margin, label: shared.label, weight: shared.weight };
  let subsample: { stride: number; columns: TemperatureColumns } | null = null;
  const pass = async ({ a, withLoss, stride }: ExpansionRequest): Promise<TemperatureExpansion> => {
    if (stride === 1) return expansionOfChunks(a, await sharedPool(count).run<Float64Array>("temperatureChunk", input, temperaturePassChunks(columns.n, { a, withLoss })));
    // The warm start's passes cover about 2^17 pairs: here, on the subsample gathered once.
    if (subsample?.stride !== stride) subsample = { stride, columns: subsampleColumns(columns, stride) };
    return expansionOf(subsample.columns, a, withLoss);
  };
  const steps = inverseTemperatureFitSteps(columns.n, tLow, tHigh, separable);
  let step = steps.next();
  while (!step.done) step = steps.next(await pass(step.value));
  const fitted = step.value;
  return withResidentPairs(columns.margin, columns.label, columns.weight, (resident) => finishTemperatureFit(resident, columns, settings, separable, fitted));
}
