// What `rmcal serve` adds to a reward request (docs/DESIGN.md §11.5): requests/s and the p50/p99 latency of batches
// sent by the same clients to the same stub OpenRLHF reward server, straight ("direct"), through a bare node:http
// pass-through ("bare hop", the floor any proxy pays for an extra process hop here), and through a real
// `rmcal serve` process. Not a test: nothing here asserts.
//   npm run bench:serve                                   (build first: npm run build)
//   npm run bench:serve -- --clients 1,10 --rounds 7 --requests 200 --text 200 --upstream-ms 0
//   npm run bench:serve -- --cpu-prof /tmp/prof           (rmcal serve writes a .cpuprofile there on exit)
//   npm run bench:serve -- --bin /tmp/old/bin/rmcal.js    (another build of rmcal, e.g. a commit to compare with)
// The machine is shared, so a single pass of each route is at the mercy of whatever else runs during it. Each
// round therefore runs the three routes back to back (in a rotating order), each round's overhead is that round's
// proxied percentile minus its direct one, and the table shows the median over rounds, after a warm-up round
// (JIT, keep-alive sockets) that is not counted. --upstream-ms makes the stub wait that long before answering,
// without using the CPU, as a reward model on a GPU does; 0 (the default) is the harshest case, where the stub,
// the clients and the proxies all compete for the CPU.
import { spawn } from "node:child_process";
import { createServer, request, Agent } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { build } from "esbuild";

const { values: flags } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    rounds: { type: "string", default: "7" },
    clients: { type: "string", default: "10" },
    batches: { type: "string", default: "64,1024" },
    text: { type: "string", default: "200" },
    "upstream-ms": { type: "string", default: "0" },
    "cpu-prof": { type: "string" },
    bin: { type: "string" },
  },
});
const REQUESTS = Number(flags.requests), ROUNDS = Number(flags.rounds), TEXT = Number(flags.text);
const UPSTREAM_MS = Number(flags["upstream-ms"]);
const CLIENTS = flags.clients.split(",").map(Number), BATCHES = flags.batches.split(",").map(Number);
const BIN = flags.bin ?? fileURLToPath(new URL("../bin/rmcal.js", import.meta.url));
const TEMPERATURE = 1.7, MEAN = 0.12;

// The stub upstream: OpenRLHF's reply shape, a score per query from its length, as fast as node:http allows.
const stub = createServer((req, res) => {
  /** @type {Buffer[]} */
  const chunks = [];
  req.on("data", (c) => chunks.push(c)).on("end", () => {
    const { query } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const rewards = query.map((/** @type {string} */ q, /** @type {number} */ i) => ((q.length + i) % 97) / 17 - 2.5);
    const body = JSON.stringify({ rewards, scores: rewards, extra_logs: { dummy_scores: rewards } });
    const answer = () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (UPSTREAM_MS > 0) setTimeout(answer, UPSTREAM_MS);
    else answer();
  });
});
await new Promise((resolve) => stub.listen(0, "127.0.0.1", () => resolve(undefined)));
const upstream = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (stub.address()).port}/get_reward`;

// rmcal serve with a calibrator that stores its reward mean, so it returns the default centered reward r/T − mean,
// and with a reference, so the monitor does all its work (range count, rolling window, prom-client metrics).
const dir = mkdtempSync(join(tmpdir(), "rmcal-bench-serve-"));
writeFileSync(join(dir, "cal.json"), JSON.stringify({ format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: TEMPERATURE, rewardNormalization: { mean: MEAN, std: 1, clip: null } }));
writeFileSync(join(dir, "reference.txt"), Array.from({ length: 4096 }, (_, i) => ((i % 97) / 17 - 2.5).toString()).join("\n"));
const profile = flags["cpu-prof"] === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", flags["cpu-prof"]];
const child = spawn(process.execPath, [...profile, BIN, "serve", "--calibrator", join(dir, "cal.json"), "--upstream", upstream,
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

// The floor: a bare node:http pass-through in its own process (bytes in, bytes out, no parsing, keep-alive to the
// upstream), so the table separates what any extra HTTP hop costs on this machine from what rmcal adds on top.
const PASS_THROUGH = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const server = http.createServer((req, res) => {
  const up = http.request(process.argv[1], { method: "POST", agent, headers: { "content-type": "application/json", "content-length": req.headers["content-length"] } }, (r) => {
    const chunks = []; r.on("data", (c) => chunks.push(c)).on("end", () => { const b = Buffer.concat(chunks); res.writeHead(r.statusCode, { "content-type": "application/json", "content-length": b.length }); res.end(b); });
  });
  // An upstream error (e.g. a kept-alive socket closed as it is reused) is a 502, counted as a failure.
  up.on("error", () => { if (!res.headersSent) res.writeHead(502).end(); });
  req.pipe(up);
});
server.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + server.address().port + "/get_reward"));
process.on("SIGTERM", () => process.exit(0));`;
const floorChild = spawn(process.execPath, ["-e", PASS_THROUGH, upstream], { stdio: ["ignore", "pipe", "inherit"] });
/** @type {string} */
const floor = await new Promise((resolve) => floorChild.stdout.setEncoding("utf8").once("data", (d) => resolve(String(d).trim())));

