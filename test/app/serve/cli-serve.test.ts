// `rmcal serve` as a real process in front of a stub upstream that plays OpenRLHF's reward server
// (openrlhf/cli/serve_rm.py: POST /get_reward {query, ...} → {rewards, scores, extra_logs: {dummy_scores}}).
// The stub scores a query by the number written in it, so each test chooses the raw scores it sends; a query
// starting with "!" makes the stub misbehave in one named way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fitTemperature, init, loadCalibrator, populationStabilityIndex } from "rmcal";
import { BIN, rmcal, tempFolder } from "../../helpers/cli";
import { mulberry32, normal } from "../../helpers/prng";

const { dir, cleanup } = tempFolder();
const file = (name: string) => join(dir, name);
// With the reward mean it stores, the proxy (like rmcal apply) returns centered rewards r/T − mean (docs/DESIGN.md §5.6).
const CALIBRATOR = { format: "rmcal.calibrator", version: 1, kind: "temperature", temperature: 1.7, rewardNormalization: { mean: 0.12, std: 0.9, clip: null } };
const TOKEN = "s3cret-token";
const WINDOW = 200;

// Reference scores: 1,000 standard normal draws; live batches come from the same law, or shifted by +2.
const random = mulberry32(11);
const reference = Array.from({ length: 1000 }, () => Math.round(normal(random) * 1e6) / 1e6);
const draw = (n: number, shift: number) => Array.from({ length: n }, () => Math.round((normal(random) + shift) * 1e6) / 1e6);

interface Running { child: ChildProcess; url: string; stderr: () => string; exited: Promise<number | null> }

/** Starts `rmcal serve` and resolves once it prints its address. */
function startServe(args: string[]): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "serve", ...args], { env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve({ child, url: match[1], stderr: () => stderr, exited });
    });
    exited.then((code) => reject(new Error(`rmcal serve exited with ${code}: ${stderr}`)));
  });
}

let stub: Server;
let upstream = "";
const received: string[] = [];

