// rmcal web: serves the shipped web page (dist/web, next to the CLI bundle) on the loopback interface and prints
// its address. The page computes everything in the browser, so this server only ever hands out its own files.
import { createServer, type ServerResponse } from "node:http";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { numberFlag, parseFlags } from "../options";
import { UsageError } from "../usage-error";

const WEB_HELP = `Usage: rmcal web [--port N]

Serves rmcal's web page on http://127.0.0.1:N/ and prints the address. The page reads your file in the browser
and computes everything there (WebAssembly in a Web Worker): the file never leaves this machine, and this server
only hands out the page's own files. It binds to 127.0.0.1 only.

Options:
  --port N    port to listen on (default 8317; 0 picks a free port)`;

const WEB_OPTIONS = { port: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/**
 * Sent with every response. The page needs its own scripts, its worker and WebAssembly compiled from bytes it
 * carries; nothing may load from elsewhere, nothing may frame it, and no form may post anywhere.
 */
const HEADERS = {
  "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
    "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-src 'self' about:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/**
 * The files the server may hand out: the regular files directly in `root`, by URL path. Serving only from this
 * list, made once at start, rules out `..`, encoded traversal, absolute paths and symlinks by construction:
 * a request either names one of these paths exactly or gets 404.
 */
function pageFiles(root: string): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (!lstatSync(path).isFile() || !(extname(name) in TYPES)) continue;
    files.set(`/${name}`, { body: readFileSync(path), type: TYPES[extname(name)] });
  }
  const index = files.get("/index.html");
  if (index) files.set("/", index);
  return files;
}

export async function webCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseFlags(args, WEB_OPTIONS);
  if (values.help) return void process.stdout.write(WEB_HELP + "\n");
  if (positionals.length > 0) throw new UsageError(`web takes no FILE (pick the file in the page), got ${positionals.join(" ")}`);
  const port = numberFlag(values, "port", 8317, (p) => Number.isInteger(p) && p >= 0 && p <= 65535, "an integer from 0 to 65535");
  const root = fileURLToPath(new URL("./web/", import.meta.url));
  let files: Map<string, { body: Buffer; type: string }>;
  try {
    files = pageFiles(root);
  } catch {
    files = new Map();
  }
  if (!files.has("/")) throw new UsageError(`the web page is missing from ${root}; in a checkout, run npm run build first`);

  const server = createServer((request, response: ServerResponse) => {
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      return void response.writeHead(405, { ...HEADERS, allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("only GET and HEAD\n");
    }
    // The raw path, query dropped, never decoded: no listed file needs escaping, so an escaped path is not one of them.
    const path = (request.url ?? "/").split("?")[0];
    const file = files.get(path);
    if (!file) return void response.writeHead(404, { ...HEADERS, "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    response.writeHead(200, { ...HEADERS, "content-type": file.type, "content-length": file.body.length });
    response.end(method === "HEAD" ? undefined : file.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new UsageError(`port ${port} is in use; choose another with --port (0 picks a free one)`) : error));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  process.stdout.write(`rmcal web: http://127.0.0.1:${actual}/\n`);
  process.stderr.write("rmcal web: files you open in the page are read by your browser and never leave this machine; Ctrl-C to stop\n");
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
