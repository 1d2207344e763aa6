// The proxy's Fetch handler as a workerd fetch handler (docs/DESIGN.md §11.2): the README's ts block, the worker
// it shows, bundled with esbuild around src/app/serve/reward-proxy.ts and the package's workerd build, served by real
// workerd in front of a stub OpenRLHF server in this process; its rewards equal calibrator.reward of the stub's scores.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { init, loadCalibrator } from "rmcal";
import { repoRoot } from "../../helpers/repo-root";
import { startWorkerdConfig, type RunningWorkerd } from "../../helpers/workerd";

// It stores the reward mean, so calibrator.reward gives the default centered rewards r/T − mean (docs/DESIGN.md §5.6).
const CALIBRATOR = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 2.5, rewardNormalization: { mean: 0.3, std: 1.1, clip: null } };
let stub: Server;
let worker: RunningWorkerd;
let dir = "";

beforeAll(async () => {
  await init();
  stub = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d: string) => (body += d)).on("end", () => {
      const scores = (JSON.parse(body) as { query: string[] }).query.map(Number);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ rewards: scores, scores, extra_logs: { dummy_scores: scores } }));
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  const upstream = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/get_reward`;
  dir = await mkdtemp(join(tmpdir(), "rmcal-serve-worker-"));
  // The README's ts block (its workerd example), as written there: the handler modules it imports and the JSON it
  // loads are this repository's, next to it (test/docs/readme-code.test.ts maps the block here).
  const readme = await readFile(join(repoRoot, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme)![1];
  expect(block).toContain("rewardProxy(");
  await writeFile(join(dir, "worker.ts"), block
    .replace('"./reward-proxy"', JSON.stringify(join(repoRoot, "src/app/serve/reward-proxy.ts")))
    .replace('"./live-monitor"', JSON.stringify(join(repoRoot, "src/app/serve/live-monitor.ts"))));
  await writeFile(join(dir, "calibrator.json"), JSON.stringify(CALIBRATOR));
  await build({
    entryPoints: [join(dir, "worker.ts")], bundle: true, format: "esm", platform: "neutral", outfile: join(dir, "worker.mjs"),
    logLevel: "warning", external: ["rmcal"],
    // The monitor imports the library through its door; in the worker that is the package's workerd build.
    plugins: [{ name: "library-is-rmcal", setup(b) { b.onResolve({ filter: /\/lib\/index$/ }, () => ({ path: "rmcal", external: true })); } }],
  });
  const rel = (path: string) => JSON.stringify(relative(dir, join(repoRoot, path)));
  await writeFile(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "internet", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:8080", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "rmcal", esModule = embed ${rel("dist/rmcal.workerd.js")}),
    (name = "rmcal.wasm", wasm = embed ${rel("dist/rmcal.wasm")}),
  ],
  compatibilityDate = "2024-09-23",
  globalOutbound = "internet",
  bindings = [ (name = "UPSTREAM", text = ${JSON.stringify(upstream)}) ],
);
`);
  worker = await startWorkerdConfig(join(dir, "config.capnp"));
});

afterAll(async () => {
  await worker?.stop();
  stub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the reward proxy under workerd", () => {
  it("answers POST /get_reward with calibrator.reward of the upstream's scores, other fields untouched", async () => {
    const scores = [-1.25, 0, 0.5, 3.75];
    const response = await fetch(`${worker.url}/get_reward`, { method: "POST", body: JSON.stringify({ query: scores.map(String), prompts: ["p", "p", "p", "p"] }) });
    expect(response.status).toBe(200);
    const reply = await response.json();
    expect(reply.rewards).toEqual(Array.from(loadCalibrator(CALIBRATOR).reward(scores)));
    expect(reply.scores).toEqual(scores);
  });

  it("answers 400 to a malformed request and 404 on /metrics (no Prometheus registry in a worker)", async () => {
    expect((await fetch(`${worker.url}/get_reward`, { method: "POST", body: "{" })).status).toBe(400);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(404);
  });
});
