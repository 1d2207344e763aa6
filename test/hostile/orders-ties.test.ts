// Bad input to the order study and the tie model through the real CLI: each is refused with exit 2 and a message
// naming the flag, or the file and field, before any output is written.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { rmcal, tempFolder } from "../helpers/cli";

const { dir, cleanup } = tempFolder();
afterAll(cleanup);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const FIELDS = ["--score-a", "a", "--score-b", "b", "--label", "label"];

describe("rmcal diagnose and report refuse bad pair ids, orders and tie labels", () => {
  it("an order field with three values names the file and the field", () => {
    const f = file("three.csv", "pair_id,order,a,b,label\n1,x,1,0,1\n1,y,0,1,0\n2,x,2,1,1\n2,z,1,2,0\n");
    const r = rmcal(["diagnose", f, ...FIELDS, "--pair-id", "pair_id", "--order", "order"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}, field "order": holds 3 distinct values ("x", "y", "z"); pairs judged in both orders need exactly two`);
    expect(r.stdout).toBe("");
  });

  it("a pair id seen twice in one order is refused, naming the file, the field and the pairs", () => {
    const f = file("twice.csv", "pair_id,order,a,b,label\n1,x,1,0,1\n2,y,0,1,0\n1,x,0,1,0\n");
    const r = rmcal(["diagnose", f, ...FIELDS, "--pair-id", "pair_id", "--order", "order"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}, field "pair_id": pairs 1 and 3 (counting the pairs read) have the same id and the same order "x"`);
  });

  it("--order without --pair-id (and the reverse) is a usage error", () => {
    const f = file("ok.csv", "pair_id,order,a,b,label\n1,x,1,0,1\n1,y,0,1,0\n");
    for (const flags of [["--order", "order"], ["--pair-id", "pair_id"]]) {
      const r = rmcal(["diagnose", f, ...FIELDS, ...flags]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/needs --(pair-id|order) too/);
    }
  });

  it("--pair-id naming a missing field names it and the header", () => {
    const f = file("ok2.csv", "pair_id,order,a,b,label\n1,x,1,0,1\n1,y,0,1,0\n");
    const r = rmcal(["diagnose", f, ...FIELDS, "--pair-id", "nosuch", "--order", "order"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`field "nosuch": does not exist`);
  });

  it("--ties on two-outcome or soft labels says what labels it needs", () => {
    for (const [name, labels] of [["binary.csv", [1, 0, 1]], ["soft.csv", [1, 0.5, 0.3]]] as const) {
      const f = file(name, `a,b,label\n1,0,${labels[0]}\n0,1,${labels[1]}\n2,1,${labels[2]}\n`);
      const r = rmcal(["diagnose", f, ...FIELDS, "--ties"]);
      expect(r.status, name).toBe(2);
      expect(r.stderr).toContain("--ties needs three-outcome labels: every label 1, 0 or 0.5 (a tie), and some 0.5");
    }
  });

  it("report --pair-id without FILE is refused, and nothing is written", () => {
    const out = join(dir, "none.html");
    const r = rmcal(["report", "--pair-id", "p", "--order", "o", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("they need FILE");
    expect(existsSync(out)).toBe(false);
  });
});
