// rmcal merge PARTIAL...: the reduce step of a sharded assessment (docs/DESIGN.md §3.8). The partials written by
// `rmcal assess --partial` are added exactly, so the result does not depend on their order on the command line or
// on how a reduction tree grouped them; it prints what `rmcal assess` prints for the whole data.
import { readFile } from "node:fs/promises";
import { assessFromPartial, isRmcalError, mergePartials } from "../../../lib/index";
import { InputError, checkOutputPath, writeFileAtomic } from "../../../platform/node/index";
import { assessmentTable } from "../format-table";
import { choiceFlag, numberFlag, parseFlags, str } from "../options";
import { UsageError } from "../usage-error";

const MERGE_HELP = `Usage: rmcal merge PARTIAL... [options]

Merges the partial assessments written by \`rmcal assess --partial\` (one per shard of the data) and prints the
assessment of all their pairs, as \`rmcal assess\` prints it for one file. The sums are added exactly, so the
result is the same whatever the order of the files, and whether they were merged in one step or several.

Options:
  --json                   print the assess result as JSON
  --partial PATH           write the merged partial instead of printing (a step of a reduction tree)
  --interval wilson|clopper-pearson
                           per-bin interval of the observed rate (default wilson)
  --mce-min-count M        leave bins of fewer than M pairs out of MCE (default 1)
  --force                  replace an existing --partial file`;

const MERGE_OPTIONS = {
  json: { type: "boolean" },
  partial: { type: "string" },
  interval: { type: "string" },
  "mce-min-count": { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function mergeCommand(args: string[]): Promise<void> {
  const { values, positionals: files } = parseFlags(args, MERGE_OPTIONS);
  if (values.help) return void process.stdout.write(MERGE_HELP + "\n");
  if (files.length === 0) throw new UsageError("merge takes one or more PARTIAL files (written by rmcal assess --partial)");
  const interval = choiceFlag(values, "interval", ["wilson", "clopper-pearson"] as const, "wilson");
  const mceMinCount = numberFlag(values, "mce-min-count", 1, (x) => Number.isSafeInteger(x) && x >= 1, "an integer ≥ 1");
  const outPath = str(values.partial);
  if (outPath !== undefined) {
    if (values.json) throw new UsageError("--partial writes the merged partial; it cannot be combined with --json");
    checkOutputPath(outPath, { force: values.force === true, inputs: files });
  }
  const partials = await Promise.all(files.map(readPartialFile));
  const merged = mergeNamingFiles(partials, files);
  if (outPath !== undefined) {
    await writeFileAtomic(outPath, JSON.stringify(merged) + "\n", { force: values.force === true, inputs: files });
    process.stderr.write(`rmcal: wrote ${outPath} (${merged.n} pairs from ${files.length} partials)\n`);
    return;
  }
  process.stderr.write(`rmcal: merged ${files.length} partials (${merged.n.toLocaleString("en-US")} pairs)\n`);
  const assessment = assessFromPartial(merged, { interval, mceMinCount });
  process.stdout.write(values.json ? JSON.stringify(assessment, null, 2) + "\n" : assessmentTable(assessment) + "\n");
}

async function readPartialFile(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new InputError(path, null, null, error.code === "ENOENT" ? "no such file" : `cannot be read (${error.code ?? error.message})`, "input-file");
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(path, null, null, `is not valid JSON (${(error as Error).message}); expected a partial written by rmcal assess --partial`);
  }
}

/** mergePartials, with an error about partials[i] told as one about the i-th file (by name, never by message text). */
function mergeNamingFiles(partials: unknown[], files: string[]): ReturnType<typeof mergePartials> {
  try {
    return mergePartials(partials);
  } catch (error) {
    const at = isRmcalError(error) ? /^partials\[(\d+)\]/.exec(error.argument ?? "") : null;
    if (at === null) throw error;
    const about = Number(at[1]);
    // partials[i].field → "field" (the error names file i already), or "FILE's field" for another file.
    const problem = (error as Error).message.replace(/partials\[(\d+)\](\.?)/g, (_, i: string, dot: string) =>
      Number(i) === about ? (dot ? "" : "the partial") : `${files[Number(i)]}'s ${dot ? "" : "partial"}`);
    throw new InputError(files[about], null, null, problem);
  }
}
