// The error family (docs/DESIGN.md §8): every error rmcal throws on purpose carries a machine-readable code and the
// argument, index, file, line and field it is about, from every layer (core, library, readers, Node output,
// CLI); TypeError and RangeError stay their base classes; the CLI's exit code follows the code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  init, assess, fitPlatt, loadCalibrator, bradleyTerryLoss, isRmcalError, RmcalError, RmcalRangeError, RmcalTypeError,
  type RmcalErrorCode,
} from "rmcal";
import {
  readPairs, readPairFile, jsonlRows, delimitedRows, parseLabelMap, checkOutputPath, tableColumns, InputError, OutputError,
} from "rmcal/node";
import { runInFreshNode } from "../helpers/child";
import { rmcalAsync, tempFolder } from "../helpers/cli";
import { errorOf } from "../helpers/thrown";

beforeAll(async () => {
  await init();
});

const { dir, cleanup } = tempFolder();
afterAll(cleanup);
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** The family's fields, as a plain object (they are not enumerable, so toMatchObject on the error would not see them). */
function fieldsOf(error: Error): Record<string, unknown> {
  expect(isRmcalError(error)).toBe(true);
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { code: e.code };
  for (const key of ["argument", "index", "file", "line", "field"]) if (e[key] !== undefined) out[key] = e[key];
  return out;
}

