// The thin node:http adapter around the Fetch API handler (docs/DESIGN.md §11.2): IncomingMessage → Request,
// Response → ServerResponse. Everything the proxy decides is in reward-proxy.ts, shared with workerd.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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
