// The thin node:http adapter around the Fetch API handler (docs/DESIGN.md §11.2): IncomingMessage → Request,
// Response → ServerResponse. Everything the proxy decides is in reward-proxy.ts, shared with workerd.
import { Agent as HttpAgent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { FetchHandler } from "./reward-proxy";

export interface NodeServerOptions {
  /** Headers of a request must arrive within this many ms (a stalled client is cut off with 408). */
  clientTimeoutMs: number;
}

export function nodeServer(handler: FetchHandler, options: NodeServerOptions): Server {
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

async function serve(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, server: Server): Promise<void> {
  const host = req.headers.host ?? "localhost";
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const request = new Request(`http://${host}${req.url ?? "/"}`, {
    method: req.method, headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error: undici needs duplex "half" for a streamed request body; lib.dom's RequestInit lacks it.
    duplex: "half",
  });
  const response = await handler(request);
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => { outHeaders[name] = value; });
  const body = Buffer.from(await response.arrayBuffer());
  outHeaders["content-length"] = String(body.byteLength);
  // Shutting down (server.close was called): end the keep-alive connection with this response, so the process can
  // exit as soon as the in-flight requests are answered instead of waiting for idle sockets to time out.
  if (!server.listening) outHeaders.connection = "close";
  res.writeHead(response.status, outHeaders);
  res.end(body);
  // A refused body (413, 408) was not read to its end: close rather than read the rest to reuse the connection.
  if (response.headers.get("connection") === "close") req.destroy();
}

/**
 * The upstream call for the Node server: node:http(s) with keep-alive sockets, shaped as the Fetch API's fetch so
 * the handler does not know. undici's fetch cost about a millisecond of CPU per batch here (bench/serve.mjs); this
 * path costs a fraction of it. Only what the handler uses is supported: POST of a byte body, an AbortSignal.
 */
export function nodeUpstreamFetch(maxSockets: number): typeof fetch {
  const agents = { "http:": new HttpAgent({ keepAlive: true, maxSockets }), "https:": new HttpsAgent({ keepAlive: true, maxSockets }) };
  return ((input: URL, init: RequestInit) => new Promise<Response>((resolve, reject) => {
    const body = init.body as Uint8Array;
    const send = input.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(input, {
      method: init.method, agent: agents[input.protocol as "http:" | "https:"], signal: init.signal ?? undefined,
      headers: { ...(init.headers as Record<string, string>), "content-length": String(body.byteLength) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502 })));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  })) as typeof fetch;
}
