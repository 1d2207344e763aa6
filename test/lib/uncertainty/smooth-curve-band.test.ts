// The pointwise bootstrap band of smoothEce's curve (smoothCurveBand): reproducible for a seed, containing most of
// the curve, narrower with more pairs, and drawn by reliabilitySvg.
import { beforeAll, describe, expect, it } from "vitest";
import { init, smoothEce, reliabilitySvg } from "rmcal";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

describe("smoothEce(pairs, { resamples }) curve band", () => {
  it("gives a reproducible pointwise bootstrap band around the curve, narrower with more pairs", () => {
    const make = (n: number) => {
      const random = mulberry32(21);
      const margin: number[] = [], label: number[] = [];
      for (let i = 0; i < n; i++) {
        const d = (random() - 0.5) * 6;
        margin.push(d);
        label.push(random() < sigmoid(d / 2) ? 1 : 0);
      }
      return { margin, label };
    };
    const small = smoothEce(make(400), { resamples: 60, seed: 3 });
    const again = smoothEce(make(400), { resamples: 60, seed: 3 });
    const large = smoothEce(make(4000), { resamples: 60, seed: 3 });
    expect(small.curve.low).toEqual(again.curve.low);
    const { y, low, high } = small.curve;
    expect(low?.length).toBe(y.length);
    let inside = 0;
    y.forEach((v, i) => {
      expect(low![i]).not.toBeNull();
      expect(low![i]!).toBeLessThanOrEqual(high![i]!);
      if (low![i]! <= v && v <= high![i]!) inside++;
    });
    expect(inside / y.length).toBeGreaterThan(0.8);
    const width = (c: typeof small.curve) => c.high!.reduce<number>((s, h, i) => s + (h as number) - (c.low![i] as number), 0) / c.y.length;
    expect(width(large.curve)).toBeLessThan(width(small.curve) / 2);
    expect(smoothEce(make(50)).curve.low).toBeUndefined();
    const svg = reliabilitySvg([{ name: "smooth", smooth: small }]);
    expect(svg.match(/<polygon /g)).toHaveLength(1);
  });
});
