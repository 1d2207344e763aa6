// Typed wrappers of the best-of-N and ranking kernels (assembly/plackett-luce.ts). The temperature fit keeps the
// choices in WebAssembly memory across its Newton passes, as withResidentPairs does for pairs.
import { kernels } from "./instance";
import { withScope } from "./memory";
import { pairExpansion, temperatureOf, type ResidentPairs } from "./temperature";

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
 * Newton loop and the profile interval take either): nll(T) returns [Σw, Σw·nll, Σw·correct], summed by the kernel
 * in prompt order as temperatureNll sums pairs, so K = 2 choices give the pairs' bits.
 */
export function withResidentChoices<T>(choices: ChoiceArrays, body: (resident: ResidentPairs) => T): T {
  return withScope((scope) => {
    const k = kernels();
    const n = choices.offsets.length - 1;
    const offsetsPtr = scope.i32In(choices.offsets);
    const scoresPtr = scope.f64In(choices.scores);
    const weightPtr = scope.f64In(choices.weight);
    const out = scope.f64Out(3);
    let maxK = 0, minK = Infinity;
    for (let i = 0; i < n; i++) {
      maxK = Math.max(maxK, choices.offsets[i + 1] - choices.offsets[i]);
      minK = Math.min(minK, choices.offsets[i + 1] - choices.offsets[i]);
    }
    const scratch = scope.f64Out(2 * maxK);
    const profileOut = scope.f64Out(5), expansionOut = scope.f64Out(8);
    const confidence = scope.f64Out(n), correct = scope.f64Out(n), nll = scope.f64Out(n);
    // The profile passes' totals by T, which serve nll(T) at those T without a pass of their own (the fit asks the
    // NLL at T̂ for its report after the interval has asked it for its cut-off). A fit makes a handful.
    const profiled = new Map<number, Float64Array>();
    return body({
      derivatives(a, stride = 1) {
        k.choiceDerivatives(offsetsPtr, scoresPtr, weightPtr, n, choices.ranked, stride, a, scratch, out);
        const [w, gradient, curvature] = scope.f64Read(out, 3);
        return { weight: w, gradient, curvature };
      },
      nll(temperature) {
        const known = profiled.get(temperature);
        if (known !== undefined) return known.slice();
        k.choiceTerms(offsetsPtr, scoresPtr, weightPtr, n, choices.ranked, temperature, confidence, correct, nll, out);
        return scope.f64Read(out, 3);
      },
      profile(a) {
        const temperature = temperatureOf(a);
        k.choiceProfile(offsetsPtr, scoresPtr, weightPtr, n, choices.ranked, temperature, a, scratch, profileOut);
        const [w, sumNll, sumCorrect, gradient, curvature] = scope.f64Read(profileOut, 5);
        const totals = Float64Array.of(w, sumNll, sumCorrect);
        profiled.set(temperature, totals);
        return { totals: totals.slice(), derivatives: { weight: w, gradient, curvature } };
      },
      // At K = 2 a prompt is a pair with margin s_best − s_other and label 1: the pairs' fused pass gives the
      // pairs' fit bit for bit (docs/DESIGN.md §5.12). Other K take the choices' own fused pass.
      expansion: maxK === 2 && minK === 2
        ? pairExpansion(scope, scope.f64In(pairMargins(choices.offsets, choices.scores)), 0, weightPtr, n)
        : (a, withLoss, stride = 1) => {
          k.choiceExpansion(offsetsPtr, scoresPtr, weightPtr, n, choices.ranked, stride, a, withLoss, scratch, expansionOut);
          const [weight, loss, gradient, curvature, third, fourth, correct, fifth] = scope.f64Read(expansionOut, 8);
          return { at: a, weight, loss, gradient, curvature, third, fourth, fifth, correct };
        },
    });
  });
}

/** The per-prompt terms at temperature T. O(Σ K). */
export function choiceTerms(choices: ChoiceArrays, temperature: number): ChoiceTerms {
  return withScope((scope) => {
    const n = choices.offsets.length - 1;
    const confidence = scope.f64Out(n), correct = scope.f64Out(n), nll = scope.f64Out(n);
    kernels().choiceTerms(scope.i32In(choices.offsets), scope.f64In(choices.scores), 0, n, choices.ranked, temperature,
      confidence, correct, nll, scope.f64Out(3));
    return { confidence: scope.f64Read(confidence, n), correct: scope.f64Read(correct, n), nll: scope.f64Read(nll, n) };
  });
}

/** Per prompt of two responses, the best one's score less the other's: the pairs' margin column. */
function pairMargins(offsets: Int32Array, scores: Float64Array): Float64Array {
  const margin = new Float64Array(offsets.length - 1);
  for (let i = 0; i < margin.length; i++) margin[i] = scores[offsets[i]] - scores[offsets[i] + 1];
  return margin;
}
