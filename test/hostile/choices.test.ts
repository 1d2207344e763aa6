// Hostile K-wise input (docs/DESIGN.md §5.12): what a careless or adversarial caller hands assessBestOfN and
// fitTemperature. Each is refused with an error naming the argument, or computed correctly: never a crash, a hang
// or a silent wrong answer.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assessBestOfN, fitTemperature, isRmcalError } from "rmcal";
import { errorOf } from "../helpers/thrown";

beforeAll(async () => {
  await init();
});

describe("hostile choices", () => {
  it("prompt ids named after Object.prototype members are ordinary ids", () => {
    const prompt = ["__proto__", "__proto__", "constructor", "constructor", "toString", "toString"];
    const a = assessBestOfN({ prompt, score: [1, 0, 0, 1, 2, 3], best: [1, 0, 1, 0, 0, 1] }, { resamples: 0 });
    expect(a.n).toBe(3);
    expect(a.accuracy).toBe(2 / 3); // right on "__proto__" and "toString", wrong on "constructor"
  });

  it("sparse arrays, holes and non-array rows are refused by index", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => assessBestOfN({ scores: [[1, , 3]], best: [0] } as never)).toThrow(/choices.scores\[0\]\[1\] is undefined/);
    expect(() => assessBestOfN({ scores: [[1, 2], "12"], best: [0, 0] } as never)).toThrow(/choices.scores\[1\] must be an array or a typed array/);
    expect(() => assessBestOfN({ scores: "[[1,2]]", best: [0] } as never)).toThrow(/choices.scores must be an array with one array of scores per prompt/);
    expect(() => assessBestOfN({ scores: [], best: [] })).toThrow(/choices.scores is empty/);
  });

  it("typed arrays of every kind are read as numbers; BigInt scores too", () => {
    const a = assessBestOfN({ scores: [new Float32Array([0.5, 0.25]), new Int8Array([3, -1, 2]), new BigInt64Array([1n, 2n]) as never], best: new Uint8Array([0, 0, 1]) }, { resamples: 0 });
    expect(a.accuracy).toBe(1);
  });

  it("one prompt of 200,000 responses and 100,000 prompts of 2 both compute (no quadratic path)", () => {
    const big = Array.from({ length: 200_000 }, (_, j) => (j % 1000) / 100);
    const one = assessBestOfN({ scores: [big], best: [999] }, { resamples: 0 });
    expect(one.accuracy).toBe(1 / 200);
    expect(fitTemperature({ scores: [big, [1, 0]], best: [999, 0] }).converged).toBe(true);
    const many = Array.from({ length: 100_000 }, (_, i) => [i % 7, (i * 3) % 5]);
    expect(assessBestOfN({ scores: many, best: many.map(() => 0) }, { resamples: 20 }).n).toBe(100_000);
  });

  it("weights out of range and a total of zero are refused with the pair rules' words", () => {
    const e = errorOf(() => assessBestOfN({ scores: [[1, 0], [0, 1]], best: [0, 0], weight: [0, 0] }));
    expect(isRmcalError(e) && e.code).toBe("invalid-argument");
    expect(e.message).toBe("choices.weight sum to 0; at least one weight must be positive");
    expect(() => assessBestOfN({ scores: [[1, 0]], best: [0], weight: [1e300] })).toThrow(/non-zero choices.weight must lie in \[1e-100, 1e100\]/);
  });

  it("scores near ±1e308 within a prompt's reach give finite, correct answers", () => {
    const a = assessBestOfN({ scores: [[8e307, -8e307, 0], [-8e307, 8e307, 1]], best: [0, 0] }, { resamples: 0 });
    expect(a.accuracy).toBe(0.5);
    expect(a.nll).toBe(8e307); // ½·(0 + 1.6e308): the wrong prompt's loss is (8e307 + 8e307)/1
    const t = fitTemperature({ scores: [[8e307, -8e307, 0], [-8e307, 8e307, 1]], best: [0, 0] });
    expect(Number.isFinite(t.temperature)).toBe(true);
  });
});
