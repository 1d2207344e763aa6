// The isomorphic readers (rmcal/node re-exports them): rows and line numbers do not depend on where the chunks of
// a stream happen to split, CSV quoting follows RFC 4180 through papaparse, and columns are Float64Arrays.
import { describe, expect, it } from "vitest";
import { rowsOf, readPairs, resolveFieldMapping, type RowBatch, type SourceRow } from "rmcal/node";

const encoder = new TextEncoder();

/** The text as byte chunks of `size` bytes (splitting multi-byte characters and CRLF pairs on purpose). */
function chunked(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

async function allRows(batches: AsyncIterable<RowBatch>): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of batches) rows.push(...batch.rows);
  return rows;
}

const CSV =
  '\ufeffid,score_a,score_b,label,note\r\n' +
  '1,0.5,-1,1,"plain"\r\n' +
  '2,1e-3,2,0,"comma, ""quote"" and\r\nnewline"\r\n' +
  '\r\n' +
  '3,-4.25,0,0.5,"é ü 日本"\r\n' +
  '4,7,8,1,last';

describe("delimitedRows / jsonlRows", () => {
  it("give the same rows and line numbers for every chunk size (1 byte to the whole file)", async () => {
    const whole = await allRows(rowsOf([CSV], "csv"));
    expect(whole.map((r) => r.line)).toEqual([2, 3, 6, 7]);
    expect(whole[1].values).toEqual({ id: "2", score_a: "1e-3", score_b: "2", label: "0", note: 'comma, "quote" and\r\nnewline' });
    expect(whole[2].values!.note).toBe("é ü 日本");
    for (let size = 1; size <= 40; size++) {
      expect(await allRows(rowsOf(chunked(CSV, size), "csv")), `chunk size ${size}`).toEqual(whole);
    }
  });

  it("reads TSV and JSONL with blank lines counted in the line numbers", async () => {
    const tsv = await allRows(rowsOf(["margin\tlabel\n1.5\t1\n-2\t0\n"], "tsv"));
    expect(tsv.map((r) => r.values)).toEqual([{ margin: "1.5", label: "1" }, { margin: "-2", label: "0" }]);
    const jsonl = '{"margin":1,"label":1}\r\n\n  \n{"margin":-2,"label":0}';
    for (let size = 1; size <= 12; size++) {
      const rows = await allRows(rowsOf(chunked(jsonl, size), "jsonl"));
      expect(rows.map((r) => [r.line, r.values]), `chunk size ${size}`).toEqual([[1, { margin: 1, label: 1 }], [4, { margin: -2, label: 0 }]]);
    }
  });
});

describe("readPairs", () => {
  it("fills Float64Array columns and detects score_a/score_b/label", async () => {
    const table = await readPairs(rowsOf(chunked(CSV, 7), "csv"), { fileName: "x.csv" });
    expect(table.fieldsUsed).toBe("score-a=score_a, score-b=score_b, label=label");
    expect(table.scoreA).toBeInstanceOf(Float64Array);
    expect(Array.from(table.scoreA!)).toEqual([0.5, 0.001, -4.25, 7]);
    expect(Array.from(table.label!)).toEqual([1, 0, 0.5, 1]);
  });

  it("grows past its initial capacity without losing rows (100,000 JSONL lines)", async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `{"chosen":${i},"rejected":${-i}}`).join("\n");
    const table = await readPairs(rowsOf(chunked(lines, 65536), "jsonl"), { fileName: "big.jsonl" });
    expect(table.n).toBe(100_000);
    expect(table.scoreA![99_999]).toBe(99_999);
    expect(table.scoreB![54_321]).toBe(-54_321);
  });

  it("accepts numeric strings and RewardBench's one-element arrays; rejects the rest naming file, line and field", async () => {
    const ok = await readPairs(rowsOf(['{"scores_chosen":[1.5],"scores_rejected":["0.5"]}\n'], "jsonl"), { fileName: "rb.jsonl" });
    expect(ok.fieldsUsed).toBe("chosen=scores_chosen, rejected=scores_rejected");
    expect(ok.scoreB![0]).toBe(0.5);
    const bad = ['{"chosen":1,"rejected":0}', '{"chosen":true,"rejected":0}'].join("\n");
    await expect(readPairs(rowsOf([bad], "jsonl"), { fileName: "b.jsonl" })).rejects.toThrow('b.jsonl, line 2, field "chosen": is true; it must be a number');
    const nan = 'margin,label\nNaN,1\n';
    await expect(readPairs(rowsOf([nan], "csv"), { fileName: "n.csv" })).rejects.toThrow('n.csv, line 2, field "margin": is "NaN"; it must be a number');
  });

  it("with skipInvalid counts every skipped row and keeps the first line numbers", async () => {
    const lines = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? "{oops" : `{"margin":${i},"label":1}`)).join("\n");
    const table = await readPairs(rowsOf([lines], "jsonl"), { fileName: "s.jsonl", skipInvalid: true });
    expect(table.n).toBe(13);
    expect(table.skipped.count).toBe(7);
    expect(table.skipped.first.map((s) => s.line)).toEqual([1, 4, 7, 10, 13]);
  });

  it("groups rows, filters with where, and maps labels", async () => {
    const csv = "evaluator,subset,s1,s2,gold\nA,x,1,2,2\nB,x,3,1,1\nA,y,5,5,1\n";
    const table = await readPairs(rowsOf([csv], "csv"), {
      fileName: "l.csv", fields: { scoreA: "s1", scoreB: "s2", label: "gold" }, labelMap: new Map([["1", 1], ["2", 0]]),
      where: [{ field: "evaluator", value: "A" }], group: ["subset"],
    });
    expect(table.n).toBe(2);
    expect(table.filtered).toBe(1);
    expect(Array.from(table.label!)).toEqual([0, 1]);
    expect(table.groupNames).toEqual(["x", "y"]);
    expect(Array.from(table.groupCodes!)).toEqual([0, 1]);
  });
});

describe("resolveFieldMapping", () => {
  it("prefers specific score names over plain chosen/rejected (which often hold response text)", () => {
    expect(resolveFieldMapping({}, ["chosen", "rejected", "chosen_score", "rejected_score"])).toEqual({ shape: "chosen-rejected", chosen: "chosen_score", rejected: "rejected_score" });
    expect(resolveFieldMapping({}, ["margin", "label"])).toEqual({ shape: "margin", margin: "margin", label: "label" });
    expect(() => resolveFieldMapping({}, ["a", "b"])).toThrow("could not detect the score fields among [a, b]");
    expect(() => resolveFieldMapping({ scoreA: "a" }, ["a", "b"])).toThrow("--score-b is missing");
  });
});
