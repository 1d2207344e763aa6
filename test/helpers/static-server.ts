// A static file server on 127.0.0.1 (random port) for the browser tests: serves only the listed folders of the
// repository, and records every path requested so a test can check the page fetched nothing else.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { repoRoot } from "./repo-root";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface StaticServer {
  url: string;
  /** Every request path seen so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves files of the repository under the given folders (e.g. ["dist", "test/golden"]); anything else is 404.
 * @param routes URL prefix → repository folder, e.g. { "/": "dist/web" } or { "/dist/": "dist" }
 */
export async function startStaticServer(routes: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const prefix = prefixes.find((p) => path.startsWith(p));
    if (!prefix) return void res.writeHead(404).end();
    const folder = join(repoRoot, routes[prefix]);
    const file = normalize(join(folder, path.slice(prefix.length) || "index.html"));
    if (!file.startsWith(folder + sep) && file !== folder) return void res.writeHead(403).end();
    try {
      const body = await readFile(file.endsWith(sep) ? join(file, "index.html") : file);
      res.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
