// The rewardClip option every fit shares (rewardClipOption): a finite number > 0 is stored as the clip of the
// normalized rewards, undefined or null means no clip, anything else is refused by name — the same for
// fitTemperature, fitPlatt and fitIsotonic.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, fitPlatt, fitIsotonic } from "rmcal";

beforeAll(async () => {
  await init();
});

const pairs = { scoreA: [2, 1, 3, 0.5, -1, 2.5], scoreB: [1, 2, 0, 1.5, 0, 1], label: [1, 0, 1, 0, 0, 1] };
const fits = { fitTemperature, fitPlatt, fitIsotonic } as const;

describe("fit*(pairs, { rewardClip })", () => {
  for (const [name, fit] of Object.entries(fits)) {
    it(`${name}: stores a positive clip, null when absent, and refuses 0, negatives, NaN and strings by name`, () => {
      expect(fit(pairs, { rewardClip: 5 }).rewardNormalization?.clip).toBe(5);
      expect(fit(pairs, { rewardClip: 0.25 }).toJSON().rewardNormalization?.clip).toBe(0.25);
      expect(fit(pairs).rewardNormalization?.clip).toBeNull();
      expect(fit(pairs, { rewardClip: null as never }).rewardNormalization?.clip).toBeNull();
      const requirement = "it must be a finite number > 0, or null for no clip";
      expect(() => fit(pairs, { rewardClip: 0 })).toThrow(`options.rewardClip is 0; ${requirement}`);
      expect(() => fit(pairs, { rewardClip: -1 })).toThrow(`options.rewardClip is -1; ${requirement}`);
      expect(() => fit(pairs, { rewardClip: NaN })).toThrow(/options\.rewardClip is NaN/);
      expect(() => fit(pairs, { rewardClip: Infinity })).toThrow(/options\.rewardClip is Infinity/);
      expect(() => fit(pairs, { rewardClip: "5" as never })).toThrow(/options\.rewardClip is "5"/);
    });
  }
});
