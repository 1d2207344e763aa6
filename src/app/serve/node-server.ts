// The thin node:http adapter around the proxy (docs/DESIGN.md §11.2): IncomingMessage → ProxyRequest,
// ProxyResponse → ServerResponse, and the upstream call over node:http keep-alive sockets. Everything the proxy
// decides is in reward-proxy.ts, shared with workerd. No Fetch API object is built on this path: undici's Request,
// Response and web streams cost more CPU per batch than the proxy's own work (DESIGN §11.5).
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { ProxyHandler, UpstreamPost } from "./reward-proxy";
import { BoundedBody, bodyTimeout } from "./request-body";

export interface NodeServerOptions {
  /** Headers of a request must arrive within this many ms (a stalled client is cut off with 408). */
  clientTimeoutMs: number;
}

export function nodeServer(handler: ProxyHandler, options: NodeServerOptions): Server {
  const server = createServer((req, res) => {
    serve(handler, req, res, server).catch((error: unknown) => {
      // Only a broken socket gets here (the handler answers every error itself): drop the connection.
      if (!res.headersSent) { res.statusCode = 500; res.end(); } else res.destroy(error as Error);
    });
  });
  // node:http's own guards against slowloris: headers and the whole request must arrive in time; the handler also
  // bounds the body read, so a body that stalls gets the proxy's 408 with a message.
  server.headersTimeout = options.clientTimeoutMs;
  server.requestTimeout = options.clientTimeoutMs + 1000;
  server.keepAliveTimeout = 5000;
  return server;
}

async function serve(handler: ProxyHandler, req: IncomingMessage, res: ServerResponse, server: Server): Promise<void> {
  const target = req.url ?? "/";
  const query = target.indexOf("?");
  const response = await handler({
    method: req.method ?? "GET",
    path: query === -1 ? target : target.slice(0, query),
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
    body: (limit, timeoutMs) => readBody(req, limit, timeoutMs),
  });
  const body = Buffer.from(response.body, "utf8");
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader("content-length", body.byteLength);
  // Shutting down (server.close was called): end the keep-alive connection with this response, so the process can
  // exit as soon as the in-flight requests are answered instead of waiting for idle sockets to time out.
  if (!server.listening) res.setHeader("connection", "close");
  res.end(body);
  // A refused body (413, 408) was not read to its end: close rather than read the rest to reuse the connection.
  if (response.headers.connection === "close") req.destroy();
}

/** node:http's request body under the limit and the deadline, through request-body.ts's BoundedBody. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Uint8Array> {
  const header = req.headers["content-length"];
  const body = new BoundedBody(limit, header ?? null);
  return new Promise((resolve, reject) => {
    const stop = (error: Error | null) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
      if (error === null) resolve(body.bytes());
      else { req.pause(); reject(error); }
    };
    const onData = (chunk: Buffer) => {
      try {
        body.add(chunk);
      } catch (error) {
        stop(error as Error);
      }
    };
    const onEnd = () => stop(null);
    const onError = (error: Error) => stop(error);
    const onAborted = () => stop(new Error("the client closed the connection"));
    const timer = setTimeout(() => stop(bodyTimeout(timeoutMs)), timeoutMs);
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onAborted);
  });
}

/**
 * How long a kept-alive upstream socket may sit idle before the proxy closes it: under the 5 s after which
 * uvicorn (OpenRLHF's serve_rm) and node:http close theirs, so the proxy seldom picks a socket the upstream is closing.
 */
const UPSTREAM_IDLE_MS = 4000;

/**
 * The upstream call for the Node server: node:http(s) with keep-alive sockets (Nagle is off on them, node:http's
 * default). undici's fetch cost about a millisecond of CPU per batch here (bench/serve.mjs); this costs a fraction.
 */
export function nodeUpstreamPost(maxSockets: number): UpstreamPost {
  const options = { keepAlive: true, maxSockets, timeout: UPSTREAM_IDLE_MS };
  const agents = { "http:": new HttpAgent(options), "https:": new HttpsAgent(options) };
  return (url, body, signal) => {
    let sent!: () => void;
    const call = {
      sent: new Promise<void>((resolve) => (sent = resolve)),
      reply: new Promise<{ status: number; text: string }>((resolve, reject) => {
        const attempt = (again: boolean) => {
          const send = url.protocol === "https:" ? httpsRequest : httpRequest;
          const req = send(url, {
            method: "POST", agent: agents[url.protocol as "http:" | "https:"], signal,
            headers: { "content-type": "application/json", "content-length": body.byteLength },
          }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 502, text: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
          });
          // node:http assigns the socket on a later tick and writes the buffered request in that same tick, so
          // when the proxy resumes after "socket" the bytes are out (on a new connection, queued until it connects).
          // Not "finish": a slow connect or a stalled upstream would then hold back a malformed request's 400.
          req.once("socket", () => sent()).on("close", sent);
          req.on("error", (error: NodeJS.ErrnoException) => {
            // A kept-alive socket the upstream closed just as it was reused (reset, or a write into the closed
            // socket): nothing was answered on it, so the batch is sent once more on a new socket (the retry
            // node:http's docs give for request.reusedSocket).
            if (again && req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE") && !signal.aborted) attempt(false);
            else reject(error);
          });
          req.end(body);
        };
        attempt(true);
      }),
    };
    return call;
  };
}
