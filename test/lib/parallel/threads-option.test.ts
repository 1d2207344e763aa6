// threadsOption: the one rule for options.threads and --threads (docs/DESIGN.md §6.10).
import { describe, expect, it } from "vitest";
import { threadsOption } from "../../../src/lib/parallel/threads-option";
import { errorOf } from "../../helpers/thrown";

describe("threadsOption(value, name, cores)", () => {
  it("defaults to the cores, at least 1 and at most 256", () => {
    expect(threadsOption(undefined, "options.threads", 8)).toBe(8);
    expect(threadsOption(undefined, "options.threads", 0)).toBe(1);
    expect(threadsOption(undefined, "options.threads", 1000)).toBe(256);
  });

  it("takes an integer from 1 to 256 as given, whatever the cores", () => {
    expect(threadsOption(1, "options.threads", 8)).toBe(1);
    expect(threadsOption(256, "options.threads", 2)).toBe(256);
  });

  it("refuses anything else with a RangeError naming the option", () => {
    for (const bad of [0, -1, 2.5, 257, NaN, "2", null]) {
      const error = errorOf(() => threadsOption(bad, "options.threads", 4)) as RangeError & { code: string };
      expect(error).toBeInstanceOf(RangeError);
      expect(error.code).toBe("invalid-option");
      expect(error.message).toMatch(/^options\.threads is .*; it must be an integer from 1 to 256$/);
    }
  });
});
