// Label quality (labelQuality, reported by diagnose): agreement ceiling, share near 0.5 and ties, on soft labels whose
// expected values are worked out by hand in the test.
import { beforeAll, describe, expect, it } from "vitest";
import { init, diagnose } from "rmcal";

beforeAll(async () => {
  await init();
});

describe("diagnose(calibrationPairs, { deployment, group })", () => {
  it("measures label quality with soft labels: agreement ceiling, share near 0.5, ties", () => {
    const out = diagnose({ margin: [1, -1, 0, 2], label: [0.8, 0.5, 1, 0.45] });
    expect(out.labels.agreementCeiling).toBeCloseTo((0.8 + 0.5 + 1 + 0.55) / 4, 15);
    expect(out.labels.nearHalfShare).toBe(0.5);
    expect(out.labels.labelTieShare).toBe(0.25);
    expect(out.labels.marginTieShare).toBe(0.25);
    expect(out.labels.softShare).toBe(0.75);
  });
});
