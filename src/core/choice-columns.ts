// Typed wrappers of the choice-column kernels (assembly/choice-columns.ts): the flat choices put best first with
// their rules checked in the same pass, and the sums of the fitted range and the reward normalization.
import { kernels } from "./instance";
import { withScope } from "./memory";

/**
 * The flat scores with prompt i's stretch [offsets[i], offsets[i + 1]) put best[i] first, the others after it in
 * their order, and `bad`: −1, or the first prompt whose offsets, best index, scores or score spread break the rules
 * (the facade then checks again with its own messages; the scores are then not all copied). n = offsets.length − 1
 * prompts, at least one.
 */
export function bestFirstScores(flat: Float64Array, offsets: Int32Array, best: Float64Array): { scores: Float64Array; bad: number } {
  return withScope((scope) => {
    const n = offsets.length - 1;
    const out = scope.f64Out(flat.length);
    const bad = kernels().bestFirstScores(scope.f64In(flat), scope.i32In(offsets), scope.f64In(best), n, flat.length, out);
    return { scores: scope.f64Read(out, flat.length), bad };
  });
}

/** The sums choiceScoreSums and choiceScoreSquares give, over choices stored best first. */
export interface ChoiceScoreSums {
  /** Min and max of the chosen score less each other score of its prompt. */
  margins: [number, number];
  /** Min and max of every score. */
  scores: [number, number];
  /** Σ K·w and Σ w·(the prompt's score sum). */
  weight: number;
  sum: number;
  /** Σ w·Σ_j (s_j − center)², with center the weighted mean sum / weight. */
  squares: number;
}

/** Both passes over the scores. O(Σ K). */
export function choiceScoreSums(offsets: Int32Array, scores: Float64Array, weight: Float64Array | null): ChoiceScoreSums {
  return withScope((scope) => {
    const k = kernels();
    const n = offsets.length - 1;
    const offsetsPtr = scope.i32In(offsets), scoresPtr = scope.f64In(scores), weightPtr = scope.f64In(weight);
    const out = scope.f64Out(6);
    k.choiceScoreSums(offsetsPtr, scoresPtr, weightPtr, n, out);
    const [low, high, sLow, sHigh, sumW, sum] = scope.f64Read(out, 6);
    const squares = k.choiceScoreSquares(offsetsPtr, scoresPtr, weightPtr, n, sum / sumW);
    return { margins: [low, high], scores: [sLow, sHigh], weight: sumW, sum, squares };
  });
}
