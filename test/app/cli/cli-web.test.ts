// `rmcal web` as a process: it prints its address, binds the loopback interface only, hands out the page's own
// files with a Content-Security-Policy that forbids remote loads, and answers 404 to everything else: `..`,
// encoded traversal, absolute paths and a symlink planted in the page's folder.
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, rmcal } from "../../helpers/cli";
import { repoRoot } from "../../helpers/repo-root";

const planted = join(repoRoot, "dist/web/planted-link.html");
let child: ChildProcess;
let url: URL;

beforeAll(async () => {
  // Planted before the server starts, so it would be listed if symlinks were served.
  rmSync(planted, { force: true });
  symlinkSync(join(repoRoot, "package.json"), planted);
  child = spawn(process.execPath, [BIN, "web", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  url = await new Promise<URL>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const match = /^rmcal web: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (match) resolve(new URL(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`rmcal web exited with ${code}: ${out}`)));
  });
});

afterAll(async () => {
  rmSync(planted, { force: true });
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await exited;
  }
});

/** A GET with the path sent exactly as written (fetch would normalize `..` and `//` away). */
function rawGet(path: string, host = url.hostname): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: url.port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d)).on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("rmcal web", () => {
  it("serves the built page at / and its scripts, with a CSP that allows nothing remote", async () => {
    const page = await rawGet("/");
    expect(page.status).toBe(200);
    expect(page.body).toBe(readFileSync(join(repoRoot, "dist/web/index.html"), "utf8"));
    expect(page.body).toContain("the file never leaves your machine");
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/https?:|\*/);
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    const script = await rawGet("/worker.js");
    expect([script.status, script.headers["content-type"]]).toEqual([200, "text/javascript; charset=utf-8"]);
  });

  it("answers 404 to traversal, encoded traversal, absolute paths, unknown files and a planted symlink", async () => {
    for (const path of [
      "/../package.json", "/..%2fpackage.json", "/%2e%2e/package.json", "/%2E%2E%2Fpackage.json", "//etc/passwd",
      "/etc/passwd", "/dist/web/index.html", "/index.html/..", "/./index.html", "/planted-link.html", "/nothing.js",
      "/index.html%00.js", "/..\\package.json",
    ]) {
      const r = await rawGet(path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.body).toBe("not found\n");
      expect(r.headers["content-security-policy"]).toBeDefined();
    }
  });

  it("binds 127.0.0.1 only: the machine's other addresses are refused", async () => {
    const others = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === "IPv4" && !a.internal).map((a) => a!.address);
    for (const address of others) await expect(rawGet("/", address)).rejects.toThrow(/ECONNREFUSED/);
    expect(url.hostname).toBe("127.0.0.1");
  });

  it("refuses a FILE argument and a bad port with exit 2", () => {
    const file = rmcal(["web", "pairs.jsonl"]);
    expect([file.status, file.stderr.split("\n")[0]]).toEqual([2, "rmcal: web takes no FILE (pick the file in the page), got pairs.jsonl"]);
    const port = rmcal(["web", "--port", "70000"]);
    expect([port.status, port.stderr.split("\n")[0]]).toEqual([2, 'rmcal: --port is "70000"; it must be an integer from 0 to 65535']);
  });
});
