// The NLL fit of the inverse temperature a = 1/T, as pairs and K-wise choices share it (docs/DESIGN.md §5.1,
// §5.12): the pass at a = 1 (Σw, the NLL before, the accuracy), a warm start on a subsample of large inputs, then
// the safeguarded Newton iteration on all of them.
import type { ResidentPairs, TemperatureExpansion } from "../../core/temperature";
import { minimizeInverseTemperature, type InverseTemperatureSolution } from "./inverse-temperature-newton";
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
  const stride = Math.floor(n / WARM_START_SIZE);
  const atBoundLow = { a: 1 / tLow, iterations: 0, converged: true, atBound: "lower" as const };
  const pass = resident.expansion;
  const atOne = pass(1, true);
  const fit = { weight: atOne.weight, nllAtOne: atOne.loss, correctAtOne: atOne.correct };
  if (separable) return { ...fit, newton: atBoundLow, model: null };
  const start = stride >= 2 ? minimizeInverseTemperature((a) => pass(a, false, stride), 1 / tHigh, 1 / tLow).a : 1;
  let last = atOne;
  const newton = minimizeInverseTemperature((a) => (last = a === 1 ? atOne : pass(a, true)), 1 / tHigh, 1 / tLow, start);
  const shift = newton.a - last.at;
  const model = newton.atBound === null && Math.abs(shift) <= MODEL_SHIFT * newton.a
    ? { expansion: last, loss: modelLoss(last, shift) }
    : null;
  return { ...fit, newton, model };
}
