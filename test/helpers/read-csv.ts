// The committed CSV files (no quoted fields) as rows of strings keyed by the header, for the tests that read real data.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The rows of the CSV file at `path` (relative to the repository root), each keyed by the header's names. */
export function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(root + path, "utf8").trim().split(/\r?\n/);
  const names = header.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(names.map((name, i) => [name, cells[i]]));
  });
}
