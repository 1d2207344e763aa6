// Text from user data (series names, group values, field names) goes into SVG and HTML only through here.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for XML/HTML element content and quoted attribute values. O(length).
 * @param text any text
 * @returns the text with & < > " ' replaced by entities
 * @example escapeXml('<script>') // => "&lt;script&gt;"
 */
export function escapeXml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** A coordinate with two decimals: short SVG, same text in every engine (toFixed is exact by specification). */
export function coordinate(x: number): string {
  return x.toFixed(2);
}
