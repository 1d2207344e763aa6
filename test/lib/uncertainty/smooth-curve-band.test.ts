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

describe("smoothEce(pairs with cluster, { resamples }) curve band", () => {
  // 40 prompts of 25 pairs with margins d > 0; the labels of a prompt's pairs share one uniform draw u (label =
  // u < σ(d)), so pairs of one prompt agree with each other and the curve varies more between resamples of prompts
  // than of pairs. (With margins of both signs a shared u would cancel in the folded view.)
  const clustered = () => {
    const random = mulberry32(8);
    const margin: number[] = [], label: number[] = [], cluster: string[] = [];
    for (let c = 0; c < 40; c++) {
      const u = random();
      for (let j = 0; j < 25; j++) {
        const d = random() * 3;
        margin.push(d);
        label.push(u < sigmoid(d) ? 1 : 0);
        cluster.push(`prompt-${c}`);
      }
    }
    return { margin, label, cluster };
  };
  const width = (c: { y: number[]; low?: (number | null)[]; high?: (number | null)[] }) =>
    c.high!.reduce<number>((s, h, i) => s + (h ?? 0) - (c.low![i] ?? 0), 0) / c.y.length;

  it("draws whole clusters: wider than the pair band when pairs of a cluster share an effect", () => {
    const { margin, label, cluster } = clustered();
    const pairs = smoothEce({ margin, label }, { resamples: 100, seed: 2 });
    const clusters = smoothEce({ margin, label, cluster }, { resamples: 100, seed: 2 });
    // the point estimate does not depend on clusters; only the band does
    expect(clusters.smece).toBe(pairs.smece);
    expect(clusters.curve.y).toEqual(pairs.curve.y);
    expect(width(clusters.curve)).toBeGreaterThan(2 * width(pairs.curve));
  });

  it("with one pair per cluster draws exactly the pair band (the same stream, docs/DESIGN.md §6.5)", () => {
    const { margin, label } = clustered();
    const singletons = smoothEce({ margin, label, cluster: margin.map((_, i) => i) }, { resamples: 30, seed: 9 });
    const pairs = smoothEce({ margin, label }, { resamples: 30, seed: 9 });
    expect(singletons.curve.low).toEqual(pairs.curve.low);
    expect(singletons.curve.high).toEqual(pairs.curve.high);
  });
});
