// A strict enough well-formedness check for the HTML report and SVGs, without a DOM: every element that is opened
// is closed in order (HTML void elements excepted), attributes are quoted, and no raw "<" starts anything else.

const VOID = new Set(["meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source"]);

/** Returns the first problem found, or null when the markup is balanced. */
export function markupProblem(text: string, xml = false): string | null {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>|<!doctype html>|<!--[\s\S]*?-->/gy;
  let at = 0;
  while (at < text.length) {
    const lt = text.indexOf("<", at);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(text);
    if (!m) return `malformed tag at offset ${lt}: ${JSON.stringify(text.slice(lt, lt + 60))}`;
    at = tag.lastIndex;
    if (m[2] === undefined) continue; // doctype or comment
    const name = xml ? m[2] : m[2].toLowerCase();
    if (m[1] === "/") {
      const open = stack.pop();
      if (open !== name) return `</${name}> at offset ${lt} closes <${open}>`;
    } else if (m[4] !== "/" && !(!xml && VOID.has(name))) {
      stack.push(name);
      // Text elements: skip to their end tag (their content is not markup).
      if (name === "style" || name === "title" || name === "text") {
        const end = text.indexOf(`</${name}>`, at);
        if (end < 0) return `<${name}> at offset ${lt} is never closed`;
        if (name !== "style" && text.slice(at, end).includes("<")) return `raw "<" inside <${name}> at offset ${lt}`;
        at = end;
      }
    }
  }
  return stack.length === 0 ? null : `unclosed <${stack.join("> <")}>`;
}
