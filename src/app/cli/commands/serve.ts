// rmcal serve: the calibrating reward proxy in front of an OpenRLHF-style reward server (docs/DESIGN.md §11).
// Parses flags, loads the calibrator and the reference scores, and runs the Fetch handler under node:http until
// SIGTERM or SIGINT, when it stops accepting and lets in-flight requests finish.
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { UsageError } from "../usage-error";
import { parseFlags } from "../options";
import { defaultRewardTransform, readCalibrator } from "./apply";
import { liveMonitor } from "../../serve/live-monitor";
import { proxyHandler } from "../../serve/reward-proxy";
import { prometheusMetrics } from "../../serve/prometheus-metrics";
import { nodeServer, nodeUpstreamPost } from "../../serve/node-server";

const SERVE_HELP = `Usage: rmcal serve --calibrator C.json --upstream URL --port N [options]

A reward server for OpenRLHF (--remote_rm_url http://HOST:N/get_reward) that forwards each batch to the upstream
reward server, replaces its "rewards" by the calibrator's rewards (r/T for temperature, α·r for Platt,
logit g(r − r_ref) for isotonic) and returns every other field as the upstream sent it. A reward is never made up
or dropped: an upstream reply without one number per query is answered 502 with the reason (504 on timeout).

Routes:
  POST /get_reward          {query: [...], prompts, labels, ...} → upstream → {rewards (calibrated), ...}
  GET  /status              JSON: requests, rewards, latency histogram, outside-range share, rolling PSI/KS, alerts
  GET  /metrics             Prometheus text (never behind the token)

Options:
  --calibrator FILE         calibrator JSON written by rmcal fit (required)
  --upstream URL            the upstream's reward endpoint, http or https, e.g. http://127.0.0.1:5000/get_reward
  --port N                  port to listen on (0: any free port; the address is printed on stderr)
  --host H                  address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --token-file F            require "Authorization: Bearer <first line of F>" on every route but /metrics
  --reference FILE          raw scores of the calibration data (JSON array or one number per line): the
                            distribution for PSI/KS and the calibration range [min, max], instead of the
                            calibrator's stored ones
  --window N                live scores in the rolling PSI/KS window (default 4096)
  --psi-alert X             alert when the rolling PSI exceeds X (default 0.25)
  --ks-alert X              alert when the rolling KS statistic exceeds X (default 0.2)
  --outside-alert X         alert when the window's share outside the calibration range exceeds X (default 0.05)
  --max-body BYTES          largest request body; larger gets 413 before it is read whole (default 16777216)
  --client-timeout MS       a request must arrive whole within MS, else 408 (default 30000)
  --upstream-timeout MS     the upstream must answer within MS, else 504 (default 120000)
  --json                    once listening, print {url, reward, status, metrics, upstream} as one JSON line on
                            stdout (so a script started with --port 0 learns the port); logs stay on stderr

Without --reference, the calibrator's stored score range and its 101 score quantiles (written by rmcal fit when
the data had per-response scores) are the reference; without those, PSI, KS and the outside share are null. Drift is checked every 10 s and at each /status or /metrics; an alert goes to stderr
once per crossing (and once when it clears).`;

/** Keep-alive sockets to the upstream: more than a trainer's concurrent batches, fewer than would swamp it. */
const UPSTREAM_SOCKETS = 64;

/** How often the drift alerts are checked without a scrape. */
const ALERT_CHECK_MS = 10_000;

const SERVE_OPTIONS = {
  calibrator: { type: "string" }, upstream: { type: "string" }, port: { type: "string" }, host: { type: "string" },
  "token-file": { type: "string" }, reference: { type: "string" }, window: { type: "string" },
  "psi-alert": { type: "string" }, "ks-alert": { type: "string" }, "outside-alert": { type: "string" },
  "max-body": { type: "string" }, "client-timeout": { type: "string" }, "upstream-timeout": { type: "string" },
  json: { type: "boolean" }, help: { type: "boolean", short: "h" },
} as const;

