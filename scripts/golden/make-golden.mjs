// Writes test/golden/golden.json from Node, once. The other runtimes are tested against this file; regenerate it
// only when the inputs or the golden computation change on purpose (npm run build first), and commit both.
import { readFileSync, writeFileSync } from "node:fs";
import * as rmcal from "rmcal";
import { computeGolden } from "../../test/golden/compute-golden.mjs";

const dir = new URL("../../test/golden/", import.meta.url);
await rmcal.init();
const text = computeGolden(rmcal, JSON.parse(readFileSync(new URL("inputs.json", dir), "utf8")));
writeFileSync(new URL("golden.json", dir), text);
console.log(`wrote test/golden/golden.json (${text.length} bytes)`);
