// The calibrating reward proxy (docs/DESIGN.md §11), written against a small runtime-neutral request/response shape
// and no node: module, so node:http (node-server.ts) and workerd (rewardProxy, a Fetch API handler) run the same
// code. Node serves it without building Fetch objects: that cost more than the proxy's own work (DESIGN §11.5).
//
// The protocol is OpenRLHF's remote reward model. The trainer POSTs {query, prompts, labels} to --remote_rm_url
// (openrlhf/utils/agent.py, _fetch_rewards_via_http, lines 331-336 at commit 3c3be62) and reads `rewards` from the
// reply; the reference server answers {"rewards", "scores", "extra_logs": {"dummy_scores"}} with one reward per
// query (openrlhf/cli/serve_rm.py, get_reward, lines 128-135 at commit 3c3be62). The proxy forwards the body as it
// came, replaces `rewards` by the calibrated rewards and leaves every other field as the upstream sent it: `scores`
// stay raw, which is what OpenRLHF logs and filters on.
import { BodyError, boundedBody } from "./request-body";
import type { Monitor } from "./live-monitor";
import { calibratedReply } from "./calibrated-reply";

/** What the proxy reads of a request, whichever server received it (the Fetch API's Request, node:http's). */
interface ProxyRequest {
  readonly method: string;
  /** The URL's path, without the query string. */
  readonly path: string;
  header(name: string): string | null;
  /** The body's bytes under a size limit and a deadline; rejects with a BodyError (request-body.ts) past either. */
  body(limit: number, timeoutMs: number): Promise<Uint8Array>;
}

/** What the proxy answers: the status, headers and JSON or Prometheus text to send. */
interface ProxyResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ProxyHandler = (request: ProxyRequest) => Promise<ProxyResponse>;

/**
 * One POST of the trainer's bytes to the upstream. `sent` resolves once the bytes are written, or queued on a
 * connection being opened, or the call has failed (never later: a malformed request's 400 waits for it), so the
 * proxy can check the request while the upstream works; `reply` resolves with the reply's HTTP status and text,
 * and rejects when the upstream cannot be reached or `signal` aborts the call.
 */
export type UpstreamPost = (url: URL, body: Uint8Array, signal: AbortSignal) => {
  sent: Promise<void>;
  reply: Promise<{ status: number; text: string }>;
};

export interface ProxyOptions {
  /** Turns raw reward-model scores into calibrated rewards (the calibrator's reward transform). */
  reward: (scores: Float64Array) => Float64Array;
  /** The upstream reward server's endpoint, e.g. http://127.0.0.1:5000/get_reward. */
  upstream: URL;
  /** Bearer token that guards every route but /metrics; null for none. */
  token: string | null;
  maxBody: number;
  clientTimeoutMs: number;
  upstreamTimeoutMs: number;
  monitor: Monitor;
  /** The Prometheus exposition for /metrics; null answers 404 (e.g. a worker without a registry). */
  metrics: (() => Promise<{ contentType: string; body: string }>) | null;
  /** How to reach the upstream; the platform's fetch by default (node-server.ts has node:http's). */
  post?: UpstreamPost;
}

/** JSON must be UTF-8 (RFC 8259 §8.1): invalid bytes are a 400, not replacement characters sent upstream. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

const JSON_TYPE = { "content-type": "application/json" };

/** A JSON error body {error} with its status: what the trainer sees instead of rewards. */
function failure(status: number, message: string, headers: Record<string, string> = {}): ProxyResponse {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify({ error: message }) + "\n" };
}

/** Whether two strings are equal, in time that depends on their lengths only (no early exit on the first mismatch). */
function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given), b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i % Math.max(a.length, 1)] ?? 0) ^ b[i];
  return diff === 0;
}

