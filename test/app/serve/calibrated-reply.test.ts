// calibratedReply(text, reply, rewards): the trainer's reply is the upstream's with `rewards` replaced, whatever the
// layout of the upstream's JSON, and the spliced fast path is taken only where it is exact (docs/DESIGN.md §11.5).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { calibratedReply } from "../../../src/app/serve/calibrated-reply";

/** What a trainer reads: JSON.parse keeps the last of duplicate keys, as Python's json does. */
const read = (text: string) => JSON.parse(text) as Record<string, unknown>;
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

describe("calibratedReply", () => {
  it("replaces only the rewards of OpenRLHF's reply and keeps every other byte", () => {
    const text = '{"rewards": [0.5, -1.25, 3], "scores": [0.5, -1.25, 3.0], "extra_logs": {"dummy_scores": [1e0, 2, 3]}}';
    const out = calibratedReply(text, read(text), new Float64Array([0.1, -0.2, 0.30000000000000004]));
    expect(out).toBe('{"rewards": [0.1,-0.2,0.30000000000000004], "scores": [0.5, -1.25, 3.0], "extra_logs": {"dummy_scores": [1e0, 2, 3]}}');
  });

  it("gives the calibrated rewards and the upstream's other members for any reply, key order and whitespace", () => {
    const member = fc.tuple(fc.string().filter((k) => k !== "rewards" && k !== "__proto__"), fc.jsonValue());
    fc.assert(fc.property(fc.array(finite), fc.array(member, { maxLength: 4 }), fc.nat(), fc.constantFrom(undefined, 0, 1, 2, "\t"), (raw, others, at, indent) => {
      const members = [...others];
      members.splice(at % (members.length + 1), 0, ["rewards", raw]);
      const reply = Object.fromEntries(members);
      const text = JSON.stringify(reply, null, indent);
      const rewards = new Float64Array(raw.map((r) => r / 3 - 0.5));
      const out = read(calibratedReply(text, read(text), rewards));
      expect(out.rewards).toEqual(Array.from(rewards, (r) => (Object.is(r, -0) ? 0 : r)));
      expect({ ...out, rewards: null }).toEqual({ ...read(text), rewards: null });
      expect(Object.keys(out)).toEqual(Object.keys(read(text)));
    }));
  });

  it("never leaves the upstream's rewards where a trainer reads them when a key is duplicated, plainly or escaped", () => {
    const rewards = new Float64Array([7, 8]);
    for (const text of [
      '{"rewards": [1, 2], "rewards": [3, 4]}',
      '{"rewards": [1, 2], "rew\\u0061rds": [3, 4]}',
      '{"rewards": [1, 2], "x": {"rewards": [5]}, "rewards": [3, 4]}',
      '{"rewards": [1, 2], "note": "say \\"rewards\\"", "\\u0072ewards": [3, 4]}',
    ]) {
      const out = calibratedReply(text, read(text), rewards);
      expect(read(out).rewards, text).toEqual([7, 8]);
      expect(out, text).not.toMatch(/\[3, 4\]/);
    }
  });

  it("writes rewards as JSON.stringify does, -0 as 0", () => {
    const text = '{"rewards": [0, 0, 0]}';
    expect(calibratedReply(text, read(text), new Float64Array([-0, 1e-7, 1e21]))).toBe(`{"rewards": ${JSON.stringify([-0, 1e-7, 1e21])}}`);
  });
});
