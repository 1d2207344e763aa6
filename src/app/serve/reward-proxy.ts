// The calibrating reward proxy as a Fetch API handler (docs/DESIGN.md §11): Request in, Response out, no node:
// module, so node:http (node-server.ts) and workerd run the same code.
//
// The protocol is OpenRLHF's remote reward model. The trainer POSTs {query, prompts, labels} to --remote_rm_url
// (openrlhf/utils/agent.py, _fetch_rewards_via_http, lines 331-336 at commit 3c3be62) and reads `rewards` from the
// reply; the reference server answers {"rewards", "scores", "extra_logs": {"dummy_scores"}} with one reward per
// query (openrlhf/cli/serve_rm.py, get_reward, lines 128-135 at commit 3c3be62). The proxy forwards the body as it
// came, replaces `rewards` by the calibrated rewards and leaves every other field as the upstream sent it: `scores`
// stay raw, which is what OpenRLHF logs and filters on.
import { BodyError, boundedBody } from "./request-body";
import type { Monitor } from "./live-monitor";

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
  /** How to reach the upstream; the platform's fetch by default. */
  fetch?: typeof fetch;
}

/** JSON must be UTF-8 (RFC 8259 §8.1): invalid bytes are a 400, not replacement characters sent upstream. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export type FetchHandler = (request: Request) => Promise<Response>;

/** A JSON error body {error} with its status: what the trainer sees instead of rewards. */
function failure(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: message }) + "\n", {
    status, headers: { "content-type": "application/json", ...headers },
  });
}

/** Whether two strings are equal, in time that depends on their lengths only (no early exit on the first mismatch). */
function sameToken(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given), b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i % Math.max(a.length, 1)] ?? 0) ^ b[i];
  return diff === 0;
}

class UpstreamError extends Error {
  constructor(readonly status: 502 | 504, message: string) {
    super(message);
  }
}

