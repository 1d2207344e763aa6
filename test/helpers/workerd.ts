// Runs real workerd (the `workerd` npm package's binary) on 127.0.0.1 with a generated capnp config.
// The config lives in a fresh temporary folder; workerd's `embed` only takes paths relative to the config file.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { freePort } from "./free-port";
import { repoRoot } from "./repo-root";

const workerdBinary = join(repoRoot, "node_modules/.bin/workerd");

/** One module of the worker: `name` is what imports resolve to ("rmcal", "rmcal.wasm", "./x.mjs" → "x.mjs"). */
export interface WorkerdModule {
  name: string;
  type: "esModule" | "wasm" | "text" | "json";
  /** A path relative to the repository root. */
  path: string;
}

export interface RunningWorkerd {
  url: string;
  stop(): Promise<void>;
}

/** The modules every rmcal worker needs: the package's workerd build, named as a bare import, and its .wasm. */
export const rmcalWorkerdModules: WorkerdModule[] = [
  { name: "rmcal", type: "esModule", path: "dist/rmcal.workerd.js" },
  { name: "rmcal.wasm", type: "wasm", path: "dist/rmcal.wasm" },
];

/**
 * Starts workerd serving one module worker (the first module is the main one) from a generated config
 * and waits until it answers HTTP.
 * @throws if workerd exits or does not answer within `timeoutMs`, with its stderr in the message
 */
export async function startWorkerd(modules: WorkerdModule[], timeoutMs = 20_000): Promise<RunningWorkerd> {
  const dir = await mkdtemp(join(tmpdir(), "rmcal-workerd-"));
  const moduleLines = modules
    .map((m) => `    (name = ${JSON.stringify(m.name)}, ${m.type} = embed ${JSON.stringify(relative(dir, join(repoRoot, m.path)))}),`)
    .join("\n");
  await writeFile(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8080", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
${moduleLines}
  ],
  compatibilityDate = "2024-09-23",
);
`,
  );
  try {
    const running = await startWorkerdConfig(join(dir, "config.capnp"), timeoutMs);
    return { url: running.url, stop: () => running.stop().finally(() => rm(dir, { recursive: true, force: true })) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Serves an existing workerd config whose socket is named "http", moved to a free port on 127.0.0.1
 * (workerd's --socket-addr overrides the address written in the file).
 * @throws if workerd exits or does not answer within `timeoutMs`, with its stderr in the message
 */
export async function startWorkerdConfig(configFile: string, timeoutMs = 20_000): Promise<RunningWorkerd> {
  const port = await freePort();
  const args = ["serve", configFile, "--socket-addr", `http=127.0.0.1:${port}`];
  const child = spawn(workerdBinary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  child.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitForHttp(url, child, timeoutMs, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited with code ${child.exitCode}:\n${stderr()}`);
    try {
      // Any HTTP answer means the socket is up; the worker's own status does not matter here.
      await fetch(`${url}/__ready`, { method: "HEAD" });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`workerd did not answer on ${url} within ${timeoutMs} ms:\n${stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
