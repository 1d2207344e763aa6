// detectChoiceFields: which field names mark a file as K-wise choices when none is named (the web page's detection,
// docs/DESIGN.md §5.12), and readChoices on the detected fields of the best-of-4 fixture.
import { beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { init } from "rmcal";
import { detectChoiceFields, detectInputFields, readChoices, rowsOf } from "../../../src/platform/io/index";
import { repoRoot } from "../../helpers/repo-root";

beforeAll(async () => {
  await init();
});

describe("detectChoiceFields(fieldNames)", () => {
  it("finds scores with best or ranking, and prompt_id/score with best or rank; nothing else", () => {
    expect(detectChoiceFields(["prompt_id", "scores", "best"])).toEqual({ scores: "scores", best: "best" });
    expect(detectChoiceFields(["scores", "ranking"])).toEqual({ scores: "scores", ranking: "ranking" });
    expect(detectChoiceFields(["prompt_id", "score", "rank"])).toEqual({ prompt: "prompt_id", score: "score", rank: "rank" });
    expect(detectChoiceFields(["prompt_id", "score", "best"])).toEqual({ prompt: "prompt_id", score: "score", best: "best" });
    // A prompt field usually holds the prompt's text, and scores alone say nothing about the choice.
    expect(detectChoiceFields(["prompt", "score", "best"])).toBeNull();
    expect(detectChoiceFields(["scores", "label"])).toBeNull();
    expect(detectChoiceFields(["chosen", "rejected"])).toBeNull();
  });

  it("gives readChoices the fields that read the best-of-4 fixture: 200 prompts of 4", async () => {
    const text = await readFile(join(repoRoot, "test/data/parquet/best-of-4.jsonl"), "utf8");
    const header = Object.keys(JSON.parse(text.split("\n")[0]));
    const fields = detectChoiceFields(header)!;
    const table = await readChoices(rowsOf([text], "jsonl"), { fileName: "best-of-4.jsonl", fields });
    expect([table.columns.n, table.columns.minK, table.columns.maxK, table.fieldsUsed]).toEqual([200, 4, 4, "scores=scores, best=best"]);
  });
});

describe("detectInputFields(flags, fieldNames): pairs or choices, as the CLI and the web page decide (DESIGN §12.3)", () => {
  it("pairs first: pair fields detected or named give null, even when choice fields are there too", () => {
    expect(detectInputFields({}, ["chosen", "rejected", "scores", "best"])).toBeNull();
    expect(detectInputFields({ margin: "m", label: "y" }, ["m", "y", "scores", "best"])).toBeNull();
  });

  it("choices when no pair field is there and none was named", () => {
    expect(detectInputFields({}, ["prompt_id", "scores", "best"])).toEqual({ scores: "scores", best: "best" });
    expect(detectInputFields({}, ["prompt_id", "score", "rank"])).toEqual({ prompt: "prompt_id", score: "score", rank: "rank" });
  });

  it("neither: the error lists the pair and the choice fields looked for, and the flags of both", () => {
    let message = "";
    try {
      detectInputFields({}, ["x", "y"], "f.jsonl");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("f.jsonl: could not detect the score fields among [x, y]");
    expect(message).toContain("chosen_score/rejected_score");
    expect(message).toContain("margin/label");
    expect(message).toContain("K-wise choices (scores/best, scores/ranking, prompt_id/score/best, prompt_id/score/rank)");
    expect(message).toContain("--scores with --best or --ranking");
  });

  it("a pair flag that does not fit keeps the pair error: choices are not guessed against the user's flags", () => {
    expect(() => detectInputFields({ chosen: "a" }, ["scores", "best"])).toThrow(/--rejected/);
  });
});
