// The reply the trainer gets (docs/DESIGN.md §11.5): the upstream's JSON text with its "rewards" array replaced by
// the calibrated rewards and every other byte as the upstream sent it. Writing the parsed reply back out with
// JSON.stringify re-formats every number of `scores` and `extra_logs` too, and cost more than the rest of the
// proxy's work on a batch of 1,024 (bench/serve.mjs); splicing costs one join of the new rewards.

/** `{"rewards": [` at the start of the text, JSON whitespace (RFC 8259 §2: space, tab, LF, CR) allowed around it. */
const REWARDS_FIRST = /^[ \t\n\r]*\{[ \t\n\r]*"rewards"[ \t\n\r]*:[ \t\n\r]*\[/;

/**
 * The upstream's reply with `rewards` replaced.
 * @param text the upstream's reply, which JSON.parse read as `reply` (so it is valid JSON)
 * @param reply that parse, whose `rewards` was checked to be an array of numbers
 * @param rewards the calibrated rewards, all finite, one per element of reply.rewards
 * @returns JSON whose `rewards` are `rewards` and whose other members are the upstream's
 */
export function calibratedReply(text: string, reply: Record<string, unknown>, rewards: Float64Array): string {
  // Finite numbers print the same under join as under JSON.stringify (Number::toString; -0 prints as 0 in both).
  const json = `[${rewards.join(",")}]`;
  const head = REWARDS_FIRST.exec(text);
  if (head !== null) {
    const open = head[0].length - 1;
    // The array holds numbers only (checked), so the first "]" after its "[" closes it.
    const close = text.indexOf("]", open);
    // JSON.parse keeps the last of duplicate keys. The spliced array is the one parsed only if no other "rewards"
    // key follows it; without a backslash after it, such a key would have to spell "rewards" literally.
    if (close !== -1 && text.indexOf("rewards", close) === -1 && text.indexOf("\\", close) === -1) {
      return text.slice(0, open) + json + text.slice(close + 1);
    }
  }
  // Any other layout (rewards not first, escapes after it): write the parsed reply out, rewards replaced in place.
  return JSON.stringify({ ...reply, rewards: Array.from(rewards) });
}