export function rewardProxy(options: ProxyOptions): FetchHandler {
  const upstreamFetch = options.fetch ?? fetch;
  const { monitor } = options;

  async function route(request: Request, url: URL, timing: { upstream: number | null }): Promise<Response> {
    if (url.pathname === "/metrics") {
      if (request.method !== "GET") return failure(405, "/metrics takes GET", { allow: "GET" });
      if (options.metrics === null) return failure(404, "no Prometheus registry in this runtime");
      monitor.checkAlerts();
      const { contentType, body } = await options.metrics();
      return new Response(body, { headers: { "content-type": contentType } });
    }
    if (options.token !== null) {
      const header = request.headers.get("authorization") ?? "";
      const given = header.startsWith("Bearer ") ? header.slice(7) : "";
      if (!sameToken(given, options.token)) {
        return failure(401, "missing or wrong bearer token (Authorization: Bearer …)", { "www-authenticate": "Bearer" });
      }
    }
    if (url.pathname === "/status") {
      if (request.method !== "GET") return failure(405, "/status takes GET", { allow: "GET" });
      return new Response(JSON.stringify(monitor.status(), null, 2) + "\n", { headers: { "content-type": "application/json" } });
    }
    if (url.pathname !== "/get_reward") return failure(404, `no route ${url.pathname}; the routes are POST /get_reward, GET /status and GET /metrics`);
    if (request.method !== "POST") return failure(405, "/get_reward takes POST", { allow: "POST" });
    return getReward(request, timing);
  }

  async function getReward(request: Request, timing: { upstream: number | null }): Promise<Response> {
    let bytes: Uint8Array;
    try {
      bytes = await boundedBody(request, options.maxBody, options.clientTimeoutMs);
    } catch (error) {
      if (error instanceof BodyError) return failure(error.status, error.message, { connection: "close" });
      return failure(400, `request body could not be read: ${(error as Error).message}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(UTF8.decode(bytes));
    } catch (error) {
      return failure(400, error instanceof SyntaxError ? `request body is not JSON: ${error.message}` : "request body is not UTF-8 text");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) return failure(400, "request body must be a JSON object {query, prompts, ...}");
    const query = (body as { query?: unknown }).query;
    if (!Array.isArray(query)) return failure(400, `request field "query" must be an array of texts, one per response to score; got ${query === undefined ? "no query" : typeof query}`);

    const started = performance.now();
    let reply: Record<string, unknown>;
    try {
      reply = await forward(bytes);
    } finally {
      timing.upstream = (performance.now() - started) / 1000;
    }
    const rewards = reply.rewards;
    if (!Array.isArray(rewards)) throw new UpstreamError(502, `upstream reply has no "rewards" array (got ${rewards === undefined ? "no rewards" : typeof rewards})`);
    if (rewards.length !== query.length) throw new UpstreamError(502, `upstream returned ${rewards.length} rewards for ${query.length} queries`);
    const scores = new Float64Array(rewards.length);
    for (let i = 0; i < rewards.length; i++) {
      const r = rewards[i];
      if (typeof r !== "number") throw new UpstreamError(502, `upstream rewards[${i}] is ${JSON.stringify(r) ?? typeof r}, not a number`);
      scores[i] = r;
    }
    const calibrated = options.reward(scores);
    for (let i = 0; i < calibrated.length; i++) {
      if (!Number.isFinite(calibrated[i])) throw new UpstreamError(502, `upstream rewards[${i}] = ${scores[i]} calibrates to ${calibrated[i]}, which JSON cannot carry`);
    }
    monitor.scores(scores);
    reply.rewards = Array.from(calibrated);
    return new Response(JSON.stringify(reply), { headers: { "content-type": "application/json" } });
  }

  /** POSTs the trainer's body unchanged to the upstream and returns its JSON object, or throws an UpstreamError. */
  async function forward(bytes: Uint8Array): Promise<Record<string, unknown>> {
    const signal = AbortSignal.timeout(options.upstreamTimeoutMs);
    let response: Response;
    let replyText: string;
    try {
      response = await upstreamFetch(options.upstream, { method: "POST", headers: { "content-type": "application/json" }, body: bytes as BodyInit, signal });
      replyText = await response.text();
    } catch (error) {
      if (signal.aborted) throw new UpstreamError(504, `upstream ${options.upstream.href} did not answer within ${options.upstreamTimeoutMs} ms (--upstream-timeout)`);
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new UpstreamError(502, `upstream ${options.upstream.href} unreachable: ${cause ?? (error as Error).message}`);
    }
    if (!response.ok) throw new UpstreamError(502, `upstream answered HTTP ${response.status}: ${replyText.slice(0, 200)}`);
    let reply: unknown;
    try {
      reply = JSON.parse(replyText);
    } catch {
      throw new UpstreamError(502, `upstream reply is not JSON: ${replyText.slice(0, 200)}`);
    }
    if (reply === null || typeof reply !== "object" || Array.isArray(reply)) throw new UpstreamError(502, "upstream reply is not a JSON object");
    return reply as Record<string, unknown>;
  }

  return async (request) => {
    const started = performance.now();
    const timing = { upstream: null as number | null };
    const url = new URL(request.url);
    let response: Response;
    try {
      response = await route(request, url, timing);
    } catch (error) {
      // Upstream failures become 502/504 with the reason; anything else is a bug, answered 500, never a crash.
      response = error instanceof UpstreamError ? failure(error.status, error.message) : failure(500, `internal error: ${(error as Error).message}`);
    }
    const path = ROUTES.includes(url.pathname) ? url.pathname : "other";
    monitor.request(path, response.status, (performance.now() - started) / 1000, timing.upstream);
    return response;
  };
}

/** The routes counted by name; any other path is counted as "other", so a scan cannot grow the label set. */
const ROUTES = ["/get_reward", "/status", "/metrics"];
