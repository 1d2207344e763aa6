// parquetRows (rmcal/node re-exports it) on files written by pyarrow 25.0.1 and committed under test/data/parquet/:
//   /tmp/venv/bin/python scripts/make-parquet-fixtures.py   (python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pyarrow)
// Each .parquet file has a .jsonl twin holding the same rows (Python's json writes doubles exactly), so the twin
// is the oracle: readPairs must give the same columns, bit for bit, and the same errors, from either.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { columnsToRead, isParquet, parquetRows, readPairs, rowsOf, type PairTable, type RowBatch } from "rmcal/node";
import { repoRoot } from "../../helpers/repo-root";

const DATA = join(repoRoot, "test/data/parquet");

async function bytesOf(name: string): Promise<ArrayBuffer> {
  const buffer = await readFile(join(DATA, name));
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

async function collect(batches: AsyncIterable<RowBatch>): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

/** Every column of a table as plain arrays of the doubles' bit patterns, so equality means the same bits. */
function bits(table: PairTable): Record<string, string[] | null> {
  const hex = (c: Float64Array | null) => (c === null ? null : Array.from(new BigUint64Array(c.slice().buffer), (b) => b.toString(16)));
  return { scoreA: hex(table.scoreA), scoreB: hex(table.scoreB), margin: hex(table.margin), label: hex(table.label), weight: hex(table.weight) };
}

describe("parquetRows(file, options)", () => {
  for (const codec of ["snappy", "zstd", "gzip"]) {
    it(`reads flat-${codec}.parquet into the same columns as flat.jsonl, bit for bit, with weights, groups and --where`, async () => {
      const options = { fields: { weight: "weight" }, group: ["subset"], where: [{ field: "subset", value: "code" }] };
      const fromJsonl = await readPairs(rowsOf([await readFile(join(DATA, "flat.jsonl"), "utf8")], "jsonl"), { fileName: "flat.jsonl", ...options });
      const file = await bytesOf(`flat-${codec}.parquet`);
      const fromParquet = await readPairs(parquetRows(file, { columns: (header) => columnsToRead(header, options) }), { fileName: `flat-${codec}.parquet`, ...options });
      expect(fromParquet.n).toBe(fromJsonl.n);
      expect(fromParquet.filtered).toBe(fromJsonl.filtered);
      expect(fromParquet.fieldsUsed).toBe("score-a=score_a, score-b=score_b, label=label, weight=weight");
      expect(bits(fromParquet)).toEqual(bits(fromJsonl));
      expect(fromParquet.groupNames).toEqual(fromJsonl.groupNames);
    });
  }

  it("yields one batch per row group, rows numbered from 1 across them, header = the schema's top-level names", async () => {
    const batches = await collect(parquetRows(await bytesOf("flat-zstd.parquet")));
    expect(batches.map((b) => b.rows.length)).toEqual([100, 100, 100]);
    expect(batches[0].header).toEqual(["id", "subset", "score_a", "score_b", "label", "weight"]);
    expect(batches[1].rows[0].line).toBe(101);
    // INT64 ids arrive as numbers, as JSON would have them; doubles keep their bits.
    const jsonl = (await readFile(join(DATA, "flat.jsonl"), "utf8")).split("\n");
    expect(batches[2].rows[99].values).toEqual(JSON.parse(jsonl[299]));
  });

  it("decodes only the columns asked for", async () => {
    const batches = await collect(parquetRows(await bytesOf("nested.parquet"), { columns: (header) => columnsToRead(header, {}) }));
    expect(Object.keys(batches[0].rows[0].values!)).toEqual(["scores_chosen", "scores_rejected"]);
    expect(columnsToRead(["id", "chosen", "rejected", "subset"], { group: ["subset"] })).toEqual(["chosen", "rejected", "subset"]);
  });

  it("reads list<double> columns as arrays: RewardBench's one-score lists as numbers, K-wise lists whole", async () => {
    const jsonl = await readPairs(rowsOf([await readFile(join(DATA, "nested.jsonl"), "utf8")], "jsonl"), { fileName: "nested.jsonl" });
    const parquet = await readPairs(parquetRows(await bytesOf("nested.parquet")), { fileName: "nested.parquet" });
    expect(parquet.fieldsUsed).toBe("chosen=scores_chosen, rejected=scores_rejected");
    expect(bits(parquet)).toEqual(bits(jsonl));
    const [first] = await collect(parquetRows(await bytesOf("nested.parquet")));
    expect((first.rows[0].values!.scores as number[]).length).toBe(4);
  });

  it("renders rows as JSON lines or CSV cells for programs that write them back", async () => {
    const [jsonl] = await collect(parquetRows(await bytesOf("nested.parquet"), { render: "jsonl" }));
    expect(JSON.parse(jsonl.rows[0].text)).toEqual(jsonl.rows[0].values);
    const [csv] = await collect(parquetRows(await bytesOf("flat-snappy.parquet"), { render: "csv" }));
    expect(csv.headerText).toBe("id,subset,score_a,score_b,label,weight\n");
    expect(csv.rows[0].text).toBe("0,chat,-3.015351893267773,-0.046898178950568324,0,1\n");
  });

  it("refuses bytes that are not Parquet, a file cut short, and one with damaged pages, as input-format errors", async () => {
    const whole = new Uint8Array(await bytesOf("flat-zstd.parquet"));
    expect(isParquet(whole)).toBe(true);
    const cut = whole.slice(0, 5000).buffer;
    await expect(collect(parquetRows(cut))).rejects.toMatchObject({ code: "input-format", message: expect.stringMatching(/not a readable Parquet file/) });
    await expect(collect(parquetRows(new Uint8Array(4).buffer))).rejects.toMatchObject({ code: "input-format" });
    const damaged = whole.slice();
    for (let i = 200; i < 1200; i++) damaged[i] ^= 0x5a;
    await expect(collect(parquetRows(damaged.buffer))).rejects.toMatchObject({ code: "input-format", message: expect.stringMatching(/cannot be decoded in rows 1 to 100/) });
  });
});
