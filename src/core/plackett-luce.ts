// Typed wrappers of the best-of-N and ranking kernels (assembly/plackett-luce.ts). The temperature fit keeps the
// choices in WebAssembly memory across its Newton passes, as withResidentPairs does for pairs.
import { kernels } from "./instance";
import { withScope } from "./memory";
import type { ResidentPairs } from "./temperature";

/** K-wise choices as the kernels read them: prompt i owns scores[offsets[i] … offsets[i + 1]), best first. */
export interface ChoiceArrays {
  readonly offsets: Int32Array;
  readonly scores: Float64Array;
  readonly weight: Float64Array | null;
  /** Every stage of the ranking counts (Plackett–Luce), not only the first choice. */
  readonly ranked: boolean;
}

/** Per prompt: the predicted winner's probability, the chosen response's share of the top, and the NLL. */
export interface ChoiceTerms {
  confidence: Float64Array;
  correct: Float64Array;
  nll: Float64Array;
}

/**
 * Copies the choices in once and runs `body` with passes over them. The passes have the shape of the pairs' (the
 * Newton loop and the profile interval take either): nll(T) returns [Σw, Σw·nll, Σw·correct], summed here in
 * prompt order with the kernel's operations (w·x, skipping w = 0), so K = 2 choices give the pairs' bits.
 */
export function withResidentChoices<T>(choices: ChoiceArrays, body: (resident: ResidentPairs) => T): T {
  return withScope((scope) => {
    const k = kernels();
    const n = choices.offsets.length - 1;
    const offsetsPtr = scope.i32In(choices.offsets);
    const scoresPtr = scope.f64In(choices.scores);
    const weightPtr = scope.f64In(choices.weight);
    const out = scope.f64Out(3);
    const confidence = scope.f64Out(n), correct = scope.f64Out(n), nll = scope.f64Out(n);
    return body({
      derivatives(a, stride = 1) {
        k.choiceDerivatives(offsetsPtr, scoresPtr, weightPtr, n, choices.ranked, stride, a, out);
        const [w, gradient, curvature] = scope.f64Read(out, 3);
        return { weight: w, gradient, curvature };
      },
      nll(temperature) {
        k.choiceTerms(offsetsPtr, scoresPtr, n, choices.ranked, temperature, confidence, correct, nll);
        return weightedTotals(choices.weight, scope.f64View(nll, n), scope.f64View(correct, n));
      },
    });
  });
}

/** The per-prompt terms at temperature T. O(Σ K). */
export function choiceTerms(choices: ChoiceArrays, temperature: number): ChoiceTerms {
  return withScope((scope) => {
    const n = choices.offsets.length - 1;
    const confidence = scope.f64Out(n), correct = scope.f64Out(n), nll = scope.f64Out(n);
    kernels().choiceTerms(scope.i32In(choices.offsets), scope.f64In(choices.scores), n, choices.ranked, temperature,
      confidence, correct, nll);
    return { confidence: scope.f64Read(confidence, n), correct: scope.f64Read(correct, n), nll: scope.f64Read(nll, n) };
  });
}

/**
 * [Σw, Σw·nll, Σw·correct] in prompt order, as temperatureNll sums pairs: a zero weight adds no loss (0·∞ would be
 * NaN); w = 1 when there are no weights, and 1·x is x exactly.
 */
function weightedTotals(weight: Float64Array | null, nll: ArrayLike<number>, correct: ArrayLike<number>): Float64Array {
  let sumW = 0, sumNll = 0, sumCorrect = 0;
  for (let i = 0; i < nll.length; i++) {
    const w = weight === null ? 1 : weight[i];
    sumW += w;
    if (w !== 0) sumNll += w * nll[i];
    sumCorrect += w * correct[i];
  }
  return Float64Array.of(sumW, sumNll, sumCorrect);
}
