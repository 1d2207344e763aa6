// What `rmcal serve` adds to a reward request: requests/s and the p50/p99 latency of batches sent straight to a stub
// OpenRLHF reward server, then through the proxy (a real `rmcal serve` process), at 10 concurrent clients, for
// batches of 64 and 1,024 queries. Overhead = proxied − direct, per percentile. Not a test: nothing here asserts.
//   npm run bench:serve                               (build first: npm run build)
//   npm run bench:serve -- --requests 400 --text 200 --clients 1
// On a loaded machine every extra process hop pays for scheduling, so the "bare hop" row (a pass-through proxy that
// parses nothing) is the floor any proxy pays here; rmcal's own cost is its row minus that one.
import { spawn } from "node:child_process";
import { createServer, request, Agent } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: flags } = parseArgs({
  options: {
    requests: { type: "string", default: "600" },
    clients: { type: "string", default: "10" },
    text: { type: "string", default: "200" },
  },
});
const REQUESTS = Number(flags.requests), CLIENTS = Number(flags.clients), TEXT = Number(flags.text);
const BIN = fileURLToPath(new URL("../bin/rmcal.js", import.meta.url));

// The stub upstream: OpenRLHF's reply shape, a score per query from its length, as fast as node:http allows.
const stub = createServer((req, res) => {
  /** @type {Buffer[]} */
  const chunks = [];
  req.on("data", (c) => chunks.push(c)).on("end", () => {
    const { query } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const rewards = query.map((/** @type {string} */ q, /** @type {number} */ i) => ((q.length + i) % 97) / 17 - 2.5);
    const body = JSON.stringify({ rewards, scores: rewards, extra_logs: { dummy_scores: rewards } });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((resolve) => stub.listen(0, "127.0.0.1", () => resolve(undefined)));
const upstream = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (stub.address()).port}/get_reward`;

const dir = mkdtempSync(join(tmpdir(), "rmcal-bench-serve-"));
writeFileSync(join(dir, "cal.json"), JSON.stringify({ format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 1.7 }));
writeFileSync(join(dir, "reference.txt"), Array.from({ length: 4096 }, (_, i) => ((i % 97) / 17 - 2.5).toString()).join("\n"));
const child = spawn(process.execPath, [BIN, "serve", "--calibrator", join(dir, "cal.json"), "--upstream", upstream,
  "--port", "0", "--reference", join(dir, "reference.txt")], { stdio: ["ignore", "ignore", "pipe"] });
/** @type {string} */
const proxy = await new Promise((resolve, reject) => {
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => {
    stderr += d;
    const m = /listening on (http:\/\/\S+)/.exec(stderr);
    if (m) resolve(`${m[1]}/get_reward`);
  });
  child.on("close", (code) => reject(new Error(`rmcal serve exited with ${code}: ${stderr}`)));
});

// The floor: a bare node:http pass-through in its own process (bytes in, bytes out, no parsing), so the table
// separates what any extra HTTP hop costs on this machine from what rmcal adds on top of it.
const PASS_THROUGH = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const server = http.createServer((req, res) => {
  const up = http.request(process.argv[1], { method: "POST", agent, headers: { "content-type": "application/json", "content-length": req.headers["content-length"] } }, (r) => {
    const chunks = []; r.on("data", (c) => chunks.push(c)).on("end", () => { const b = Buffer.concat(chunks); res.writeHead(r.statusCode, { "content-type": "application/json", "content-length": b.length }); res.end(b); });
  });
  req.pipe(up);
});
server.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + server.address().port + "/get_reward"));
process.on("SIGTERM", () => process.exit(0));`;
const floorChild = spawn(process.execPath, ["-e", PASS_THROUGH, upstream], { stdio: ["ignore", "pipe", "inherit"] });
/** @type {string} */
const floor = await new Promise((resolve) => floorChild.stdout.setEncoding("utf8").once("data", (d) => resolve(String(d).trim())));

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

/**
 * One POST; resolves with its latency in ms once the whole reply has arrived.
 * @param {string} url
 * @param {string} body
 * @returns {Promise<number>}
 */
function post(url, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      res.on("data", () => {}).on("end", () => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} from ${url}`));
        else resolve(performance.now() - started);
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * `REQUESTS` posts from `CLIENTS` concurrent loops: latencies (sorted) and requests/s.
 * @param {string} url
 * @param {string} body
 */
async function load(url, body) {
  /** @type {number[]} */
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next++ < REQUESTS) latencies.push(await post(url, body));
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, perSecond: REQUESTS / seconds };
}

const quantile = (/** @type {number[]} */ sorted, /** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const text = "x".repeat(TEXT);
console.log(`rmcal serve overhead: ${CLIENTS} concurrent clients, ${REQUESTS} requests per row, queries of ${TEXT} characters`);
console.log("batch  route      req/s    p50 ms   p99 ms");
for (const batch of [64, 1024]) {
  const body = JSON.stringify({ query: Array.from({ length: batch }, (_, i) => `${i} ${text}`), prompts: Array.from({ length: batch }, () => "p"), labels: Array.from({ length: batch }, () => "") });
  // Warm both paths (JIT, keep-alive sockets) before measuring.
  await load(upstream, body);
  await load(floor, body);
  await load(proxy, body);
  const direct = await load(upstream, body);
  const hop = await load(floor, body);
  const proxied = await load(proxy, body);
  for (const [route, r] of /** @type {const} */ ([["direct", direct], ["bare hop", hop], ["rmcal", proxied]])) {
    console.log(`${String(batch).padStart(5)}  ${route.padEnd(9)} ${r.perSecond.toFixed(0).padStart(6)}  ${quantile(r.latencies, 0.5).toFixed(3).padStart(7)}  ${quantile(r.latencies, 0.99).toFixed(3).padStart(7)}`);
  }
  const p50 = quantile(proxied.latencies, 0.5) - quantile(direct.latencies, 0.5);
  const p99 = quantile(proxied.latencies, 0.99) - quantile(direct.latencies, 0.99);
  const hop50 = quantile(hop.latencies, 0.5) - quantile(direct.latencies, 0.5);
  console.log(`${String(batch).padStart(5)}  overhead of rmcal serve: p50 +${p50.toFixed(3)} ms, p99 +${p99.toFixed(3)} ms (a bare hop: p50 +${hop50.toFixed(3)} ms)`);
}

agent.destroy();
child.kill("SIGTERM");
floorChild.kill("SIGTERM");
await new Promise((resolve) => child.on("close", resolve));
stub.close();
rmSync(dir, { recursive: true, force: true });
