// Gives every relative import in the emitted declarations (dist/types) the extension Node's resolver needs.
// src/ imports without extensions (moduleResolution "Bundler"), and tsc copies specifiers into .d.ts files as
// written; under moduleResolution node16/nodenext an extensionless relative import does not resolve (TS2834), and
// a consumer would get no types at all (docs/DESIGN.md §4.4). Run after `tsc -p tsconfig.build.json`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = "dist/types";

// `from "./x"`, `import("./x")` and `import "./x"`: the only forms tsc emits for module references.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g;

/**
 * The specifier with the extension Node expects: "./x" → "./x.js" for x.d.ts, "./x" → "./x/index.js" for a folder.
 * @param {string} file the declaration file
 * @param {string} specifier its relative import
 * @returns {string}
 * @throws when neither file exists: a declaration that imports nothing would silently lose its types
 */
function withExtension(file, specifier) {
  if (specifier.endsWith(".js")) return specifier;
  const target = join(dirname(file), specifier);
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, "index.d.ts"))) return `${specifier}/index.js`;
  throw new Error(`${relative(".", file)}: the import "${specifier}" resolves to no declaration file`);
}

let rewritten = 0;
for (const name of readdirSync(root, { recursive: true })) {
  const file = join(root, String(name));
  if (!file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(SPECIFIER, (_, /** @type {string} */ lead, /** @type {string} */ quote, /** @type {string} */ specifier) => `${lead}${quote}${withExtension(file, specifier)}${quote}`);
  if (fixed !== text) {
    writeFileSync(file, fixed);
    rewritten++;
  }
}
if (rewritten === 0) throw new Error(`${root}: no declaration file had a relative import; is the path right?`);
