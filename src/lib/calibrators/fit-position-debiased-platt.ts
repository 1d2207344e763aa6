// Platt scaling with the position bias removed: the symmetric calibrator for judges seen in both orders
// (docs/DESIGN.md §5.11).
import { fitPlatt, type FitPlattOptions, type FittedPlatt } from "./fit-platt";
import { intervalJson, type ParameterInterval } from "./parameter-interval";
import { plattCalibrator, type PlattCalibrator } from "./platt-calibrator";

/** A Platt calibrator whose bias is 0, with the position bias the fit removed. */
export interface PositionDebiasedPlatt extends PlattCalibrator {
  /** β of the joint fit σ(α·d + β): the first position's advantage, removed from every prediction. */
  readonly positionBias: number;
  readonly positionBiasInterval: ParameterInterval | null;
  readonly converged: boolean;
  readonly message: string | null;
  readonly covariance: FittedPlatt["covariance"];
}

/**
 * Platt scaling under the symmetry constraint g(−d) = 1 − g(d): α and the position bias β are fitted jointly on
 * the pairs as presented, σ(α·d + β), and the calibrator predicts σ(α·d). Swapping the two responses then flips the
 * prediction exactly, and α is not attenuated by a position effect it cannot express (as it would be if β were
 * fixed at 0 during the fit). The result is an ordinary "platt" calibrator (JSON, apply, predict, reward), with β
 * kept in its fit record as `positionBias`. Platt (1999); Zheng et al., NeurIPS 2023. O(n) per iteration.
 * @param pairs pairs as presented (A shown first), with labels on both sides of 0.5; best judged in both orders
 * @param options as fitPlatt: rewardClip, confidence (0.95) of the position bias's interval
 * @returns a frozen Platt calibrator with bias 0, positionBias and positionBiasInterval
 * @throws {RangeError} as fitPlatt: chosen/rejected input, or every label on one side of 0.5
 * @example fitPositionDebiasedPlatt({ margin: [2, -1, 1, -2, 0.5], label: [1, 0, 0, 0, 1] }).predict([0])[0] // => 0.5
 */
export function fitPositionDebiasedPlatt(pairs: Parameters<typeof fitPlatt>[0], options?: FitPlattOptions): PositionDebiasedPlatt {
  const fitted = fitPlatt(pairs, options);
  const fit = { ...fitted.fit, positionBias: fitted.bias, positionBiasInterval: intervalJson(fitted.betaInterval), debiased: true };
  return plattCalibrator(fitted.scale, 0, fit, fitted.rewardNormalization, fitted.range, {
    positionBias: fitted.bias, positionBiasInterval: fitted.betaInterval, converged: fitted.converged,
    message: fitted.message, covariance: fitted.covariance,
  });
}
