// The NLL fit of the inverse temperature a = 1/T, as pairs and K-wise choices share it (docs/DESIGN.md §5.1,
// §5.12): the pass at a = 1 (Σw, the NLL before, the accuracy), a warm start on a subsample of large inputs, then
// the safeguarded Newton iteration on all of them.
import type { ResidentPairs, TemperatureExpansion } from "../../core/temperature";
import { inverseTemperatureNewton, runSteps, type InverseTemperatureSolution } from "./inverse-temperature-newton";
import { modelLoss } from "./inverse-temperature-expansion";

/** Inputs of at least twice this many pairs (or prompts) get a warm start on a subsample of about this size. */
const WARM_START_SIZE = 2 ** 17;
/** N(â) is taken from the last pass's Taylor model only when â is this close to it (relative): exact to rounding. */
const MODEL_SHIFT = 1e-4;

export interface InverseTemperatureFit {
  /** Σw, Σw·nll at T = 1 and Σw·correctness. */
  weight: number;
  nllAtOne: number;
  correctAtOne: number;
  newton: InverseTemperatureSolution;
  /**
   * The fit's last fused pass and N(â) from its Taylor model, for an interior optimum; null otherwise (then N(â)
   * takes a pass of its own).
   */
  model: { expansion: TemperatureExpansion; loss: number } | null;
}

/**
 * Fits a in [1/tHigh, 1/tLow]. Every fused pass (resident.expansion, of pairs or of K-wise choices) gives the NLL
 * and its first four derivatives: the pass at a = 1 doubles as Newton's first when it starts there, Newton takes
 * third-order steps, and the subsample's optimum (within ~1/√(2^17) of the answer) leaves two passes on all pairs
 * or prompts. Separable data stop at the lower bound of T after the pass at 1 (their optimum is T → 0; the caller
 * decides it from the data). O(n) per pass.
 */
export function fitInverseTemperature(
  resident: ResidentPairs, n: number, tLow: number, tHigh: number, separable: boolean,
): InverseTemperatureFit {
  const pass = resident.expansion;
  return runSteps(inverseTemperatureFitSteps(n, tLow, tHigh, separable), (r) => pass(r.a, r.withLoss, r.stride));
}

/** A fused pass the fit asks for: at a, with the loss or not, over pairs 0, stride, 2·stride, … */
export interface ExpansionRequest {
  a: number;
  withLoss: boolean;
  stride: number;
}

/**
 * The fit with fused passes as steps: it yields each pass it needs and is resumed with its expansion, so
 * fitInverseTemperature answers them in this thread and fitTemperatureParallel from chunks on worker threads,
 * both through this one rule (docs/DESIGN.md §5.1, §6.10).
 */
export function* inverseTemperatureFitSteps(
  n: number, tLow: number, tHigh: number, separable: boolean,
): Generator<ExpansionRequest, InverseTemperatureFit, TemperatureExpansion> {
  const stride = Math.floor(n / WARM_START_SIZE);
  const atOne = yield { a: 1, withLoss: true, stride: 1 };
  const fit = { weight: atOne.weight, nllAtOne: atOne.loss, correctAtOne: atOne.correct };
  if (separable) return { ...fit, newton: { a: 1 / tLow, iterations: 0, converged: true, atBound: "lower" }, model: null };
  const start = stride >= 2 ? (yield* newtonOnPasses(1 / tHigh, 1 / tLow, 1, { withLoss: false, stride }, null)).newton.a : 1;
  const solved = yield* newtonOnPasses(1 / tHigh, 1 / tLow, start, { withLoss: true, stride: 1 }, atOne);
  const { newton } = solved, last = solved.last ?? atOne;
  const shift = newton.a - last.at;
  const model = newton.atBound === null && Math.abs(shift) <= MODEL_SHIFT * newton.a
    ? { expansion: last, loss: modelLoss(last, shift) }
    : null;
  return { ...fit, newton, model };
}

/**
 * Newton's iteration from `start`, each a it asks for answered by a pass of the given kind (the pass `known` at its
 * own a is reused); returns the solution and the last pass taken.
 */
function* newtonOnPasses(
  aLow: number, aHigh: number, start: number, kind: Omit<ExpansionRequest, "a">, known: TemperatureExpansion | null,
): Generator<ExpansionRequest, { newton: InverseTemperatureSolution; last: TemperatureExpansion | null }, TemperatureExpansion> {
  const steps = inverseTemperatureNewton(aLow, aHigh, start);
  let last = known;
  for (let step = steps.next(); ; ) {
    if (step.done) return { newton: step.value, last };
    last = known !== null && step.value === known.at ? known : yield { a: step.value, ...kind };
    step = steps.next(last);
  }
}
