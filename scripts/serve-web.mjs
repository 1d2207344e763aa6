// `npm run web`: serves the built page (dist/web/) on 127.0.0.1 and prints its address. Loopback only: the page
// computes everything in the browser, so nothing but its own static files ever crosses this server.
//   node scripts/serve-web.mjs [--port N]     (default 8317; --port 0 picks a free port)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("../dist/web/", import.meta.url));
/** @type {Record<string, string>} */
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
};

const { values } = parseArgs({ options: { port: { type: "string", default: "8317" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port is ${values.port}; it must be an integer in [0, 65535]`);
  process.exit(2);
}
if (!existsSync(join(root, "index.html"))) {
  console.error("dist/web/ is missing; run `npm run build` first");
  process.exit(2);
}

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(root) || file.includes(`${sep}..${sep}`)) return void response.writeHead(403).end();
  try {
    const body = await readFile(file);
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
});

server.listen(port, "127.0.0.1", () => {
  // Listening on a TCP port, so the address is an AddressInfo (not a pipe name, not null).
  const { port: actual } = /** @type {import("node:net").AddressInfo} */ (server.address());
  console.log(`rmcal web page: http://127.0.0.1:${actual}/  (Ctrl-C to stop)`);
});
server.on("error", (/** @type {NodeJS.ErrnoException} */ error) => {
  console.error(error.code === "EADDRINUSE" ? `port ${port} is in use; try --port 0` : error.message);
  process.exitCode = 2;
});