describe("library errors carry a code and say where", () => {
  it("a non-finite value: RangeError, invalid-argument, the column and the index; the message as before", () => {
    const error = errorOf(() => assess({ chosen: [1, NaN, 3], rejected: [0, 0, 0] }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toBeInstanceOf(RmcalRangeError);
    expect(error.name).toBe("RangeError");
    expect(error.message).toBe("pairs.chosen[1] is NaN; pairs.chosen must be finite");
    expect(fieldsOf(error)).toEqual({ code: "invalid-argument", argument: "pairs.chosen", index: 1 });
  });

  it("the same error from a Float64Array, checked without a copy", () => {
    const error = errorOf(() => assess({ margin: Float64Array.of(1, 2), label: [1, 0], weight: Float64Array.of(1, 1e200) }));
    expect(error.message).toBe("pairs.weight[1] is 1e+200; non-zero pairs.weight must lie in [1e-100, 1e100] (rescale them: only their ratios matter)");
    expect(fieldsOf(error)).toEqual({ code: "invalid-argument", argument: "pairs.weight", index: 1 });
  });

  it("a wrong type: TypeError, invalid-argument", () => {
    const error = errorOf(() => assess(null as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(RmcalTypeError);
    expect(fieldsOf(error)).toEqual({ code: "invalid-argument", argument: "pairs" });
  });

  it.each<[string, () => unknown, RmcalErrorCode, Record<string, unknown>]>([
    ["columns of different lengths", () => assess({ chosen: [1, 2, 3], rejected: [0, 1] }), "length-mismatch", { argument: "pairs.rejected" }],
    ["no rows", () => assess([]), "empty-input", { argument: "pairs" }],
    ["an option out of range", () => assess({ margin: [1], label: [1] }, { bins: 0 }), "invalid-option", { argument: "options.bins" }],
    ["an options argument that is not an object", () => assess({ margin: [1], label: [1] }, 3 as never), "invalid-option", { argument: "options" }],
    ["a margin that overflows", () => assess({ chosen: [1, 1e308], rejected: [0, -1e308] }), "invalid-argument", { argument: "pairs.chosen", index: 1 }],
    ["a row missing a field", () => assess([{ margin: 1, label: 1 }, { margin: 2 }] as never), "invalid-argument", { argument: "pairs", index: 1, field: "label" }],
    ["labels Platt scaling cannot fit", () => fitPlatt({ margin: [1, 2], label: [1, 1] }), "invalid-argument", { argument: "pairs.label" }],
    ["a calibrator of another version", () => loadCalibrator({ format: "rmcal.calibrator", version: 9 }), "invalid-argument", { argument: "calibrator.version" }],
    ["a calibrator that is not JSON", () => loadCalibrator("{"), "invalid-argument", { argument: "calibrator" }],
    ["a column in options", () => bradleyTerryLoss([0, 1], { weights: [1, -1] }), "invalid-argument", { argument: "options.weights", index: 1 }],
    ["more rows than WebAssembly memory holds", () => {
      const hollow: number[] = [];
      hollow.length = 2e8;
      return assess({ margin: hollow, label: hollow });
    }, "capacity", { argument: "pairs" }],
  ])("%s", (_, call, code, details) => {
    const error = errorOf(call);
    expect(error instanceof RangeError || error instanceof TypeError).toBe(true);
    expect(fieldsOf(error)).toEqual({ code, ...details });
  });

  it("before init(): RmcalError with code not-initialized (core), message unchanged", () => {
    const result = runInFreshNode(`
      import * as rmcal from "rmcal";
      try { rmcal.assess({ margin: [1], label: [1] }); } catch (e) {
        console.log(JSON.stringify({ family: rmcal.isRmcalError(e), plain: e instanceof rmcal.RmcalError, code: e.code, message: e.message }));
      }
    `);
    expect(result).toEqual({ family: true, plain: true, code: "not-initialized", message: "rmcal is not initialized: call await init() first" });
  });

  it("a thrown error compares equal to the plain error it was before (the fields are not enumerable)", () => {
    expect(() => assess({ chosen: [1, 2, 3], rejected: [0, 1] }))
      .toThrow(new RangeError("pairs.rejected has length 2 but pairs.chosen has length 3; they must match"));
    expect(Object.keys(errorOf(() => assess([])))).toEqual([]);
  });

  it("isRmcalError: true for the family only", () => {
    expect(isRmcalError(new RmcalError("internal", "x"))).toBe(true);
    expect(isRmcalError(new RangeError("x"))).toBe(false);
    expect(isRmcalError(Object.assign(new Error("x"), { code: "usage" }))).toBe(false);
    expect(isRmcalError({ code: "usage", message: "x" })).toBe(false);
    expect(isRmcalError(null)).toBe(false);
  });
});

describe("reader and Node errors join the family (rmcal/node)", () => {
  const chunks = (text: string) => [text];

  it("a malformed row: InputError, input-format, file and line", async () => {
    const error = await rejected(readPairs(jsonlRows(chunks('{"chosen": 1, "rejected": 0}\n{"chosen": \n')), { fileName: "p.jsonl" }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.name).toBe("InputError");
    // A separate bundle from "rmcal", so `instanceof RmcalError` cannot hold; isRmcalError recognizes it.
    expect(fieldsOf(error)).toEqual({ code: "input-format", file: "p.jsonl", line: 2, field: null });
  });

  it("a bad field: input-field, with the field", async () => {
    const error = await rejected(readPairs(jsonlRows(chunks('{"chosen": 1, "rejected": "x"}\n')), { fileName: "p.jsonl" }));
    expect(error.message).toBe('p.jsonl, line 1, field "rejected": is "x"; it must be a number');
    expect(fieldsOf(error)).toEqual({ code: "input-field", file: "p.jsonl", line: 1, field: "rejected" });
  });

  it("an empty CSV: the reader's error (a RangeError) becomes an InputError naming the file, empty-input", async () => {
    const direct = await rejected((async () => { for await (const _ of delimitedRows(chunks(""), ",")) void _; })());
    expect(direct).toBeInstanceOf(RangeError);
    expect(direct.message).toBe("the file is empty; a CSV/TSV file needs a header row");
    expect(fieldsOf(direct).code).toBe("empty-input");
    const error = await rejected(readPairs(delimitedRows(chunks(""), ","), { fileName: "p.csv" }));
    expect(error.message).toBe("p.csv: is empty; a CSV/TSV file needs a header row");
    expect(fieldsOf(error)).toEqual({ code: "empty-input", file: "p.csv", line: null, field: null });
  });

  it("a missing file: input-file", async () => {
    const error = await rejected(readPairFile(join(dir, "absent.jsonl")));
    expect(fieldsOf(error)).toEqual({ code: "input-file", file: join(dir, "absent.jsonl"), line: null, field: null });
  });

  it("an output path that exists: OutputError, output-path, the path", () => {
    const path = file("exists.json", "{}");
    const error = errorOf(() => checkOutputPath(path));
    expect(error).toBeInstanceOf(OutputError);
    expect(error.name).toBe("OutputError");
    expect(fieldsOf(error)).toEqual({ code: "output-path", file: path });
  });

  it("a bad --label-map: RangeError, invalid-option", () => {
    const error = errorOf(() => parseLabelMap("1=2"));
    expect(error).toBeInstanceOf(RangeError);
    expect(fieldsOf(error)).toEqual({ code: "invalid-option", argument: "--label-map" });
  });

  it("table margins that overflow: RangeError, invalid-argument, the row", async () => {
    const table = await readPairs(jsonlRows(chunks('{"chosen": 1, "rejected": 0}\n{"chosen": 1e308, "rejected": -1e308}\n')), { fileName: "p.jsonl" });
    const error = errorOf(() => tableColumns(table));
    expect(error.message).toBe("row 1: the score difference overflows (1e+308 − -1e+308); rescale the scores");
    expect(fieldsOf(error)).toEqual({ code: "invalid-argument", argument: "table", index: 1 });
  });
});

describe("the CLI's exit code comes from the error's code", () => {
  const pairs = () => file("pairs.jsonl", '{"chosen": 1, "rejected": 0}\n{"chosen": 2, "rejected": 1}\n');

  it.each<[string, () => string[], string, boolean]>([
    ["usage: an unknown command", () => ["nonsense"], 'unknown command "nonsense"', true],
    ["usage: an unknown flag (node:util parseArgs)", () => ["assess", pairs(), "--no-such-flag"], "--no-such-flag", true],
    ["input-file: no such file", () => ["assess", join(dir, "absent.jsonl")], "absent.jsonl: no such file", false],
    ["input-format: a malformed line", () => ["assess", file("broken.jsonl", '{"chosen": 1, "rejected": 0}\n{"chosen": \n')], "broken.jsonl, line 2: not valid JSON", false],
    ["input-field: a bad value", () => ["assess", file("text.jsonl", '{"chosen": "high", "rejected": 0}\n')], 'line 1, field "chosen": is "high"', false],
    ["output-path: an existing --out", () => ["fit", pairs(), "--method", "temperature", "--out", file("out.json", "{}")], "already exists; pass --force", false],
    ["empty-input: too few pairs to split (named by the file)", () => ["fit", file("one.jsonl", '{"chosen": 1, "rejected": 0}\n'), "--method", "temperature", "--out", join(dir, "t.json")], "one.jsonl: has only 1 valid pair; fit needs at least 2", false],
    ["invalid-argument from the readers: weights that sum to 0", () => ["assess", file("w.jsonl", '{"chosen": 1, "rejected": 0, "w": 0}\n'), "--weight", "w"], "the weights sum to 0", false],
  ])("%s → 2", async (_, args, text, hint) => {
    const r = await rmcalAsync(args());
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(text);
    expect(r.stderr.includes("(see rmcal")).toBe(hint);
    expect(r.stderr).not.toMatch(/\n\s+at \S/);
  });
});
