// Golden runner for command-line runtimes that offer node:fs (Deno, Bun): loads the built default entry by path
// (Deno does not resolve the package's self-reference), computes, and writes the text to the file named in argv.
import { readFile, writeFile } from "node:fs/promises";
import process from "node:process";
import { computeGolden } from "./compute-golden.mjs";

// By URL rather than a literal path, so the type checker takes the package's declared types instead of reading
// the bundle (build output); the module is the same file.
/** @type {typeof import("rmcal")} */
const rmcal = await import(new URL("../../dist/rmcal.js", import.meta.url).href);

const [outPath] = process.argv.slice(2);
await rmcal.init();
const inputs = JSON.parse(await readFile(new URL("inputs.json", import.meta.url), "utf8"));
await writeFile(outPath, computeGolden(rmcal, inputs));
