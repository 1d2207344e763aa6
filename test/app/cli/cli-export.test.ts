// rmcal export CALIBRATOR --to head|openrlhf|trl (docs/DESIGN.md §5.9): the numbers are the library's
// exportCalibrator's, as text with the PyTorch lines or as JSON; isotonic is refused with what to do instead.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { init, exportCalibrator, loadCalibrator } from "rmcal";
import { rmcal, tempFolder, randomPairs } from "../../helpers/cli";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  await init();
  const pairs = randomPairs(400, 9);
  writeFileSync(file("train.csv"), "score_a,score_b,label\n" + pairs.a.map((a, i) => `${a},${pairs.b[i]},${pairs.label[i]}`).join("\n") + "\n");
  for (const method of ["temperature", "isotonic"]) {
    const r = rmcal(["fit", file("train.csv"), "--method", method, "--out", file(`${method}.json`)]);
    expect(r.status, r.stderr).toBe(0);
  }
});
afterAll(cleanup);

describe("rmcal export", () => {
  it.each(["head", "openrlhf", "trl"] as const)("--to %s --json prints the library's export", (to) => {
    const r = rmcal(["export", file("temperature.json"), "--to", to, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const expected = exportCalibrator(loadCalibrator(readFileSync(file("temperature.json"), "utf8")), to);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("prints the head patch with PyTorch lines, and OpenRLHF's config values", () => {
    const c = loadCalibrator(readFileSync(file("temperature.json"), "utf8"));
    if (c.kind !== "temperature") throw new Error("expected a temperature calibrator");
    const head = rmcal(["export", file("temperature.json"), "--to", "head"]);
    expect(head.status, head.stderr).toBe(0);
    expect(head.stdout).toContain(`head.weight.mul_(${1 / c.temperature})`);
    expect(head.stdout).toContain(`head.bias.mul_(${1 / c.temperature}).add_(${-c.rewardNormalization!.mean})`);
    const o = rmcal(["export", file("temperature.json"), "--to", "openrlhf"]);
    expect(o.stdout).toContain(`"mean": ${c.temperature * c.rewardNormalization!.mean}, "std": ${c.temperature}`);
  });

  it("refuses isotonic, a missing or unknown --to, naming what to do", () => {
    const iso = rmcal(["export", file("isotonic.json"), "--to", "head"]);
    expect(iso.status).toBe(2);
    expect(iso.stderr).toContain("calibrator is isotonic");
    expect(iso.stderr).toContain("serve its rewards through rmcal");
    expect(rmcal(["export", file("temperature.json")]).stderr).toContain("export needs --to head, openrlhf or trl");
    expect(rmcal(["export", file("temperature.json"), "--to", "deepspeed"]).stderr).toContain('--to is "deepspeed"; expected head, openrlhf or trl');
  });
});
