// Temperature scaling on K-wise choices: P(best = i) = softmax(r/T)_i, and Plackett–Luce for full rankings
// (docs/DESIGN.md §5.12). The same safeguarded Newton in a = 1/T, boundary rules and profile interval as for pairs
// (§5.1, §6.7); only the passes differ (assembly/plackett-luce.ts).
import { withResidentChoices } from "../../core/plackett-luce";
import { choiceScoreSums, type ChoiceScoreSums } from "../../core/choice-columns";
import { choicesSeparable, type ChoiceColumns } from "../rankings/choices";
import { fitInverseTemperature } from "./inverse-temperature-fit";
import { temperatureCalibrator } from "./temperature-calibrator";
import { rewardNormalizationOf, scoreQuantilesOf, type FittedRange, type RewardNormalization } from "./calibrator";
import { temperatureProfileInterval } from "./temperature-interval";
import { intervalJson } from "./parameter-interval";
import { boundMessage, type BoundsInfo } from "./temperature-bounds";

export interface ChoiceFitSettings {
  bounds: BoundsInfo;
  clip: number | null;
  confidence: number;
}

/**
 * The NLL temperature fit of K-wise choices. Every step is the pairs' fit with the choice passes in place of the pair
 * passes, so at K = 2 it returns the pairs' T, iterations, NLLs and interval bit for bit. O(Σ K) per iteration.
 */
export function fitChoiceTemperature(columns: ChoiceColumns, { bounds, clip, confidence }: ChoiceFitSettings) {
  const { tLow, tHigh } = bounds;
  return withResidentChoices(columns, (resident) => {
    // As for pairs, separable choices are decided from the data: the gradient underflows long before T reaches 0.
    const separable = choicesSeparable(columns);
    const { weight: sumW, nllAtOne, correctAtOne, newton, model } = fitInverseTemperature(resident, columns.n, tLow, tHigh, separable);
    const accuracy = correctAtOne / sumW;
    const temperature = newton.atBound === "lower" ? tLow : newton.atBound === "upper" ? tHigh : 1 / newton.a;
    const { iterations, converged, atBound } = newton;
    const nllBefore = nllAtOne / sumW;
    // Without the fused pass's model (a fit at a bound), the interval's first profile pass is at T̂ and the resident
    // keeps its totals: nllAfter then costs no pass of its own.
    const interval = temperatureProfileInterval(resident, { a: newton.a, separable, ...(model ? { model } : {}) }, confidence);
    const nllAfter = (model ? model.loss : resident.nll(temperature)[1]) / sumW;
    const message = boundMessage(atBound, accuracy, bounds, allTied(columns), "nll", false, separable, true)
      ?? (converged ? null : `Newton's method did not converge in ${iterations} iterations; T = ${temperature} is the last iterate`);
    const fit = {
      n: columns.n, weight: sumW, objective: "nll", bounds: [tLow, tHigh], iterations, converged, atBound, message,
      accuracy, nllBefore, nllAfter, interval: intervalJson(interval),
      choices: { model: columns.ranked ? "plackett-luce" : "best-of-n", responses: columns.scores.length, minK: columns.minK, maxK: columns.maxK },
    };
    const sums = choiceScoreSums(columns.offsets, columns.scores, columns.weight);
    return temperatureCalibrator(temperature, fit, choiceRewardNormalization(columns, sums, temperature, clip), choiceRange(columns, sums), {
      objective: "nll" as const, iterations, converged, atBound, message, nllBefore, nllAfter, interval,
    });
  });
}

function allTied({ offsets, scores }: ChoiceColumns): boolean {
  for (let i = 0; i + 1 < offsets.length; i++) {
    for (let j = offsets[i] + 1; j < offsets[i + 1]; j++) if (scores[j] !== scores[offsets[i]]) return false;
  }
  return true;
}

/**
 * The fitted range: margins are the chosen (or first-ranked) score less each other score of its prompt, the pairs a
 * K-wise prompt holds against its winner; scores are all responses' (docs/DESIGN.md §5.8).
 */
function choiceRange({ scores }: ChoiceColumns, sums: ChoiceScoreSums): FittedRange {
  return Object.freeze({
    margins: Object.freeze(sums.margins), scores: Object.freeze(sums.scores), scoreQuantiles: scoreQuantilesOf(scores),
  });
}

/**
 * Mean and std of r/T over every response, each counted with its prompt's weight. With K = 2 everywhere this is the
 * pairs' computation itself (chosen and rejected columns), so the JSON keeps the pairs' bits. With other K they are
 * the mean and std of the scores (choiceScoreSums: each sum run per prompt, in prompt order), divided by T once (the
 * same numbers, without a division per response); a mean or std beyond float64 gives none.
 */
function choiceRewardNormalization(
  { offsets, scores, weight, maxK, minK }: ChoiceColumns, sums: ChoiceScoreSums, temperature: number, clip: number | null,
): RewardNormalization | null {
  const n = offsets.length - 1;
  if (maxK === 2 && minK === 2) {
    const a = new Float64Array(n), b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = scores[2 * i] / temperature;
      b[i] = scores[2 * i + 1] / temperature;
    }
    return rewardNormalizationOf(a, b, weight, clip);
  }
  const center = sums.sum / sums.weight;
  const squares = sums.squares, sumW = sums.weight;
  const mean = center / temperature, std = Math.sqrt(squares / sumW) / temperature;
  return Number.isFinite(mean) && Number.isFinite(std) ? Object.freeze({ mean, std, clip }) : null;
}
