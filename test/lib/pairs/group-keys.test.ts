// groupKeys: one group key per pair as text, and bad columns named by index.
import { describe, expect, it } from "vitest";
import { groupKeys } from "../../../src/lib/pairs/group-keys";

describe("groupKeys(group, n, pairsName)", () => {
  it("reads strings and numbers as text, so 1 and \"1\" are one group", () => {
    expect(groupKeys(["a", 1, "1", 2.5], 4, "pairs")).toEqual(["a", "1", "1", "2.5"]);
  });

  it("refuses a non-column, a length mismatch and a bad key, naming the index", () => {
    expect(() => groupKeys("abc", 3, "pairs")).toThrow(/options\.group must be an array/);
    expect(() => groupKeys(["a"], 2, "pairs")).toThrow(/options\.group has length 1 but pairs has length 2/);
    expect(() => groupKeys(["a", null], 2, "pairs")).toThrow(/options\.group\[1\] is null/);
    expect(() => groupKeys(["a", NaN], 2, "pairs")).toThrow(/options\.group\[1\] is NaN/);
  });
});