/** The stub upstream: OpenRLHF's reply shape, with misbehaviours chosen by the first query. */
function stubUpstream(): Promise<void> {
  stub = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d: string) => (body += d)).on("end", () => {
      received.push(body);
      // The proxy forwards before it has checked the request (docs/DESIGN.md §11.5), so a malformed one gets here too.
      let query: string[];
      try {
        query = (JSON.parse(body) as { query: string[] }).query;
        if (!Array.isArray(query)) throw new TypeError("no query array");
      } catch (error) {
        return void res.writeHead(400).end(String(error));
      }
      const scores = query.map((q) => Number(q));
      const reply = (rewards: unknown, status = 200) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ rewards, scores, extra_logs: { dummy_scores: scores } }));
      };
      switch (query[0]) {
        case "!500": return void res.writeHead(500).end("CUDA out of memory");
        case "!short": return reply(scores.slice(1));
        case "!string": return reply(["0.5", ...scores.slice(1)]);
        case "!missing": return void res.writeHead(200, { "content-type": "application/json" }).end('{"scores": []}');
        case "!html": return void res.writeHead(200, { "content-type": "text/html" }).end("<html>502 Bad Gateway</html>");
        case "!array": return void res.writeHead(200, { "content-type": "application/json" }).end("[0.5, 1]");
        case "!long": return reply([0.5, 1, 2]);
        case "!null": return reply([null, 1]);
        case "!huge": return void res.writeHead(200, { "content-type": "application/json" }).end('{"rewards": [1e400, 1]}');
        case "!stall": return; // never answers
        case "!slow": return void setTimeout(() => reply(query.map(() => 1)), 400);
        default: return reply(scores);
      }
    });
  });
  return new Promise((resolve) => stub.listen(0, "127.0.0.1", () => {
    upstream = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/get_reward`;
    resolve();
  }));
}

let serve: Running;
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  await init();
  await stubUpstream();
  writeFileSync(file("cal.json"), JSON.stringify(CALIBRATOR));
  writeFileSync(file("token"), `${TOKEN}\n`);
  writeFileSync(file("reference.txt"), reference.join("\n") + "\n");
  serve = await startServe([
    "--calibrator", file("cal.json"), "--upstream", upstream, "--port", "0", "--token-file", file("token"),
    "--reference", file("reference.txt"), "--window", String(WINDOW), "--max-body", "65536",
    "--client-timeout", "600", "--upstream-timeout", "600",
  ]);
});

afterAll(async () => {
  if (serve && serve.child.exitCode === null) { serve.child.kill("SIGTERM"); await serve.exited; }
  stub?.closeAllConnections();
  stub?.close();
  cleanup();
});

const post = (body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${serve.url}/get_reward`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("rmcal serve: POST /get_reward", () => {
  it("binds 127.0.0.1 by default", () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("returns calibrator.reward(scores) as rewards and every other field as the upstream sent it", async () => {
    const scores = draw(WINDOW, 0);
    const body = { query: scores.map(String), prompts: scores.map(() => "p"), labels: scores.map(() => "") };
    const response = await post(body);
    expect(response.status).toBe(200);
    const reply = await response.json();
    expect(reply.rewards).toEqual(Array.from(loadCalibrator(CALIBRATOR).reward(scores)));
    expect(reply.rewards[0]).toBe(scores[0] / 1.7 - 0.12);
    expect(reply.scores).toEqual(scores);
    expect(reply.extra_logs).toEqual({ dummy_scores: scores });
    expect(received.at(-1)).toBe(JSON.stringify(body)); // forwarded byte for byte
  });

  it("answers 502 with the reason, and no rewards, when the upstream fails or its reply is malformed", async () => {
    const cases: [string, RegExp][] = [
      ["!500", /upstream answered HTTP 500: CUDA out of memory/],
      ["!html", /upstream reply is not JSON: <html>502 Bad Gateway<\/html>/],
      ["!array", /upstream reply is not a JSON object/],
      ["!missing", /upstream reply has no "rewards" array/],
      ["!short", /upstream returned 1 rewards for 2 queries/],
      ["!long", /upstream returned 3 rewards for 2 queries/],
      ["!string", /upstream rewards\[0\] is "0.5", not a number/],
      ["!null", /upstream rewards\[0\] is null, not a number/],
      ["!huge", /upstream rewards\[0\] is Infinity, not a finite number/],
    ];
    for (const [mode, message] of cases) {
      const response = await post({ query: [mode, "1"] });
      expect(response.status, mode).toBe(502);
      const reply = await response.json();
      expect(reply.error, mode).toMatch(message);
      expect(Object.keys(reply), mode).toEqual(["error"]); // never a made-up, partial or raw reward
    }
  });

  it("answers 502 with the reason when the upstream refuses the connection, and keeps serving", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await startServe(["--calibrator", file("cal.json"), "--upstream", `http://127.0.0.1:${port}/get_reward`, "--port", "0"]);
    try {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${orphan.url}/get_reward`, { method: "POST", body: JSON.stringify({ query: ["1", "2"] }) });
        expect(response.status).toBe(502);
        expect(await response.json()).toEqual({ error: expect.stringMatching(new RegExp(`^upstream http://127\\.0\\.0\\.1:${port}/get_reward unreachable: .*ECONNREFUSED`)) });
      }
    } finally {
      orphan.child.kill("SIGTERM");
      expect(await orphan.exited).toBe(0);
    }
  });

  it("answers 504 when the upstream does not answer within --upstream-timeout", async () => {
    const started = Date.now();
    const response = await post({ query: ["!stall"] });
    expect(response.status).toBe(504);
    expect((await response.json()).error).toMatch(/did not answer within 600 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("answers 400 with a message for a malformed request, and keeps serving", async () => {
    for (const [body, message] of [["{not json", /not JSON/], ["[1, 2]", /must be a JSON object/], ['{"prompts": []}', /"query" must be an array/]] as const) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(message);
    }
    const notUtf8 = await fetch(`${serve.url}/get_reward`, { method: "POST", headers: auth, body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(notUtf8.status).toBe(400);
    expect((await notUtf8.json()).error).toBe("request body is not UTF-8 text");
    expect((await post({ query: ["1"] })).status).toBe(200);
  });

  it("answers 413 to a body over --max-body, declared or streamed, before reading it whole", async () => {
    const big = JSON.stringify({ query: Array.from({ length: 20000 }, () => "1") });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect((await declared.json()).error).toMatch(/limit is 65536/);
    // Chunked, with no Content-Length: refused when the running count passes the limit.
    const streamed = await rawRequest({ path: "/get_reward", method: "POST", headers: auth, chunks: [big.slice(0, 40000), big.slice(40000)] });
    expect(streamed.status).toBe(413);
  });

  it("answers 408 to a client that stalls mid-body", async () => {
    const stalled = await rawRequest({ path: "/get_reward", method: "POST", headers: { ...auth, "content-length": "100" }, chunks: ['{"query": ['], stall: true });
    expect(stalled.status).toBe(408);
    expect(stalled.body).toMatch(/did not arrive within 600 ms/);
  });

  it("guards every route but /metrics with the bearer token", async () => {
    expect((await post({ query: ["1"] }, {})).status).toBe(401);
    expect((await post({ query: ["1"] }, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await fetch(`${serve.url}/status`)).status).toBe(401);
    expect((await fetch(`${serve.url}/metrics`)).status).toBe(200);
  });
});

describe("rmcal serve: monitoring", () => {
  it("GET /metrics is Prometheus text with the request and reward counters", async () => {
    const text = await (await fetch(`${serve.url}/metrics`)).text();
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?\d+(\.\d+)?([eE][-+]?\d+)?|[Nn]a[Nn]|[+-]Inf)$/;
    // Values as Prometheus's parser reads them (Go's strconv.ParseFloat, case-blind for NaN): prom-client writes "Nan".
    const lines = text.trimEnd().split("\n");
    for (const line of lines) {
      if (line.startsWith("# HELP ")) expect(line).toMatch(/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/);
      else if (line.startsWith("# TYPE ")) expect(line).toMatch(/^# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)$/);
      else if (line !== "") expect(line).toMatch(sample);
    }
    expect(lines).toContain(`rmcal_serve_rewards_total ${WINDOW + 1}`);
    expect(text).toMatch(/^rmcal_serve_requests_total\{route="\/get_reward",status="502"\} 9$/m);
    expect(text).toMatch(/^rmcal_serve_request_duration_seconds_count\{route="\/get_reward"\} \d+$/m);
  });

  it("GET /status reports counts, latency, calibration range and a rolling PSI that equals the library's", async () => {
    const status = await (await fetch(`${serve.url}/status`, { headers: auth })).json();
    expect(status.rewards).toBe(WINDOW + 1);
    expect(status.calibrationRange).toEqual([Math.min(...reference), Math.max(...reference)]);
    expect(status.latency.buckets.at(-1)).toEqual({ le: "+Inf", count: status.latency.count });
    expect(status.drift.windowSize).toBe(WINDOW);
    expect(status.drift.psi).toBeLessThan(0.25);
    expect(status.alerts).toEqual([]);
  });

  it("a shifted batch raises the PSI alert, logged once on stderr", async () => {
    const shifted = draw(WINDOW, 2);
    expect((await post({ query: shifted.map(String) })).status).toBe(200);
    const status = await (await fetch(`${serve.url}/status`, { headers: auth })).json();
    expect(status.drift.psi).toBe(populationStabilityIndex(reference, shifted)); // the window holds exactly this batch
    expect(status.drift.psi).toBeGreaterThan(0.25);
    expect(status.alerts).toContain("psi");
    expect((await post({ query: draw(10, 2).map(String) })).status).toBe(200);
    await fetch(`${serve.url}/status`, { headers: auth });
    expect(serve.stderr().match(/ALERT psi/g)).toHaveLength(1);
  });

  it("finishes an in-flight request on SIGTERM, then exits 0", async () => {
    const inFlight = post({ query: ["!slow", "1"] });
    await new Promise((r) => setTimeout(r, 100));
    serve.child.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.json()).rewards).toEqual([1 / 1.7 - 0.12, 1 / 1.7 - 0.12]);
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toMatch(/SIGTERM: finishing in-flight requests[\s\S]*stopped/);
  });
});

describe("rmcal serve: kept-alive upstream sockets", () => {
  it("sends a batch once more on a new connection when the upstream closes a reused socket as it arrives, never twice more", async () => {
    // This upstream answers the first request on each connection and closes the connection, unanswered, on the
    // second: what an upstream whose keep-alive idle timeout runs out just as the proxy reuses the socket does.
    let connections = 0, requests = 0;
    const closing = createServer((req, res) => {
      requests++;
      const socket = req.socket as typeof req.socket & { served?: boolean };
      req.resume().on("end", () => {
        if (socket.served) return void socket.destroy();
        socket.served = true;
        res.writeHead(200, { "content-type": "application/json" }).end('{"rewards": [1.7]}');
      });
    });
    closing.on("connection", () => connections++);
    await new Promise<void>((resolve) => closing.listen(0, "127.0.0.1", resolve));
    const proxy = await startServe(["--calibrator", file("cal.json"), "--upstream", `http://127.0.0.1:${(closing.address() as AddressInfo).port}/get_reward`, "--port", "0"]);
    try {
      const send = () => fetch(`${proxy.url}/get_reward`, { method: "POST", body: '{"query": ["x"]}' });
      const first = await send();
      expect(first.status).toBe(200);
      expect((await first.json()).rewards).toEqual([1.7 / 1.7 - 0.12]);
      const second = await send(); // reuses the socket, which the upstream closes: sent again on a new one
      expect(second.status).toBe(200);
      expect((await second.json()).rewards).toEqual([1.7 / 1.7 - 0.12]);
      expect([requests, connections]).toEqual([3, 2]);
    } finally {
      proxy.child.kill("SIGTERM");
      await proxy.exited;
      closing.closeAllConnections();
      closing.close();
    }
  });
});

describe("rmcal serve: a malformed request before a stalled upstream", () => {
  it("is answered 400 at once, not when the upstream call gives up: the check does not wait for the upstream to read", async () => {
    // The proxy forwards a batch before checking it (docs/DESIGN.md §11.5). This upstream accepts connections and
    // never reads, so a body larger than the kernel's socket buffers is never written out whole.
    const sockets: import("node:net").Socket[] = [];
    const deaf = createNetServer((socket) => void sockets.push(socket.pause()));
    await new Promise<void>((resolve) => deaf.listen(0, "127.0.0.1", resolve));
    const proxy = await startServe(["--calibrator", file("cal.json"), "--upstream", `http://127.0.0.1:${(deaf.address() as AddressInfo).port}/get_reward`,
      "--port", "0", "--max-body", String(64 << 20), "--upstream-timeout", "5000"]);
    try {
      const started = Date.now();
      const response = await fetch(`${proxy.url}/get_reward`, { method: "POST", body: "x".repeat(48 << 20) });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatch(/request body is not JSON/);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      proxy.child.kill("SIGTERM");
      await proxy.exited;
      for (const socket of sockets) socket.destroy();
      deaf.close();
    }
  });
});

describe("rmcal serve: flags", () => {
  it("refuses an upstream that is not http or https, and a missing --upstream, with exit 2", () => {
    const ftp = rmcal(["serve", "--calibrator", file("cal.json"), "--upstream", "ftp://x/get_reward", "--port", "0"]);
    expect(ftp.status).toBe(2);
    expect(ftp.stderr).toMatch(/only http: and https: upstreams are allowed, not ftp:/);
    const none = rmcal(["serve", "--calibrator", file("cal.json"), "--port", "0"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/serve needs --upstream/);
  });
});

describe("rmcal serve: the calibrator's stored score distribution", () => {
  it("without --reference, uses the fitted score range and 101 quantiles: a shifted batch raises the PSI alert", async () => {
    // A calibrator fitted by rmcal on per-response scores drawn from the reference law stores both.
    const n = reference.length / 2;
    const scoreA = reference.slice(0, n), scoreB = reference.slice(n);
    const fitted = fitTemperature({ scoreA, scoreB, label: scoreA.map((a, i) => (a > scoreB[i] ? 1 : 0)) });
    const quantiles = fitted.range!.scoreQuantiles!;
    writeFileSync(file("fitted.json"), JSON.stringify(fitted));
    const own = await startServe(["--calibrator", file("fitted.json"), "--upstream", upstream, "--port", "0", "--window", String(WINDOW)]);
    try {
      expect(own.stderr()).toMatch(/drift reference: the calibrator's stored score quantiles/);
      const shifted = draw(WINDOW, 2);
      const response = await fetch(`${own.url}/get_reward`, { method: "POST", body: JSON.stringify({ query: shifted.map(String) }) });
      expect(response.status).toBe(200);
      const status = await (await fetch(`${own.url}/status`)).json();
      expect(status.calibrationRange).toEqual([Math.min(...reference), Math.max(...reference)]);
      expect(status.drift.reference).toBe(101);
      expect(status.drift.psi).toBe(populationStabilityIndex(quantiles, shifted));
      expect(status.drift.psi).toBeGreaterThan(0.25);
      expect(status.alerts).toEqual(expect.arrayContaining(["psi", "outside"]));
    } finally {
      own.child.kill("SIGTERM");
      await own.exited;
    }
  });
});

/** A request written by hand: chunked when no content-length is given, and optionally left stalled after the chunks. */
function rawRequest(options: { path: string; method: string; headers: Record<string, string>; chunks: string[]; stall?: boolean }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${serve.url}${options.path}`, { method: options.method, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (error) => (error.message.includes("EPIPE") || error.message.includes("ECONNRESET") ? undefined : reject(error)));
    for (const chunk of options.chunks) req.write(chunk);
    if (!options.stall) req.end();
  });
}
