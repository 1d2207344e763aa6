// Runs the rmcal CLI in this process and, on exit, prints its peak resident set size to stderr as
// "rmcal-max-rss-kb <n>". Used by bench/cli-memory.mjs: `node bench/measure-rss.mjs assess FILE --json`.
process.on("exit", () => process.stderr.write(`\nrmcal-max-rss-kb ${process.resourceUsage().maxRSS}\n`));
// Imported by URL rather than by a literal path: the type checker then leaves the bundled CLI (build output) alone.
await import(new URL("../bin/rmcal.js", import.meta.url).href);
