// Pair tables as library input with a cluster column (docs/DESIGN.md §6.5): tablePairs and tableColumns give the
// library the same cluster codes, on the whole table and on a subset, so both paths resample the same units.
import { beforeAll, describe, expect, it } from "vitest";
import { init } from "../../helpers/source-entry";
import { toPairColumns } from "../../../src/lib/pairs/pairs";
import { rowsOf, readPairs, tableColumns, tablePairs, subsetTable } from "../../../src/platform/io/index";
import { resamplingUnits, resampleUnitIndices } from "../../../src/lib/uncertainty/resampling-units";

beforeAll(async () => {
  await init();
});

const JSONL = [
  '{"margin":1,"label":1,"prompt":"p9"}', '{"margin":-2,"label":0,"prompt":"p3"}', '{"margin":0.5,"label":1,"prompt":"p9"}',
  '{"margin":3,"label":1,"prompt":7}', '{"margin":-1,"label":1,"prompt":"p3"}', '{"margin":2,"label":0,"prompt":"7"}',
].join("\n");

describe("tablePairs(table) and tableColumns(table) with a cluster field", () => {
  it("give the same cluster codes, in order of first appearance", async () => {
    const table = await readPairs(rowsOf([JSONL], "jsonl"), { fileName: "c.jsonl", cluster: ["prompt"] });
    // p9 → 0, p3 → 1, 7 and "7" (the same text) → 2
    expect(Array.from(tableColumns(table).cluster!)).toEqual([0, 1, 0, 2, 1, 2]);
    expect(tableColumns(table).clusterCount).toBe(3);
    const viaPairs = toPairColumns(tablePairs(table));
    expect(Array.from(viaPairs.cluster!)).toEqual([0, 1, 0, 2, 1, 2]);
    expect(viaPairs.clusterCount).toBe(3);
  });

  it("renumber a subset's clusters so both paths resample the same pairs", async () => {
    const table = await readPairs(rowsOf([JSONL], "jsonl"), { fileName: "c.jsonl", cluster: ["prompt"] });
    const subset = subsetTable(table, [3, 4, 1, 5]);
    // rows 3, 4, 1, 5 have clusters 2, 1, 1, 2: renumbered 0, 1, 1, 0
    expect(Array.from(subset.clusterCodes!)).toEqual([0, 1, 1, 0]);
    expect(subset.clusterCount).toBe(2);
    const a = resamplingUnits(tableColumns(subset)), b = resamplingUnits(toPairColumns(tablePairs(subset)));
    for (const r of [0, 1, 2, 17]) expect(resampleUnitIndices(a, 4, r)).toEqual(resampleUnitIndices(b, 4, r));
  });

  it("leave the library's columns without clusters when no cluster field was read", async () => {
    const table = await readPairs(rowsOf([JSONL], "jsonl"), { fileName: "c.jsonl" });
    expect(table.clusterCodes).toBeNull();
    expect(tableColumns(table).cluster).toBeNull();
    expect("cluster" in tablePairs(table)).toBe(false);
    expect(subsetTable(table, [0, 1]).clusterCodes).toBeNull();
  });
});
