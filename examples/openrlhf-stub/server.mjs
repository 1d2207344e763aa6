#!/usr/bin/env node
// A stand-in for OpenRLHF's remote reward model (`python -m openrlhf.cli.serve_rm`), for trying `rmcal serve`
// without a GPU: it answers POST /get_reward {query: [...]} the way serve_rm.py does, {rewards, scores,
// extra_logs: {dummy_scores}}, but its "reward model" is a toy: each query's raw score is the number its text ends
// with ("... final answer 4.2" scores 4.2), and a query ending in no number scores 0.
//
//   node examples/openrlhf-stub/server.mjs [--port 5000]
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string", default: "5000" } } });
const TRAILING_NUMBER = /(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$/i;

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/get_reward") return void res.writeHead(404).end("not found\n");
  let body = "";
  req.setEncoding("utf8").on("data", (chunk) => (body += chunk)).on("end", () => {
    let query;
    try {
      query = JSON.parse(body).query;
      if (!Array.isArray(query)) throw new Error("query must be an array of strings");
    } catch (error) {
      return void res.writeHead(400, { "content-type": "text/plain" }).end(`${error.message}\n`);
    }
    const scores = query.map((q) => Number(TRAILING_NUMBER.exec(String(q))?.[1] ?? 0));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ rewards: scores, scores, extra_logs: { dummy_scores: scores } }));
  });
});
server.listen(Number(values.port), "127.0.0.1", () => {
  console.error(`openrlhf-stub: listening on http://127.0.0.1:${server.address().port}/get_reward`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
