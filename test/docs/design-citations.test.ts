// Code comments cite docs/DESIGN.md by section ("docs/DESIGN.md §2.5"), so a reader can find the rule behind the
// code. A citation that names no heading sends them nowhere, and an issue number in a comment means nothing once
// the issue is closed: both fail here, naming the file and line. The design file's top-level sections are also
// pinned, because other engineers cite them by number.
import { readdirSync, readFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo-root";

const DESIGN = "docs/DESIGN.md";
const SCANNED_FOLDERS = ["src", "assembly"];

const TOP_LEVEL = [
  "The problem", "Conventions", "Metrics", "Public API", "Calibrators and rewards", "Uncertainty", "Diagnostics",
  "Errors", "Layers", "Testing", "Serving", "Reading data",
];

/** A citation in place of a reason: "issue 7", "task #3", "ticket 12", "(#12)", "fixes #12", "Must show #2". */
const ISSUE_CITATION =
  /\b(?:issues?|tasks?|tickets?|bugs?|PRs?|pull requests?)\s*#?\s*\d+\b|\(#\d+\)|\b(?:fix(?:es|ed)?|closes?|see)\s+#\d+\b|\bGH-\d+\b|\bmust show\s*#?\s*\d+/i;

interface Heading { level: number; number: string; title: string; line: number }

/** The numbered headings of the design file ("## 2. Conventions" is 2, "### 2.5 Weights" is 2.5). */
function designHeadings(markdown: string): Heading[] {
  const headings: Heading[] = [];
  markdown.split("\n").forEach((text, i) => {
    const m = /^(#{2,6})\s+(\d+(?:\.\d+)*)\.?\s+(.+?)\s*$/.exec(text);
    if (m) headings.push({ level: m[1].length, number: m[2], title: m[3], line: i + 1 });
  });
  return headings;
}

/** Every file under the folders, as paths relative to the repository root. */
function filesUnder(folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  folders.forEach(walk);
  return out.sort();
}

/**
 * The places where `text` cites the design file without resolving: a section number with no heading, or a
 * citation spelled without its folder (a bare "DESIGN.md §2" is the old, external specification).
 */
function unresolvedCitations(file: string, text: string, sections: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(/DESIGN\.md/g)) {
      const at = `${file}:${i + 1}`;
      if (!line.slice(0, m.index).endsWith("docs/")) {
        problems.push(`${at}: cites "DESIGN.md" without its folder; write "${DESIGN} §N.M"`);
      }
      for (const section of line.slice(m.index + m[0].length).matchAll(/§\s*(\d+(?:\.\d+)*)/g)) {
        if (!sections.has(section[1])) problems.push(`${at}: cites ${DESIGN} §${section[1]}, which has no heading`);
      }
    }
  });
  return problems;
}

/** The comments of a file with the line each starts on: TypeScript's own scanner for .ts, plain patterns otherwise. */
function commentsOf(file: string, text: string): { line: number; text: string }[] {
  const lineOf = (pos: number) => text.slice(0, pos).split("\n").length;
  if (extname(file) !== ".ts") {
    return [...text.matchAll(/\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->|^\s*\/\/.*$/gm)].map((m) => ({ line: lineOf(m.index), text: m[0] }));
  }
  // Every comment is trivia before or after some token, so walking all tokens finds each one (and none of the
  // text inside strings or templates, where a "//" is not a comment).
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Map<number, string>();
  const add = (ranges: ts.CommentRange[] | undefined) => ranges?.forEach((r) => found.set(r.pos, text.slice(r.pos, r.end)));
  const visit = (node: ts.Node) => {
    add(ts.getLeadingCommentRanges(text, node.getFullStart()));
    add(ts.getTrailingCommentRanges(text, node.getEnd()));
    node.getChildren(source).forEach(visit);
  };
  visit(source);
  return [...found].sort(([a], [b]) => a - b).map(([pos, comment]) => ({ line: lineOf(pos), text: comment }));
}

/** Comments that cite an issue, task or ticket number instead of saying why. */
function issueCitations(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const comment of commentsOf(file, text)) {
    comment.text.split("\n").forEach((line, i) => {
      const m = ISSUE_CITATION.exec(line);
      if (m) problems.push(`${file}:${comment.line + i}: cites "${m[0]}"; say why instead`);
    });
  }
  return problems;
}

const headings = designHeadings(readFileSync(join(repoRoot, DESIGN), "utf8"));
const sections = new Set(headings.map((h) => h.number));
const files = filesUnder(SCANNED_FOLDERS).filter((f) => extname(f) !== ".json");
const textOf = (file: string) => readFileSync(join(repoRoot, file), "utf8");

describe(`${DESIGN}: numbered so that code can cite it`, () => {
  it("has its top-level sections, in order, with their agreed titles", () => {
    const top = headings.filter((h) => h.level === 2).map((h) => `${h.number}. ${h.title}`);
    expect(top).toEqual(TOP_LEVEL.map((title, i) => `${i + 1}. ${title}`));
  });

  it("numbers every subsection N.M under its section N, each number once", () => {
    let current = "";
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const h of headings) {
      if (seen.has(h.number)) problems.push(`line ${h.line}: §${h.number} appears twice`);
      seen.add(h.number);
      if (h.level === 2) current = h.number;
      else if (h.number.split(".")[0] !== current) {
        problems.push(`line ${h.line}: §${h.number} sits under §${current}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("comments in src/ and assembly/", () => {
  it(`cite only sections of ${DESIGN} that exist (docs/DESIGN.md §N.M names a heading N.M)`, () => {
    const problems = files.flatMap((file) => unresolvedCitations(file, textOf(file), sections));
    expect(problems).toEqual([]);
  });

  it("cite no issue or task numbers", () => {
    const problems = files.flatMap((file) => issueCitations(file, textOf(file)));
    expect(problems).toEqual([]);
  });

  it("the checks themselves catch a bad citation and an issue number, naming file and line", () => {
    const sample = [
      "// fine: docs/DESIGN.md §2.5 and §9",
      "// wrong: docs/DESIGN.md §99.1",
      "// old: DESIGN.md §2",
      'const colour = "#222"; // a CSS colour is not an issue',
      "// the fix for issue 7",
      "/* see #12 */ const url = `http://x/${1} // not a comment, task 3`;",
    ].join("\n");
    expect(unresolvedCitations("sample.ts", sample, sections)).toEqual([
      "sample.ts:2: cites docs/DESIGN.md §99.1, which has no heading",
      'sample.ts:3: cites "DESIGN.md" without its folder; write "docs/DESIGN.md §N.M"',
    ]);
    expect(issueCitations("sample.ts", sample)).toEqual([
      'sample.ts:5: cites "issue 7"; say why instead',
      'sample.ts:6: cites "see #12"; say why instead',
    ]);
  });
});
