// resolveFieldMapping (rmcal/node re-exports it): which fields of a file hold the scores, the labels and the margins.
import { describe, expect, it } from "vitest";
import { resolveFieldMapping } from "rmcal/node";

describe("resolveFieldMapping", () => {
  it("prefers specific score names over plain chosen/rejected (which often hold response text)", () => {
    expect(resolveFieldMapping({}, ["chosen", "rejected", "chosen_score", "rejected_score"])).toEqual({ shape: "chosen-rejected", chosen: "chosen_score", rejected: "rejected_score" });
    expect(resolveFieldMapping({}, ["margin", "label"])).toEqual({ shape: "margin", margin: "margin", label: "label" });
    expect(() => resolveFieldMapping({}, ["a", "b"])).toThrow("could not detect the score fields among [a, b]");
    expect(() => resolveFieldMapping({ scoreA: "a" }, ["a", "b"])).toThrow("--score-b is missing");
  });
});
