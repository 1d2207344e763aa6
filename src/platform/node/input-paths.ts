// The files a command reads, from what the user typed: a file, "-" for stdin, a folder of shards, or a glob the
// shell did not expand ("data/train-*.parquet", quoted). Several are read as one dataset (docs/DESIGN.md §12.3).
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../io/input-error";
import { formatFromFileName } from "../io/rows";

/** The name of standard input among the paths. */
export const STDIN = "-";

/**
 * The files named by `inputs`, in order: each file as it is, "-" as it is, a folder as its data files (names with
 * a format rmcal reads, sorted), a glob as the files it matches (sorted, so shards 00000, 00001, … stay in order
 * and a dataset read from its shards gives the bits of the same rows in one file). Globs: `*`, `?` and `[…]` in
 * the last path component, the way Hugging Face names a split's shards.
 * @param inputs what the user typed
 * @returns the files to read
 * @throws {InputError} ("input-file") naming a folder without data files, or a glob that matches nothing
 * @example await expandInputPaths(["data/train-*.parquet"]) // => ["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"]
 */
export async function expandInputPaths(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (input === STDIN) out.push(input);
    else if (isGlob(basename(input))) out.push(...await globFiles(input));
    else if (await isFolder(input)) out.push(...await folderFiles(input));
    else out.push(input);
  }
  return out;
}

function isGlob(name: string): boolean {
  return /[*?[]/.test(name);
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

async function folderFiles(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((name) => !name.startsWith(".") && formatFromFileName(name) !== null).sort();
  if (names.length === 0) throw new InputError(folder, null, null, "is a folder with no data files (.parquet, .jsonl, .csv, .tsv, optionally .gz)", "input-file");
  return names.map((name) => join(folder, name));
}

async function globFiles(pattern: string): Promise<string[]> {
  const folder = dirname(pattern);
  const matcher = globRegExp(basename(pattern));
  const names = await readdir(folder).catch(() => {
    throw new InputError(pattern, null, null, `matches no file: the folder ${folder} cannot be read`, "input-file");
  });
  const matched = names.filter((name) => !name.startsWith(".") && matcher.test(name)).sort();
  if (matched.length === 0) throw new InputError(pattern, null, null, "matches no file", "input-file");
  return matched.map((name) => (folder === "." && !pattern.startsWith("./") ? name : join(folder, name)));
}

/** A shell glob of one path component as a regular expression: `*` any run, `?` one character, `[…]` a class. */
function globRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) source += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        source += `[${body.startsWith("!") ? "^" + body.slice(1) : body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
