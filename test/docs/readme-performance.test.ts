// The README's Performance tables are rendered by scripts/readme-performance.mjs from the committed benchmark results
// (bench/results.json and the files its TABLES name): every time, ratio and agreement shown there must be what the
// script renders from those files now, so that a number cannot be edited by hand or left behind by a new bench run.
// The renderer itself is checked on altered copies of the results: a changed time changes the table, and a row
// whose task is not in the results is left out, as is a table with no row left.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { BEGIN, END, TABLES, currentSection, readResults, renderPerformance, renderTable, withSection } from "../../scripts/readme-performance.mjs";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const files = readResults(repoRoot);

describe("the README's Performance tables", () => {
  it("are what scripts/readme-performance.mjs renders from the committed results (else run it with --write)", () => {
    const rendered = renderPerformance(files);
    expect(rendered).toMatch(/^10⁷ pairs, .*`bench\/results\.json`\):$/m);
    expect(currentSection(readme)).toBe(rendered);
  });

  it("sit in the section \"Performance\", once", () => {
    const section = readme.split(/^## /m).find((s) => s.startsWith("Performance\n"));
    expect(section).toContain(BEGIN);
    expect(section).toContain(END);
    expect(readme.split(BEGIN)).toHaveLength(2);
  });

  it("every file the tables read is committed and every row's task is a bench task", async () => {
    const { TASKS } = await import("../../bench/tasks.mjs");
    for (const table of TABLES) {
      for (const row of table.rows) expect(row.task in TASKS || row.task.startsWith("floor-") || row.task.startsWith("cli "), row.task).toBe(true);
    }
    expect(files["bench/results.json"]).toBeDefined();
    expect(files["bench/results-threads.json"]).toBeDefined();
  });
});

describe("renderPerformance(results)", () => {
  const main = files["bench/results.json"]!;
  const largest = Math.max(...main.rows.map((r) => r.n));

  it("changes when a committed time changes (the README check can fail)", () => {
    const altered = structuredClone(main);
    const ece = altered.rows.find((r) => r.task === "ece" && r.variant === "wasm" && r.n === largest)!;
    ece.medianMs *= 2;
    const before = renderTable(TABLES[0], { "bench/results.json": main })!, after = renderTable(TABLES[0], { "bench/results.json": altered })!;
    expect(after).not.toBe(before);
    // The ECE's two lines (against numpy and against the memory floor) change, and no other.
    const changed = after.split("\n").filter((line, i) => line !== before.split("\n")[i]);
    expect(changed).toHaveLength(2);
    for (const line of changed) expect(line).toMatch(/^\| `expectedCalibrationError`/);
  });

  it("leaves out a row whose task is missing, and a table with no row left", () => {
    const altered = { ...main, rows: main.rows.filter((r) => r.task !== "temperature") };
    const table = renderTable(TABLES[0], { "bench/results.json": altered })!;
    expect(table).not.toContain("`fitTemperature`");
    expect(table).toContain("`expectedCalibrationError`");
    expect(renderTable(TABLES[0], { "bench/results.json": { ...main, rows: [] } })).toBeNull();
  });

  it("writes between the markers and leaves the rest of the README as it is", () => {
    const rewritten = withSection(readme, "NEW");
    expect(currentSection(rewritten)).toBe("NEW");
    expect(rewritten.replace(`${BEGIN}\nNEW\n`, "")).toBe(readme.replace(`${BEGIN}\n${currentSection(readme)}\n`, ""));
    expect(() => withSection("no markers", "x")).toThrow(/needs the markers/);
  });
});
