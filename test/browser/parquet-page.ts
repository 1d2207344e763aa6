// Bundled by test/browser/parquet.test.ts for Chromium: `rmcal assess FILE --json` as the page would run it, from
// the isomorphic reader (src/platform/io) and the default entry, on a Parquet file's bytes. It prints what
// src/app/cli/commands/assess.ts prints, so the two can be compared byte for byte.
import { init } from "../../src/platform/entries/default";
import { columnsToRead, parquetRows, readPairs, rowsOfGroup, subsetTable, tableColumns, type ReadPairsOptions } from "../../src/platform/io/index";
import { assessColumns } from "../../src/lib/programs";

/**
 * The JSON `rmcal assess FILE --json [--group F]` prints for the Parquet file in `base64`.
 * @example await assessParquetJson(base64, { fileName: "flat.parquet" })
 */
export async function assessParquetJson(base64: string, options: ReadPairsOptions): Promise<string> {
  await init();
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const table = await readPairs(parquetRows(bytes.buffer, { columns: (header) => columnsToRead(header, options) }), { ...options, marginsOnly: true });
  const overall = assessColumns(tableColumns(table), {});
  if (options.group === undefined) return JSON.stringify(overall, null, 2) + "\n";
  const groups = table.groupNames.map((group, code) => ({ group, assessment: assessColumns(tableColumns(subsetTable(table, rowsOfGroup(table, code))), {}) }));
  return JSON.stringify({ overall, groups }, null, 2) + "\n";
}
