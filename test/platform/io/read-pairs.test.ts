// readPairs (rmcal/node re-exports it): Float64Array columns whatever the chunking, field detection, growth past the
// initial capacity, numeric strings, invalid rows named by file, line and field, groups, filters and label maps.
import { describe, expect, it } from "vitest";
import { rowsOf, readPairs } from "rmcal/node";
import { AWKWARD_CSV as CSV, chunked } from "../../helpers/text-chunks";

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

describe("readPairs(batches, { cluster })", () => {
  it("codes a cluster field in order of first appearance, the same from JSONL and CSV", async () => {
    const jsonl = ['{"chosen":1,"rejected":0,"pid":"q2"}', '{"chosen":2,"rejected":0,"pid":5}', '{"chosen":0,"rejected":1,"pid":"q2"}'].join("\n");
    const csv = "chosen,rejected,pid\n1,0,q2\n2,0,5\n0,1,q2\n";
    for (const table of [
      await readPairs(rowsOf([jsonl], "jsonl"), { fileName: "c.jsonl", cluster: ["pid"] }),
      await readPairs(rowsOf(chunked(csv, 5), "csv"), { fileName: "c.csv", cluster: ["pid"], marginsOnly: true }),
    ]) {
      expect(table.clusterCodes).toBeInstanceOf(Int32Array);
      expect(Array.from(table.clusterCodes!)).toEqual([0, 1, 0]);
      expect(table.clusterCount).toBe(2);
    }
  });

  it("codes clusters and groups independently when both are read", async () => {
    const csv = "margin,label,subset,pid\n1,1,x,a\n2,0,y,b\n3,1,x,b\n";
    const table = await readPairs(rowsOf([csv], "csv"), { fileName: "g.csv", group: ["subset"], cluster: ["pid"] });
    expect(Array.from(table.groupCodes!)).toEqual([0, 1, 0]);
    expect(Array.from(table.clusterCodes!)).toEqual([0, 1, 1]);
  });

  it("joins several cluster fields into one id, as --cluster subset,instance_idx does", async () => {
    // instance 0 of subset x and instance 0 of subset y are different clusters; the two rows of (x, 0) are one.
    const csv = "margin,label,subset,instance\n1,1,x,0\n2,0,y,0\n3,1,x,0\n4,1,x,1\n";
    const table = await readPairs(rowsOf([csv], "csv"), { fileName: "j.csv", cluster: ["subset", "instance"] });
    expect(Array.from(table.clusterCodes!)).toEqual([0, 1, 0, 2]);
    expect(table.clusterCount).toBe(3);
  });

  it("refuses a row without a cluster id naming file, line and field, or skips and counts it", async () => {
    const rows = (pid: string) => ['{"margin":1,"label":1,"pid":"a"}', `{"margin":2,"label":0${pid}}`, '{"margin":3,"label":1,"pid":"b"}'].join("\n");
    const read = (pid: string, skipInvalid = false) => readPairs(rowsOf([rows(pid)], "jsonl"), { fileName: "m.jsonl", cluster: ["pid"], skipInvalid });
    await expect(read("")).rejects.toThrow('m.jsonl, line 2, field "pid": does not exist; the row has "margin", "label"');
    await expect(read(',"pid":null')).rejects.toThrow('m.jsonl, line 2, field "pid": is null; a cluster id must be text or a number');
    await expect(read(',"pid":{"id":1}')).rejects.toThrow('m.jsonl, line 2, field "pid": is an object; a cluster id must be text or a number');
    await expect(read(',"pid":""')).rejects.toThrow('m.jsonl, line 2, field "pid": is empty; every pair needs a cluster id');
    const skipped = await read(',"pid":null', true);
    expect(skipped.n).toBe(2);
    expect(skipped.skipped.count).toBe(1);
    expect(skipped.skipped.first[0].line).toBe(2);
    // the skipped row's cluster never got a code
    expect(Array.from(skipped.clusterCodes!)).toEqual([0, 1]);
    const csv = "margin,label,pid\n1,1,a\n2,0,\n";
    await expect(readPairs(rowsOf([csv], "csv"), { fileName: "e.csv", cluster: ["pid"] })).rejects.toThrow('e.csv, line 3, field "pid": is empty');
    await expect(readPairs(rowsOf([csv], "csv"), { fileName: "e.csv", cluster: ["prompt"] })).rejects.toThrow('e.csv, line 1, field "prompt": does not exist; the header has');
  });

  it("refuses a JSONL row that repeats the cluster key", async () => {
    const jsonl = '{"margin":1,"label":1,"pid":"a","pid":"b"}\n';
    await expect(readPairs(rowsOf([jsonl], "jsonl"), { fileName: "r.jsonl", cluster: ["pid"] })).rejects.toThrow(/r\.jsonl, line 1.*pid/);
  });
});
