// The isomorphic row readers delimitedRows and jsonlRows, through rowsOf (rmcal/node re-exports them): rows and line
// numbers do not depend on where the chunks of a stream happen to split, and CSV quoting follows RFC 4180 through
// papaparse.
import { describe, expect, it } from "vitest";
import { rowsOf, type RowBatch, type SourceRow } from "rmcal/node";
import { AWKWARD_CSV as CSV, chunked } from "../../helpers/text-chunks";

async function allRows(batches: AsyncIterable<RowBatch>): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of batches) rows.push(...batch.rows);
  return rows;
}

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
