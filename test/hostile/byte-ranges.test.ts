// Hostile files read as byte ranges on 2 and 3 threads (docs/DESIGN.md §6.10): whatever sits at a cut (a byte-order
// mark opening a line, a stray or unclosed quote, a bare line feed in a CRLF file, a short row, a blank line, a
// line that is not JSON), the read gives the one-thread table, or the one-thread error with its file and line.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPairFiles, readPairFilesParallel, type PairTable, type ReadPairFileOptions } from "rmcal/node";

const dir = mkdtempSync(join(tmpdir(), "rmcal-hostile-ranges-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bits = (table: PairTable): string => JSON.stringify(table, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

/** The outcome of a read: the table's bits, or the error's class, code and message. */
async function outcome(read: Promise<PairTable>): Promise<string> {
  return read.then(bits, (e: Error & { code?: string }) => `${e.name} ${e.code} ${e.message}`);
}

/** A file of 600 rows with `odd` put at the rows where 2 and 3 threads cut (and around them). */
function hostile(name: string, header: string | null, row: (i: number) => string, odd: string, end = "\n"): string {
  const lines = Array.from({ length: 600 }, (_, i) => row(i));
  for (const at of [199, 200, 201, 299, 300, 301, 399, 400, 401]) lines[at] = odd;
  const path = join(dir, name);
  writeFileSync(path, (header === null ? "" : header + end) + lines.join(end) + end);
  return path;
}

const json = (i: number) => JSON.stringify({ chosen: 1 + (i % 7) / 10, rejected: (i % 5) / 10 });
const csv = (i: number) => `${1 + (i % 7) / 10},${(i % 5) / 10}`;

describe("a hostile line at a cut", () => {
  const cases: [string, string][] = [
    ["bom.jsonl", hostile("bom.jsonl", null, json, "\ufeff" + json(0))],
    ["not-json.jsonl", hostile("not-json.jsonl", null, json, '{"chosen": 1, "rejected": ')],
    ["blank.jsonl", hostile("blank.jsonl", null, json, "")],
    ["bom.csv", hostile("bom.csv", "chosen,rejected", csv, "\ufeff1,0")],
    ["stray.csv", hostile("stray.csv", "chosen,rejected", csv, '1,0"')],
    ["unclosed.csv", hostile("unclosed.csv", "chosen,rejected", csv, '1,"0')],
    ["short.csv", hostile("short.csv", "chosen,rejected", csv, "1")],
    ["bare-lf.csv", hostile("bare-lf.csv", "chosen,rejected", csv, "1,\n0", "\r\n")],
    ["quoted-crlf.csv", hostile("quoted-crlf.csv", "chosen,rejected", csv, '"1\r\n",0', "\r\n")],
  ];
  for (const [name, path] of cases) {
    for (const skipInvalid of [false, true]) {
      it(`${name}${skipInvalid ? " with skipInvalid" : ""}: the one-thread outcome on 2 and 3 threads`, async () => {
        const options: ReadPairFileOptions = { skipInvalid };
        const expected = await outcome(readPairFiles([path], options));
        for (const threads of [2, 3]) expect(await outcome(readPairFilesParallel([path], { ...options, threads })), `threads ${threads}`).toBe(expected);
      });
    }
  }
});
