// The NLL near one inverse temperature from its first four derivatives there (docs/DESIGN.md §5.1, §6.7): a
// Taylor model that lets Newton take third-order steps, and puts the profile interval's ends within rounding of
// their roots before a single pass over the pairs checks them. Plain arithmetic on five numbers; the passes are
// the kernels'.
import type { TemperatureExpansion } from "../../core/temperature";

/** How many Newton steps the model's root search may take (each is a few flops; it converges in about five). */
const MAX_MODEL_STEPS = 60;

/** N(at + δ) by the quartic Taylor model. */
export function modelLoss(e: TemperatureExpansion, delta: number): number {
  return e.loss + delta * (e.gradient + delta * (e.curvature / 2 + delta * (e.third / 6 + (delta * e.fourth) / 24)));
}

/** N′(at + δ) by the cubic Taylor model (the derivative of modelLoss). */
export function modelGradient(e: TemperatureExpansion, delta: number): number {
  return e.gradient + delta * (e.curvature + delta * (e.third / 2 + (delta * e.fourth) / 6));
}

/**
 * The step to subtract from a to reach the stationary point of the cubic model, i.e. the root nearest 0 of
 * g + H·δ + H₃·δ²/2 (written 2g/(H + √(H² − 2·H₃·g)), without cancellation). It converges with order three:
 * the error left is about |H₄|·|step|³/(6H), the first term the model drops. Newton's g/H when that quadratic has
 * no real root (far from the optimum) or the curvature is not positive.
 * see: Traub, "Iterative Methods for the Solution of Equations" (1964), §8 (Chebyshev–Halley family)
 */
export function modelStep(gradient: number, curvature: number, third: number): number {
  const discriminant = curvature * curvature - 2 * third * gradient;
  if (!(curvature > 0) || !(discriminant >= 0) || !Number.isFinite(discriminant)) return gradient / curvature;
  return (2 * gradient) / (curvature + Math.sqrt(discriminant));
}

/**
 * The δ on one side of `at` (sign +1 above, −1 below) where the quartic model of N reaches `level`, found by
 * Newton's method on the model from the quadratic (Wald) guess; NaN when the model has no such root with the model
 * still rising away from `at` (the model is then no guide, and the caller searches on the data instead).
 */
export function modelLevelCrossing(e: TemperatureExpansion, level: number, side: 1 | -1): number {
  const rise = level - e.loss;
  if (!(rise > 0) || !(e.curvature > 0)) return NaN;
  let delta = side * Math.sqrt((2 * rise) / e.curvature);
  for (let step = 0; step < MAX_MODEL_STEPS; step++) {
    const slope = modelGradient(e, delta);
    if (!(side * slope > 0)) return NaN;
    const change = (modelLoss(e, delta) - level) / slope;
    delta -= change;
    if (!(side * delta > 0)) return NaN;
    if (Math.abs(change) <= 1e-15 * Math.abs(delta)) return delta;
  }
  return NaN;
}
