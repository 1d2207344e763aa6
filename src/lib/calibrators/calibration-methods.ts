// The calibrators a report or `rmcal fit` can fit, by name. Each entry says when the data cannot support it.
import { fitTemperature } from "./fit-temperature";
import { fitIsotonic } from "./fit-isotonic";
import { fitPlatt } from "./fit-platt";
import { fitPositionDebiasedPlatt } from "./fit-position-debiased-platt";
import { fitVennAbers } from "./fit-venn-abers";
import type { Pairs } from "../pairs/pairs";
import type { PairShape } from "../pairs/pairs";
import type { CalibratorJson } from "./calibrator";
import type { PredictingCalibrator } from "./calibrated-assessment";
import type { ParameterInterval } from "./parameter-interval";

export type MethodName = "temperature" | "platt" | "isotonic" | "venn-abers";

/** What every method's fit takes: the temperature objective, and the reward clip stored for reward() (docs/DESIGN.md §5.6). */
interface MethodOptions {
  objective?: "nll" | "ece";
  rewardClip?: number | null;
}

/** A fitted calibrator as the CLI and report use it. */
export interface FittedCalibrator extends PredictingCalibrator {
  toJSON(): CalibratorJson;
}

export interface CalibrationMethod {
  name: MethodName | "platt-debiased";
  /** Display name, e.g. "Platt". */
  label: string;
  /** null when the method can fit pairs of this shape, else why not. */
  unsupported(shape: PairShape): string | null;
  fit(pairs: Pairs, options: MethodOptions): FittedCalibrator;
  /** The fitted parameters in words. */
  describe(calibrator: FittedCalibrator): string;
  /** A boundary or warning from the fit, if any. */
  message(calibrator: FittedCalibrator): string | null;
  /** The interval of the parameter whose uncertainty the fit reports (T, or Platt's β), if any (docs/DESIGN.md §6.7). */
  interval(calibrator: FittedCalibrator): { parameter: "T" | "β"; interval: ParameterInterval } | null;
}

function namedInterval(parameter: "T" | "β", interval: ParameterInterval | null | undefined) {
  return interval ? { parameter, interval } : null;
}

const temperature: CalibrationMethod = {
  name: "temperature",
  label: "temperature",
  unsupported: () => null,
  fit: (pairs, options) => fitTemperature(pairs, { objective: options.objective ?? "nll", rewardClip: options.rewardClip ?? null }),
  describe: (c) => `T = ${(c.temperature as number).toPrecision(4)}`,
  message: (c) => (c as unknown as { message: string | null }).message ?? null,
  interval: (c) => namedInterval("T", (c as unknown as { interval?: ParameterInterval | null }).interval),
};

const platt: CalibrationMethod = {
  name: "platt",
  label: "Platt",
  unsupported: (shape) => (shape === "chosen-rejected"
    ? "needs labels on both sides of 0.5; chosen/rejected pairs have every label 1 (use score-a/score-b/label data)"
    : null),
  fit: (pairs, options) => fitPlatt(pairs, { rewardClip: options.rewardClip ?? null }),
  describe: (c) => {
    const { scale, bias } = c as unknown as { scale: number; bias: number };
    return `α = ${scale.toPrecision(4)}, β = ${bias.toPrecision(3)}`;
  },
  message: (c) => (c as unknown as { message: string | null }).message ?? null,
  interval: (c) => namedInterval("β", (c as unknown as { betaInterval?: ParameterInterval | null }).betaInterval),
};

const isotonic: CalibrationMethod = {
  name: "isotonic",
  label: "isotonic",
  unsupported: () => null,
  // Antisymmetric (g(−d) = 1 − g(d)): the pair's order carries no meaning, and chosen/rejected data can be fitted.
  fit: (pairs, options) => fitIsotonic(pairs, { symmetric: true, rewardClip: options.rewardClip ?? null }),
  describe: (c) => `${(c as unknown as { x: readonly number[] }).x.length} thresholds`,
  message: () => null,
  interval: () => null,
};

const vennAbers: CalibrationMethod = {
  name: "venn-abers",
  label: "Venn–Abers",
  unsupported: () => null,
  // Antisymmetric, as isotonic: the pair's order carries no meaning, and chosen/rejected data can be fitted.
  fit: (pairs, options) => fitVennAbers(pairs, { symmetric: true, rewardClip: options.rewardClip ?? null }),
  describe: (c) => `${(c as unknown as { x: readonly number[] }).x.length} margins where the interval changes`,
  message: () => null,
  interval: () => null,
};

/** The methods of `rmcal fit --method` and of the report, in report order. */
export const CALIBRATION_METHODS: Partial<Record<MethodName, CalibrationMethod>> = { temperature, platt, isotonic, "venn-abers": vennAbers };

/**
 * Platt with the position bias removed (docs/DESIGN.md §5.11), for `rmcal fit --method platt-debiased`. Not one of
 * CALIBRATION_METHODS: on pairs whose order means nothing it only drops a β that measures nothing, so the report
 * does not fit it on every data set.
 */
export const POSITION_DEBIASED_PLATT: CalibrationMethod = {
  ...platt,
  name: "platt-debiased",
  label: "Platt, position-debiased",
  fit: (pairs) => fitPositionDebiasedPlatt(pairs),
  describe: (c) => {
    const { scale, positionBias } = c as unknown as { scale: number; positionBias: number };
    return `α = ${scale.toPrecision(4)}, β = 0 (position bias ${positionBias.toPrecision(3)} removed)`;
  },
  interval: (c) => namedInterval("β", (c as unknown as { positionBiasInterval?: ParameterInterval | null }).positionBiasInterval),
};