export async function serveCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, SERVE_OPTIONS);
  if (values.help) return void process.stdout.write(SERVE_HELP + "\n");
  if (positionals.length > 0) throw new UsageError(`serve takes no positional arguments, got ${positionals.join(" ")}`);
  const calibratorPath = required(values.calibrator, "--calibrator");
  const upstream = upstreamUrl(required(values.upstream, "--upstream"));
  const port = integer(required(values.port, "--port"), "--port", 0, 65535);
  const host = values.host ?? "127.0.0.1";
  const window = integer(values.window ?? "4096", "--window", 1, 1 << 24);
  const maxBody = integer(values["max-body"] ?? String(16 << 20), "--max-body", 1, 2 ** 40);
  const clientTimeoutMs = integer(values["client-timeout"] ?? "30000", "--client-timeout", 1, 2 ** 31 - 1);
  const upstreamTimeoutMs = integer(values["upstream-timeout"] ?? "120000", "--upstream-timeout", 1, 2 ** 31 - 1);
  const psiAlert = threshold(values["psi-alert"] ?? "0.25", "--psi-alert");
  const ksAlert = threshold(values["ks-alert"] ?? "0.2", "--ks-alert");
  const outsideAlert = threshold(values["outside-alert"] ?? "0.05", "--outside-alert");

  const calibrator = await readCalibrator(calibratorPath);
  // OpenRLHF's request carries no group of each response, so a per-group temperature has nothing to read.
  if (calibrator.kind === "grouped-temperature") {
    throw new UsageError("this calibrator has one temperature per group, but a reward request carries no group; serve a calibrator fitted without --group, or compute rewards with rmcal apply --score F --group G");
  }
  // The same reward as rmcal apply gives by default: centered where the calibrator stores its mean (docs/DESIGN.md §5.6).
  const transform = defaultRewardTransform(calibrator);
  if ((calibrator.kind === "isotonic" || calibrator.kind === "venn-abers") && calibrator.rewardNormalization?.reference === undefined) {
    throw new UsageError(`this ${calibrator.kind} calibrator stores no reference score, so it cannot turn single scores into rewards`);
  }
  const token = values["token-file"] === undefined ? null : await readToken(values["token-file"]);
  const given = values.reference === undefined ? null : await readScores(values.reference);
  // The stored quantiles stand in for the calibration scores: PSI's deciles are among them, KS is off by at most
  // 1/100 (docs/DESIGN.md §11.3).
  const stored = calibrator.range?.scoreQuantiles;
  const reference = given ?? (stored ? Float64Array.from(stored) : null);
  const range = given !== null ? rangeOf(given) : calibrator.range?.scores ?? null;

  const log = (line: string) => void process.stderr.write(line + "\n");
  const monitor = liveMonitor({ reference, range, window, psiAlert, ksAlert, outsideAlert, log });
  const handler = proxyHandler({
    reward: (scores) => calibrator.reward(scores, { transform }), upstream, token, maxBody, clientTimeoutMs, upstreamTimeoutMs,
    monitor, metrics: prometheusMetrics(monitor), post: nodeUpstreamPost(UPSTREAM_SOCKETS),
  });
  if (given === null && reference !== null) log("rmcal serve: drift reference: the calibrator's stored score quantiles");
  if (range === null) log("rmcal serve: no calibration range (no --reference, and the calibrator stores no score range): the outside share is not reported");
  if (reference === null) log("rmcal serve: no --reference, and the calibrator stores no score quantiles: rolling PSI and KS are not computed");
  const server = nodeServer(handler, { clientTimeoutMs });
  // Drift alerts also when nobody scrapes /status or /metrics; off the request path (docs/DESIGN.md §11.3).
  const checker = setInterval(() => monitor.checkAlerts(), ALERT_CHECK_MS);
  checker.unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  log(`rmcal serve: listening on http://${shown}:${address.port} (POST /get_reward → ${upstream.href}; GET /status, /metrics)`);
  if (values.json) {
    const url = `http://${shown}:${address.port}`;
    process.stdout.write(JSON.stringify({ url, reward: `${url}/get_reward`, status: `${url}/status`, metrics: `${url}/metrics`, upstream: upstream.href }) + "\n");
  }

  // Graceful shutdown: stop accepting, close idle keep-alive sockets, let in-flight requests finish, then return
  // so the process exits with the event loop. A second signal ends at once.
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`rmcal serve: ${signal}: finishing in-flight requests`);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      clearInterval(checker);
      server.close(() => resolve());
      server.closeIdleConnections();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  log("rmcal serve: stopped");
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`serve needs ${flag}`);
  return value;
}

function upstreamUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--upstream is "${text}", not a URL; expected e.g. http://127.0.0.1:5000/get_reward`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--upstream is "${text}"; only http: and https: upstreams are allowed, not ${url.protocol}`);
  }
  return url;
}

function integer(text: string, flag: string, low: number, high: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < low || n > high) throw new UsageError(`${flag} is "${text}"; expected an integer in [${low}, ${high}]`);
  return n;
}

function threshold(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || x < 0) throw new UsageError(`${flag} is "${text}"; expected a number ≥ 0`);
  return x;
}

async function readToken(path: string): Promise<string> {
  const token = (await readFile(path, "utf8").catch((error: Error) => {
    throw new UsageError(`--token-file ${path}: ${error.message}`);
  })).split(/\r?\n/)[0].trim();
  if (token === "") throw new UsageError(`--token-file ${path} is empty; its first line is the bearer token`);
  return token;
}

/** Reference scores: a JSON array of numbers, or one number per line (blank lines skipped). */
async function readScores(path: string): Promise<Float64Array> {
  const text = await readFile(path, "utf8").catch((error: Error) => {
    throw new UsageError(`--reference ${path}: ${error.message}`);
  });
  const trimmed = text.trim();
  let values: unknown[];
  if (trimmed.startsWith("[")) {
    try {
      values = JSON.parse(trimmed) as unknown[];
    } catch (error) {
      throw new UsageError(`--reference ${path} is not a JSON array: ${(error as Error).message}`);
    }
  } else values = trimmed.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "").map(Number);
  if (!Array.isArray(values) || values.length === 0) throw new UsageError(`--reference ${path} holds no scores`);
  const scores = new Float64Array(values.length);
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new UsageError(`--reference ${path}: score ${i} is ${JSON.stringify(v)}, not a finite number`);
    scores[i] = v;
  });
  return scores;
}

function rangeOf(scores: Float64Array): [number, number] {
  let low = Infinity, high = -Infinity;
  for (const x of scores) { low = Math.min(low, x); high = Math.max(high, x); }
  return [low, high];
}

