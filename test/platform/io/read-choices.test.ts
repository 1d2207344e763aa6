// detectChoiceFields: which field names mark a file as K-wise choices when none is named (the web page's detection,
// docs/DESIGN.md §5.12), and readChoices on the detected fields of the best-of-4 fixture.
import { beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { init } from "rmcal";
import { detectChoiceFields, readChoices, rowsOf } from "../../../src/platform/io/index";
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