// Whatever happens below, the two proxy processes end with this one.
process.on("exit", () => { child.kill("SIGTERM"); floorChild.kill("SIGTERM"); rmSync(dir, { recursive: true, force: true }); });

const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...CLIENTS) });

/**
 * One POST; resolves with its latency in ms and the reply once the whole reply has arrived.
 * @param {string} url
 * @param {string} body
 * @returns {Promise<{ ms: number, reply: string }>}
 */
function post(url, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (c) => chunks.push(c)).on("end", () => {
        const ms = performance.now() - started;
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode} from ${url}: ${Buffer.concat(chunks).toString("utf8").slice(0, 300)}`));
        else resolve({ ms, reply: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * CPU time (ms) a process has used so far, all its threads (GC helpers, libuv's pool) counted: the sum of
 * /proc/PID/task/TID/schedstat, which Linux keeps in ns. NaN where there is no /proc.
 * @param {number | undefined} pid
 */
function cpuMs(pid) {
  if (pid === undefined || !existsSync(`/proc/${pid}/task`)) return Number.NaN;
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try { ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]); } catch { /* the thread ended */ }
  }
  return ns / 1e6;
}

/**
 * `REQUESTS` posts from `clients` concurrent loops: p50, p99 (ms), requests/s, and the CPU ms per request of the
 * process `pid` serves the route from (the proxies; NaN for direct, whose server shares this process).
 * @param {string} url
 * @param {string} body
 * @param {number} clients
 * @param {number | undefined} pid
 */
async function load(url, body, clients, pid) {
  /** @type {number[]} */
  const latencies = [];
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  let failed = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next++ < REQUESTS) {
      try {
        latencies.push((await post(url, body)).ms);
      } catch (error) {
        // Counted and shown, not hidden: a failed request is not a fast one.
        failed++;
        console.log(`  failed: ${(/** @type {Error} */ (error)).message}`);
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), perSecond: REQUESTS / seconds, cpu: (cpuMs(pid) - cpuBefore) / REQUESTS, failed };
}

/** Nearest-rank quantile of sorted values. */
const quantile = (/** @type {number[]} */ sorted, /** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (/** @type {number} */ x) => x.toFixed(3).padStart(8);
const plus = (/** @type {number} */ x) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}`.padStart(8);

const ROUTES = /** @type {const} */ ([["direct", upstream, undefined], ["bare hop", floor, floorChild.pid], ["rmcal", proxy, child.pid]]);
const text = "x".repeat(TEXT);
const load1 = () => loadavg()[0].toFixed(1);
console.log(`rmcal serve overhead on ${availableParallelism()} cores (load average ${load1()} at the start): ${ROUNDS} rounds (after a warm-up round) of ${REQUESTS} requests per route, queries of ${TEXT} characters, upstream answers after ${UPSTREAM_MS} ms`);
console.log("medians over rounds; +p50/+p99 = the route's percentile − direct's in the same round; cpu = the proxy process's CPU per request");
console.log("clients  batch  route       req/s   p50 ms   p99 ms   +p50 ms  +p99 ms  cpu ms");
for (const clients of CLIENTS) {
  for (const batch of BATCHES) {
    const body = JSON.stringify({ query: Array.from({ length: batch }, (_, i) => `${i} ${text}`), prompts: Array.from({ length: batch }, () => "p"), labels: Array.from({ length: batch }, () => "") });
    // The proxy's answer is the upstream's with rewards = r/T − mean: checked once, so the timings are of right answers.
    const direct = JSON.parse((await post(upstream, body)).reply), proxied = JSON.parse((await post(proxy, body)).reply);
    const wrong = direct.rewards.findIndex((/** @type {number} */ r, /** @type {number} */ i) => proxied.rewards[i] !== r / TEMPERATURE - MEAN);
    if (wrong !== -1 || proxied.rewards.length !== batch || JSON.stringify(proxied.scores) !== JSON.stringify(direct.scores)) throw new Error(`rmcal serve's reply differs from the upstream's / T − mean at ${wrong}`);
    /** @type {Record<string, { p50: number, p99: number, perSecond: number, cpu: number, failed: number }[]>} */
    const rows = { direct: [], "bare hop": [], rmcal: [] };
    for (let round = 0; round <= ROUNDS; round++) {
      for (let k = 0; k < ROUTES.length; k++) {
        const [name, url, pid] = ROUTES[(k + round) % ROUTES.length];
        const result = await load(url, body, clients, pid);
        if (round > 0) rows[name].push(result);
      }
    }
    for (const [name] of ROUTES) {
      const r = rows[name], d = rows.direct;
      const extra = name === "direct" ? "" : `  ${plus(median(r.map((x, i) => x.p50 - d[i].p50)))} ${plus(median(r.map((x, i) => x.p99 - d[i].p99)))} ${ms(median(r.map((x) => x.cpu)))}`;
      const failed = r.reduce((sum, x) => sum + x.failed, 0);
      console.log(`${String(clients).padStart(7)}  ${String(batch).padStart(5)}  ${name.padEnd(9)} ${median(r.map((x) => x.perSecond)).toFixed(0).padStart(7)} ${ms(median(r.map((x) => x.p50)))} ${ms(median(r.map((x) => x.p99)))}${extra}${failed > 0 ? `  (${failed} failed)` : ""}`);
    }
  }
}

// rmcal's own work on a batch, without HTTP and without the scheduler: the proxy (src/app/serve, bundled here with
// the built library) on the same bodies, its upstream call answered at once with the stub's reply, timed in CPU.
// The request's decode and parse run while the upstream works (docs/DESIGN.md §11.5), so they are shown apart.
const require = createRequire(import.meta.url);
await build({
  entryPoints: [fileURLToPath(new URL("../src/app/serve/reward-proxy.ts", import.meta.url)), fileURLToPath(new URL("../src/app/serve/live-monitor.ts", import.meta.url)), fileURLToPath(new URL("../src/app/serve/prometheus-metrics.ts", import.meta.url))],
  bundle: true, format: "esm", platform: "node", outdir: dir, logLevel: "warning", splitting: true,
  plugins: [{ name: "built", setup(b) {
    b.onResolve({ filter: /\/lib\/index$/ }, () => ({ path: fileURLToPath(new URL("../dist/rmcal.js", import.meta.url)), external: true }));
    b.onResolve({ filter: /^prom-client$/ }, () => ({ path: require.resolve("prom-client"), external: true }));
  } }],
});
const { proxyHandler } = await import(join(dir, "reward-proxy.js"));
const { liveMonitor } = await import(join(dir, "live-monitor.js"));
const { prometheusMetrics } = await import(join(dir, "prometheus-metrics.js"));
const { init, loadCalibrator } = await import(fileURLToPath(new URL("../dist/rmcal.js", import.meta.url)));
await init();
const calibrator = loadCalibrator(JSON.parse(readFileSync(join(dir, "cal.json"), "utf8")));
console.log("rmcal's own CPU per batch (in process, no HTTP): µs  [request decode + parse, overlapped with the upstream]  [the rest: the reply's path]");
for (const batch of BATCHES) {
  const body = Buffer.from(JSON.stringify({ query: Array.from({ length: batch }, (_, i) => `${i} ${text}`), prompts: Array.from({ length: batch }, () => "p"), labels: Array.from({ length: batch }, () => "") }));
  const rewards = Array.from({ length: batch }, (_, i) => ((TEXT + String(i).length + 1 + i) % 97) / 17 - 2.5);
  const reply = JSON.stringify({ rewards, scores: rewards, extra_logs: { dummy_scores: rewards } });
  const monitor = liveMonitor({ reference: new Float64Array(4096).map((_, i) => (i % 97) / 17 - 2.5), range: [-2.5, 3.2], window: 4096, psiAlert: 0.25, ksAlert: 0.2, outsideAlert: 0.05, log: () => {} });
  const handler = proxyHandler({
    reward: (/** @type {Float64Array} */ s) => calibrator.reward(s), upstream: new URL(upstream), token: null, maxBody: 1 << 30,
    clientTimeoutMs: 30_000, upstreamTimeoutMs: 120_000, monitor, metrics: prometheusMetrics(monitor),
    post: () => ({ sent: Promise.resolve(), reply: Promise.resolve({ status: 200, text: reply }) }),
  });
  const request = { method: "POST", path: "/get_reward", header: () => null, body: async () => body };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const N = batch >= 1024 ? 1000 : 5000;
  for (let i = 0; i < N / 5; i++) if ((await handler(request)).status !== 200) throw new Error("the in-process proxy failed");
  const cpu = () => { const { user, system } = process.cpuUsage(); return user + system; };
  let t = cpu();
  for (let i = 0; i < N; i++) Buffer.from((await handler(request)).body);
  const whole = (cpu() - t) / N;
  t = cpu();
  for (let i = 0; i < N; i++) if (JSON.parse(decoder.decode(body)).query.length !== batch) throw new Error("parse");
  const parse = (cpu() - t) / N;
  console.log(`  batch ${String(batch).padStart(5)}: ${whole.toFixed(0).padStart(5)} µs  [${parse.toFixed(0)}]  [${(whole - parse).toFixed(0)}]`);
}

console.log(`load average ${load1()} at the end (other processes share these cores: the latencies depend on them, the CPU column hardly)`);
agent.destroy();
child.kill("SIGTERM");
floorChild.kill("SIGTERM");
await new Promise((resolve) => child.on("close", resolve));
stub.close();
rmSync(dir, { recursive: true, force: true });
