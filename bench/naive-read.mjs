// The naive way to read a JSONL file of pairs, for comparison in bench/cli-memory.mjs: the whole file as one string,
// split into lines, each parsed into an object and kept. Prints its peak RSS like measure-rss.mjs.
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
process.stdout.write(JSON.stringify({ rows: rows.length }) + "\n");
process.stderr.write(`\nrmcal-max-rss-kb ${process.resourceUsage().maxRSS}\n`);
