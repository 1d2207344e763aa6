// A bundle made without the "workerd" export condition carries the default build, which compiles the inlined
// WebAssembly bytes at run time; workerd refuses that. init() must then say what to do (docs/DESIGN.md §4.1, §8.2):
// this runs the default build, dist/rmcal.js, under real workerd and reads the error init() throws.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";
import { startWorkerd, type RunningWorkerd } from "../helpers/workerd";

const WORKER = `
import { init, isRmcalError } from "rmcal";
export default {
  async fetch() {
    try {
      await init();
      return Response.json({ initialized: true });
    } catch (error) {
      return Response.json({ family: isRmcalError(error), code: error.code, message: error.message });
    }
  },
};
`;

let dir: string;
let worker: RunningWorkerd;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rmcal-default-build-"));
  await writeFile(join(dir, "worker.mjs"), WORKER);
  worker = await startWorkerd([
    { name: "worker.mjs", type: "esModule", path: relative(repoRoot, join(dir, "worker.mjs")) },
    { name: "rmcal", type: "esModule", path: "dist/rmcal.js" },
  ]);
}, 30_000);

afterAll(async () => {
  await worker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("init() of the default build under workerd names the workerd condition and init({ module })", async () => {
  const result = await (await fetch(worker.url)).json();
  expect(result).toMatchObject({ family: true, code: "unsupported-host" });
  expect(result.message).toMatch(/^init: this host cannot compile WebAssembly at run time \(.+\)/);
  expect(result.message).toContain('the "workerd" export condition');
  expect(result.message).toContain("await init({ module })");
});
