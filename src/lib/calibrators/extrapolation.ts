// Counting the inputs outside the range a calibrator was fitted on (docs/DESIGN.md §5.8): there its calibration
// was never checked, and an isotonic map is flat, giving every such input its end value.
import { RmcalTypeError } from "../../core/errors";
import { describeValue } from "../validation/columns";
import type { FittedRange } from "./calibrator";

/** What predict or reward tells `onExtrapolation` about one call. */
export interface ExtrapolationReport {
  /** Which inputs were compared: the margins of predict or the scores of reward. */
  readonly input: "margins" | "scores";
  /** How many inputs the call had. */
  readonly total: number;
  /** How many lay below or above the fitted range; null when the range is unknown. */
  readonly below: number | null;
  readonly above: number | null;
  /** The fitted [min, max] compared against (for an isotonic reward: r_ref plus the outermost thresholds); null when unknown. */
  readonly range: readonly [number, number] | null;
  /** What extrapolation means for this kind, or why the range is unknown. */
  readonly reason: string;
  /** A sentence for a log: the counts and the reason. */
  readonly message: string;
}

/** The options of every calibrator's predict. */
export interface PredictOptions {
  /** Called once per call when some margin lies outside the fitted range, or when that range is unknown. */
  onExtrapolation?: ExtrapolationHandler;
}

/** Why a fitted range is unknown: a version-1 JSON stores none; a fit on margins has no score range. */
export function unknownRangeReason(stored: FittedRange | null, input: "margins" | "scores"): string {
  if (stored === null) return "this calibrator stores no fitted range: version-1 calibrator JSON predates it; refit to record it";
  return input === "scores" ? "the calibrator was fitted on margins, without per-response scores" : "";
}

/** The rewards of temperature and Platt scaling are linear in the score: beyond the fitted range nothing checked them. */
export const LINEAR_EXTRAPOLATION = "the calibration was fitted and checked only inside that range; beyond it the linear map is extrapolated, unchecked";

/** The `onExtrapolation` option of predict and reward: called once per call when some input is outside, or the range is unknown. */
export type ExtrapolationHandler = (report: ExtrapolationReport) => void;

/**
 * Counts values outside `range` and calls `handler` if any lies outside or the range is unknown. `why` names the
 * kind's behavior out there; `unknown` says why there is no range. O(n), comparisons only.
 */
export function reportExtrapolation(
  handler: ExtrapolationHandler | undefined, values: Float64Array, input: "margins" | "scores", range: readonly [number, number] | null,
  why: string, unknown: string,
): void {
  if (handler === undefined) return;
  if (range === null) {
    const message = `${input}: the fitted range is unknown (${unknown}), so extrapolation cannot be counted`;
    handler(Object.freeze({ input, total: values.length, below: null, above: null, range: null, reason: unknown, message }));
    return;
  }
  let below = 0, above = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < range[0]) below++;
    else if (values[i] > range[1]) above++;
  }
  if (below + above === 0) return;
  const message = `${below + above} of ${values.length} ${input} lie outside the fitted range [${range[0]}, ${range[1]}] (${below} below, ${above} above); ${why}`;
  handler(Object.freeze({ input, total: values.length, below, above, range, reason: why, message }));
}

/** The `onExtrapolation` option, checked before any work: undefined or a function. */
export function extrapolationHandlerOption(value: unknown): ExtrapolationHandler | undefined {
  if (value === undefined || typeof value === "function") return value as ExtrapolationHandler | undefined;
  throw new RmcalTypeError("invalid-option", `options.onExtrapolation is ${describeValue(value)}; it must be a function`, { argument: "options.onExtrapolation" });
}
