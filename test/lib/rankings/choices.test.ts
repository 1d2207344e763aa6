// toChoiceColumns: the three shapes give one prompt-major, best-first form; bad input is named by field, prompt and
// response.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { toChoiceColumns, isChoices, choicesSeparable, type Choices } from "../../../src/lib/rankings/choices";

beforeAll(async () => {
  await init();
});

describe("toChoiceColumns(choices)", () => {
  it("stores best-of-N prompts chosen first (others in order) and rankings in rank order, with CSR offsets", () => {
    const best = toChoiceColumns({ scores: [[1, 5, 2], [0, 3]], best: [1, 0] });
    expect(Array.from(best.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(best.scores)).toEqual([5, 1, 2, 0, 3]);
    expect([best.ranked, best.minK, best.maxK, best.n]).toEqual([false, 2, 3, 2]);
    const ranked = toChoiceColumns({ scores: [[1, 5, 2]], ranking: [[2, 0, 1]] });
    expect(Array.from(ranked.scores)).toEqual([2, 1, 5]);
    expect(ranked.ranked).toBe(true);
  });

  it("reads the flat form (scores back to back with offsets) into the nested form's columns, bit for bit", () => {
    const nested = toChoiceColumns({ scores: [[1, 5, 2], [0, 3], [4, -1, 7, 2]], best: [1, 0, 3], weight: [1, 2, 0.5] });
    const flat = toChoiceColumns({
      scores: Float64Array.of(1, 5, 2, 0, 3, 4, -1, 7, 2), offsets: Int32Array.of(0, 3, 5, 9), best: [1, 0, 3], weight: [1, 2, 0.5],
    });
    expect(flat).toEqual(nested);
    const rankedNested = toChoiceColumns({ scores: [[1, 5, 2], [0, 3]], ranking: [[2, 0, 1], [1, 0]] });
    const rankedFlat = toChoiceColumns({ scores: [1, 5, 2, 0, 3], offsets: [0, 3, 5], ranking: [2, 0, 1, 1, 0] });
    expect(rankedFlat).toEqual(rankedNested);
    expect(Array.from(rankedFlat.scores)).toEqual([2, 1, 5, 3, 0]);
  });

  it("reads the long format: prompts in order of first appearance, rows of one prompt anywhere", () => {
    const long = toChoiceColumns({ prompt: ["b", "a", "b", "a", "b"], score: [1, 2, 3, 4, 5], best: [0, 0, 1, 1, 0] });
    expect(Array.from(long.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(long.scores)).toEqual([3, 1, 5, 4, 2]);
    const ranks = toChoiceColumns({ prompt: [7, 7, 7], score: [1, 2, 3], rank: [2, 3, 1] });
    expect(Array.from(ranks.scores)).toEqual([3, 1, 2]);
  });

  it("tells choices from pairs by their fields", () => {
    expect(isChoices({ scores: [[1, 2]], best: [0] })).toBe(true);
    expect(isChoices({ prompt: [1], score: [1], best: [1] })).toBe(true);
    expect(isChoices({ chosen: [1], rejected: [0] })).toBe(false);
    expect(isChoices([{ chosen: 1, rejected: 0 }])).toBe(false);
  });

  const refused: [string, unknown, RegExp][] = [
    ["a prompt of one response", { scores: [[1, 2], [3]], best: [0, 0] }, /choices.scores\[1\] has 1 response; a prompt needs at least 2/],
    ["a best index out of range", { scores: [[1, 2, 3]], best: [3] }, /choices.best\[0\] is 3; it must be an index from 0 to 2/],
    ["a fractional best index", { scores: [[1, 2]], best: [0.5] }, /choices.best\[0\] is 0.5/],
    ["a NaN score", { scores: [[1, NaN]], best: [0] }, /choices.scores\[0\]\[1\] is NaN/],
    ["a string score", { scores: [[1, "2"]], best: [0] }, /choices.scores\[0\]\[1\] is "2"; choices.scores\[0\] must hold numbers/],
    ["a ranking that repeats an index", { scores: [[1, 2, 3]], ranking: [[0, 0, 2]] }, /choices.ranking\[0\]\[1\] is 0; a ranking must list each index 0 … 2 once/],
    ["a ranking of the wrong length", { scores: [[1, 2, 3]], ranking: [[0, 1]] }, /choices.ranking\[0\] has length 2 but the prompt has 3 scores/],
    ["best and ranking at once", { scores: [[1, 2]], best: [0], ranking: [[0, 1]] }, /needs exactly one of best or ranking with scores, got best and ranking/],
    ["neither best nor ranking", { scores: [[1, 2]] }, /needs exactly one of best or ranking/],
    ["scores of the wrong length", { scores: [[1, 2]], best: [0, 1] }, /choices.best has length 2 but choices.scores has length 1/],
    ["scores that differ past float64", { scores: [[1e308, -1e308]], best: [0] }, /^choices: the scores 1e\+308 and -1e\+308 of prompt 0 differ by more than float64 holds/],
    ["a negative weight", { scores: [[1, 2]], best: [0], weight: [-1] }, /choices.weight\[0\] is -1; choices.weight must be ≥ 0/],
    ["a long prompt without a chosen response", { prompt: ["a", "a", "b", "b"], score: [1, 2, 3, 4], best: [1, 0, 0, 0] }, /^choices.best: prompt "b" has no response with best 1 \(first at row 2\)/],
    ["a long prompt with two chosen responses", { prompt: ["a", "a"], score: [1, 2], best: [1, 1] }, /choices.best\[1\] is 1; prompt "a" already has a chosen response/],
    ["a long rank beyond K", { prompt: ["a", "a"], score: [1, 2], rank: [1, 3] }, /choices.rank\[1\] is 3; a rank must be an integer from 1 to the prompt's 2 responses/],
    ["a long rank repeated", { prompt: ["a", "a"], score: [1, 2], rank: [1, 1] }, /prompt "a" already has a response of rank 1/],
    ["a long prompt of one row", { prompt: ["a", "a", "z"], score: [1, 2, 3], best: [1, 0, 1] }, /choices.prompt "z" \(first at row 2\) has 1 response/],
    ["flat offsets that do not start at 0", { scores: [1, 2, 3], offsets: [1, 3], best: [0] }, /choices.offsets\[0\] is 1: not 0; the first prompt starts at score 0/],
    ["flat offsets that fall", { scores: [1, 2, 3, 4], offsets: [0, 3, 2, 4], best: [0, 0, 0] }, /choices.offsets\[2\] is 2: below offsets\[1\] = 3/],
    ["flat offsets that end early", { scores: [1, 2, 3], offsets: [0, 2], best: [0] }, /choices.offsets\[1\] is 2: not 3, the number of scores/],
    ["a fractional flat offset", { scores: [1, 2, 3], offsets: [0, 1.5, 3], best: [0, 0] }, /choices.offsets\[1\] is 1.5: not an integer/],
    ["a flat prompt of one response", { scores: [1, 2, 3], offsets: [0, 2, 3], best: [0, 0] }, /choices.offsets: prompt 1 has 1 response; a prompt needs at least 2/],
    ["a flat best index out of range", { scores: [1, 2, 3, 4], offsets: [0, 2, 4], best: [0, 2] }, /choices.best\[1\] is 2; it must be an index from 0 to 1/],
    ["a flat best of the wrong length", { scores: [1, 2, 3, 4], offsets: [0, 2, 4], best: [0] }, /choices.best has length 1 but choices.offsets has length 2/],
    ["a NaN flat score", { scores: [1, NaN], offsets: [0, 2], best: [0] }, /choices.scores\[1\] is NaN/],
    ["a flat ranking that repeats an index", { scores: [1, 2, 3, 4], offsets: [0, 2, 4], ranking: [0, 1, 1, 1] }, /choices.ranking\[3\] \(prompt 1\) is 1; a ranking must list each index 0 … 1 once/],
    ["a flat ranking of the wrong length", { scores: [1, 2, 3, 4], offsets: [0, 2, 4], ranking: [0, 1] }, /choices.ranking has length 2 but choices.scores has length 4/],
    ["flat weights of the wrong length", { scores: [1, 2, 3, 4], offsets: [0, 2, 4], best: [0, 0], weight: [1] }, /choices.weight has length 1 but choices.offsets has length 2|choices.offsets has length 2 but choices.weight has length 1/],
    ["a NaN in flat Float64Array scores", { scores: Float64Array.of(1, 2, 3, NaN), offsets: [0, 2, 4], best: [0, 0] }, /choices.scores\[3\] is NaN/],
    ["flat Float64Array scores that differ past float64", { scores: Float64Array.of(1, 2, 1e308, -1e308), offsets: [0, 2, 4], best: [0, 0] }, /^choices: the scores 1e\+308 and -1e\+308 of prompt 1 differ by more than float64 holds/],
    ["a flat best index out of range with Float64Array scores", { scores: Float64Array.of(1, 2, 3, 4), offsets: [0, 2, 4], best: [0, 2] }, /choices.best\[1\] is 2; it must be an index from 0 to 1/],
    ["int32 flat offsets that fall", { scores: Float64Array.of(1, 2, 3, 4), offsets: Int32Array.of(0, 3, 2, 4), best: [0, 0, 0] }, /choices.offsets\[2\] is 2: below offsets\[1\] = 3/],
    ["int32 flat offsets that end early", { scores: Float64Array.of(1, 2, 3), offsets: Int32Array.of(0, 2), best: [0] }, /choices.offsets\[1\] is 2: not 3, the number of scores/],
    ["an int32 flat prompt of one response", { scores: Float64Array.of(1, 2, 3), offsets: Int32Array.of(0, 2, 3), best: [0, 0] }, /choices.offsets: prompt 1 has 1 response; a prompt needs at least 2/],
    ["an int32 flat offset past the scores", { scores: Float64Array.of(1, 2, 3, 4), offsets: Int32Array.of(0, 9, 4), best: [0, 0] }, /choices.offsets\[2\] is 4: below offsets\[1\] = 9/],
    ["a best flag that is not 0 or 1", { prompt: ["a", "a"], score: [1, 2], best: [1, 2] }, /choices.best\[1\] is 2; best must be 1 for the chosen response and 0 for the others/],
  ];
  for (const [what, input, message] of refused) {
    it(`refuses ${what}, naming it`, () => {
      expect(() => toChoiceColumns(input as Choices)).toThrow(message);
    });
  }
});

describe("choicesSeparable(columns)", () => {
  it("is true when no stage is won by a lower score and some stage by a higher one", () => {
    expect(choicesSeparable(toChoiceColumns({ scores: [[3, 1, 3]], best: [0] }))).toBe(true);
    expect(choicesSeparable(toChoiceColumns({ scores: [[2, 2]], best: [0] }))).toBe(false);
    expect(choicesSeparable(toChoiceColumns({ scores: [[3, 1, 2]], ranking: [[0, 1, 2]] }))).toBe(false);
    expect(choicesSeparable(toChoiceColumns({ scores: [[3, 1, 2]], ranking: [[0, 2, 1]] }))).toBe(true);
  });
});
