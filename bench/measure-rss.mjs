// Runs the rmcal CLI in this process and, on exit, prints its peak resident set size to stderr as
// "rmcal-max-rss-kb <n>". Used by bench/cli-memory.mjs: `node bench/measure-rss.mjs assess FILE --json`.
process.on("exit", () => process.stderr.write(`\nrmcal-max-rss-kb ${process.resourceUsage().maxRSS}\n`));
await import("../bin/rmcal.js");
