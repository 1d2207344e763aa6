// The bounds of the temperature and what a fit that stops at one means (docs/DESIGN.md §5.1): shared by the fit on
// pairs and the fit on K-wise choices (§5.12), so both report a boundary in the same words.
import { RmcalRangeError } from "../../core/errors";
import { numberOption } from "../validation/columns";

export const DEFAULT_BOUNDS = [1e-3, 1e3] as const;

/** The bounds of T, and whether each differs from the default (the caller's own bound is named in messages). */
export interface BoundsInfo {
  tLow: number;
  tHigh: number;
  userLow: boolean;
  userHigh: boolean;
}

/** options.bounds: [Tmin, Tmax] with 0 < Tmin < Tmax, default [1e-3, 1e3]. */
export function boundsOption(value: unknown): [number, number] {
  if (value === undefined) return [...DEFAULT_BOUNDS];
  if (!Array.isArray(value) || value.length !== 2) {
    throw new RmcalRangeError("invalid-option", "options.bounds must be an array [Tmin, Tmax] of two numbers", { argument: "options.bounds" });
  }
  const low = numberOption(value[0], "options.bounds[0]", (t) => t > 0, "a finite number > 0");
  numberOption(value[1], "options.bounds[1]", (t) => t > low, `a finite number > options.bounds[0] (${low})`);
  return [low, value[1] as number];
}

/**
 * What a fit that stopped at a bound means, or null for an interior optimum. `allTied`: no score difference in the
 * data; `choices`: the data are K-wise (docs/DESIGN.md §5.12), which changes only the words.
 */
export function boundMessage(
  atBound: "lower" | "upper" | null, accuracy: number, { tLow, tHigh, userLow, userHigh }: BoundsInfo,
  allTied: boolean, objective: "nll" | "ece", collapsed: boolean, separable: boolean, choices = false,
): string | null {
  const acc = accuracy.toFixed(3);
  if (allTied) {
    return choices
      ? "every prompt's scores are all equal: the scores cannot separate any response, so the temperature has no effect"
      : "every margin is 0: the scores cannot separate any pair, so the temperature has no effect";
  }
  const lowerBound = userLow ? `your lower bound options.bounds[0] = ${tLow}` : `the lower bound T = ${tLow}`;
  const upperBound = userHigh ? `your upper bound options.bounds[1] = ${tHigh}` : `the upper bound T = ${tHigh}`;
  if (collapsed) {
    return `in the oriented view the ECE falls as T grows and every probability tends to ½ (accuracy ${acc}): it has no finite optimum, and the fit stopped at ${upperBound}; use view: "folded" (the default)`;
  }
  if (objective === "ece") {
    if (atBound === "lower") return `the lowest ECE was found at ${lowerBound} (accuracy ${acc}); widen options.bounds to search further`;
    if (atBound === "upper" && userHigh) return `the lowest ECE was found at ${upperBound} (accuracy ${acc}); widen options.bounds to search further`;
    if (atBound === "upper") return `the lowest ECE was found at the upper bound T = ${tHigh} (accuracy ${acc}); the scores carry little preference signal`;
    return null;
  }
  // A bound the caller set says nothing about the signal in the scores: the NLL optimum may simply lie beyond it.
  if (atBound === "lower" && userLow && !separable) {
    return `T reached ${lowerBound} (accuracy ${acc}); the NLL optimum may lie below it: lower options.bounds[0] to search further`;
  }
  if (atBound === "upper" && userHigh) {
    return `T reached ${upperBound} (accuracy ${acc}); the NLL optimum may lie above it: raise options.bounds[1] to search further`;
  }
  if (atBound === "lower") {
    const wrongSide = choices ? "no chosen response is outscored by another" : "no pair is on the wrong side";
    return `${wrongSide} (accuracy ${acc}): the data are separable, the NLL-optimal temperature is 0, and the fit stopped at ${lowerBound}`;
  }
  if (atBound === "upper") {
    const why = accuracy <= 0.5
      ? `scores carry no preference signal on this data: accuracy ${acc}${accuracy < 0.45 ? " (below chance: the scores may be inverted)" : ""}`
      : `scores carry almost no preference signal on this data: accuracy ${acc}`;
    return `${why}; the temperature is unbounded, and the fit stopped at the upper bound T = ${tHigh}`;
  }
  return null;
}