/** The number of queries in a /get_reward body, or why the body is not a JSON object with a "query" array. */
function queryCount(bytes: Uint8Array): number | string {
  let body: unknown;
  try {
    body = JSON.parse(UTF8.decode(bytes));
  } catch (error) {
    return error instanceof SyntaxError ? `request body is not JSON: ${error.message}` : "request body is not UTF-8 text";
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "request body must be a JSON object {query, prompts, ...}";
  const query = (body as { query?: unknown }).query;
  if (!Array.isArray(query)) return `request field "query" must be an array of texts, one per response to score; got ${query === undefined ? "no query" : typeof query}`;
  return query.length;
}

class UpstreamError extends Error {
  constructor(readonly status: 502 | 504, message: string) {
    super(message);
  }
}

/** The upstream call through the Fetch API: what a worker uses, and the default. fetch sends in the background. */
const fetchPost: UpstreamPost = (url, body, signal) => ({
  sent: Promise.resolve(),
  reply: (async () => {
    const response = await fetch(url, { method: "POST", headers: JSON_TYPE, body: body as BodyInit, signal });
    return { status: response.status, text: await response.text() };
  })(),
});

/**
 * The proxy as a Fetch API handler (Request → Response): the shape workerd's fetch handler takes (DESIGN §11.2).
 * @public: bundled into a worker from a checkout (README, test/app/serve/workerd-serve.test.ts), not imported here.
 */
export function rewardProxy(options: ProxyOptions): (request: Request) => Promise<Response> {
  const handle = proxyHandler(options);
  return async (request) => {
    const response = await handle({
      method: request.method, path: new URL(request.url).pathname, header: (name) => request.headers.get(name),
      body: (limit, timeoutMs) => boundedBody(request, limit, timeoutMs),
    });
    return new Response(response.body, { status: response.status, headers: response.headers });
  };
}

/** The proxy over the runtime-neutral ProxyRequest; node-server.ts serves it from node:http without Fetch objects. */
export function proxyHandler(options: ProxyOptions): ProxyHandler {
  const post = options.post ?? fetchPost;
  const { monitor } = options;

  async function route(request: ProxyRequest, timing: { upstream: number | null }): Promise<ProxyResponse> {
    const path = request.path;
    if (path === "/metrics") {
      if (request.method !== "GET") return failure(405, "/metrics takes GET", { allow: "GET" });
      if (options.metrics === null) return failure(404, "no Prometheus registry in this runtime");
      monitor.checkAlerts();
      const { contentType, body } = await options.metrics();
      return { status: 200, headers: { "content-type": contentType }, body };
    }
    if (options.token !== null) {
      const header = request.header("authorization") ?? "";
      const given = header.startsWith("Bearer ") ? header.slice(7) : "";
      if (!sameToken(given, options.token)) {
        return failure(401, "missing or wrong bearer token (Authorization: Bearer …)", { "www-authenticate": "Bearer" });
      }
    }
    if (path === "/status") {
      if (request.method !== "GET") return failure(405, "/status takes GET", { allow: "GET" });
      return { status: 200, headers: JSON_TYPE, body: JSON.stringify(monitor.status(), null, 2) + "\n" };
    }
    if (path !== "/get_reward") return failure(404, `no route ${path}; the routes are POST /get_reward, GET /status and GET /metrics`);
    if (request.method !== "POST") return failure(405, "/get_reward takes POST", { allow: "POST" });
    return getReward(request, timing);
  }

  async function getReward(request: ProxyRequest, timing: { upstream: number | null }): Promise<ProxyResponse> {
    let bytes: Uint8Array;
    try {
      bytes = await request.body(options.maxBody, options.clientTimeoutMs);
    } catch (error) {
      if (error instanceof BodyError) return failure(error.status, error.message, { connection: "close" });
      return failure(400, `request body could not be read: ${(error as Error).message}`);
    }
    // The upstream gets the bytes first, and the request is checked while it scores them (DESIGN §11.5): decoding
    // and parsing a large batch then add nothing to its latency. A malformed request is still answered 400, and
    // its upstream call is cancelled; no reply is read from it.
    const started = performance.now();
    const controller = new AbortController();
    const call = forward(bytes, controller);
    await call.sent;
    const checked = queryCount(bytes);
    if (typeof checked === "string") {
      controller.abort();
      return failure(400, checked);
    }
    let reply: Record<string, unknown>, replyText: string;
    try {
      ({ reply, text: replyText } = await call.reply);
    } finally {
      timing.upstream = (performance.now() - started) / 1000;
    }
    const rewards = reply.rewards;
    if (!Array.isArray(rewards)) throw new UpstreamError(502, `upstream reply has no "rewards" array (got ${rewards === undefined ? "no rewards" : typeof rewards})`);
    if (rewards.length !== checked) throw new UpstreamError(502, `upstream returned ${rewards.length} rewards for ${checked} queries`);
    const scores = new Float64Array(rewards.length);
    for (let i = 0; i < rewards.length; i++) {
      const r = rewards[i];
      if (typeof r !== "number") throw new UpstreamError(502, `upstream rewards[${i}] is ${JSON.stringify(r) ?? typeof r}, not a number`);
      // JSON has no infinities, but a literal past the double range (1e400) parses as one.
      if (!Number.isFinite(r)) throw new UpstreamError(502, `upstream rewards[${i}] is ${r}, not a finite number`);
      scores[i] = r;
    }
    const calibrated = options.reward(scores);
    for (let i = 0; i < calibrated.length; i++) {
      if (!Number.isFinite(calibrated[i])) throw new UpstreamError(502, `upstream rewards[${i}] = ${scores[i]} calibrates to ${calibrated[i]}, which JSON cannot carry`);
    }
    monitor.scores(scores);
    return { status: 200, headers: JSON_TYPE, body: calibratedReply(replyText, reply, calibrated) };
  }

  /**
   * POSTs the trainer's body unchanged to the upstream: `sent` once the bytes are on their way, `reply` with the
   * upstream's JSON object and its text, or rejected with an UpstreamError (504 past --upstream-timeout, else 502).
   */
  function forward(bytes: Uint8Array, controller: AbortController): { sent: Promise<void>; reply: Promise<{ reply: Record<string, unknown>; text: string }> } {
    // A timer of our own, cleared as soon as the upstream answers, rather than AbortSignal.timeout's, which would
    // stay pending for --upstream-timeout after every batch.
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, options.upstreamTimeoutMs);
    let call: ReturnType<UpstreamPost>;
    try {
      call = post(options.upstream, bytes, controller.signal);
    } catch (error) {
      call = { sent: Promise.resolve(), reply: Promise.reject(error) };
    }
    const reply = (async () => {
      let status: number, replyText: string;
      try {
        ({ status, text: replyText } = await call.reply);
      } catch (error) {
        if (timedOut) throw new UpstreamError(504, `upstream ${options.upstream.href} did not answer within ${options.upstreamTimeoutMs} ms (--upstream-timeout)`);
        const cause = (error as { cause?: { message?: string } }).cause?.message;
        throw new UpstreamError(502, `upstream ${options.upstream.href} unreachable: ${cause ?? (error as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
      if (status < 200 || status > 299) throw new UpstreamError(502, `upstream answered HTTP ${status}: ${replyText.slice(0, 200)}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(replyText);
      } catch {
        throw new UpstreamError(502, `upstream reply is not JSON: ${replyText.slice(0, 200)}`);
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new UpstreamError(502, "upstream reply is not a JSON object");
      return { reply: parsed as Record<string, unknown>, text: replyText };
    })();
    // It may fail while the request is still being checked, before anyone awaits it: marked handled here, or Node
    // would end the process on an unhandled rejection. Awaiting it later still throws the UpstreamError.
    reply.catch(() => {});
    return { sent: call.sent, reply };
  }

  return async (request) => {
    const started = performance.now();
    const timing = { upstream: null as number | null };
    let response: ProxyResponse;
    try {
      response = await route(request, timing);
    } catch (error) {
      // Upstream failures become 502/504 with the reason; anything else is a bug, answered 500, never a crash.
      response = error instanceof UpstreamError ? failure(error.status, error.message) : failure(500, `internal error: ${(error as Error).message}`);
    }
    const path = ROUTES.includes(request.path) ? request.path : "other";
    monitor.request(path, response.status, (performance.now() - started) / 1000, timing.upstream);
    return response;
  };
}

/** The routes counted by name; any other path is counted as "other", so a scan cannot grow the label set. */
const ROUTES = ["/get_reward", "/status", "/metrics"];
