// The markup checker used by the SVG and report tests (markupProblem in ./markup.ts) can fail: a check that
// never fails would let malformed output through.
import { describe, expect, it } from "vitest";
import { markupProblem } from "./markup";

describe("markupProblem (test helper)", () => {
  it("finds unbalanced and malformed markup", () => {
    expect(markupProblem("<svg><g></svg>", true)).toMatch(/closes <g>/);
    expect(markupProblem("<div><p>x</div>")).not.toBeNull();
    expect(markupProblem("<text>a < b</text>", true)).toMatch(/raw "<"/);
    expect(markupProblem("<p a=b>x</p>")).toMatch(/malformed/);
  });
});
