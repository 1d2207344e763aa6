// diagnose: coverage, shift, label quality and slices together, on the LLMBar judge pairs and on small hand-made sets.
import { beforeAll, describe, expect, it } from "vitest";
import { init, assess, diagnose, kolmogorovSmirnovStatistic, populationStabilityIndex } from "rmcal";
import { loadLlmbar } from "../../helpers/llmbar";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

describe("diagnose(calibrationPairs, { deployment, group })", () => {
  const llmbar = loadLlmbar();
  const pairs = { margin: llmbar.margin, label: llmbar.label };

  it("on LLMBar: coverage, tie share and per-subset slices with bootstrap intervals, sorted by ECE", () => {
    const out = diagnose(pairs, { group: llmbar.subset, resamples: 300, seed: 1, minPerBin: 50 });
    expect(out.n).toBe(2928);
    expect(out.coverage.histogram.counts.reduce((a, b) => a + b, 0)).toBe(2928);
    expect(out.coverage.range).toEqual([Math.min(...llmbar.margin), Math.max(...llmbar.margin)]);
    for (const region of out.coverage.sparse) expect(region.count).toBeLessThan(50 * 10);
    const ties = llmbar.margin.filter((d) => d === 0).length / 2928;
    expect(out.labels.marginTieShare).toBe(ties);
    expect(out.labels.agreementCeiling).toBe(1); // hard labels: every pair can be got right
    const slices = out.slices ?? [];
    expect(slices.map((s) => s.group).sort()).toEqual(["Adversarial/GPTInst", "Adversarial/GPTOut", "Adversarial/Manual", "Adversarial/Neighbor", "Natural"]);
    for (let i = 0; i < slices.length; i++) {
      const s = slices[i];
      const members = llmbar.margin.map((_, j) => j).filter((j) => llmbar.subset[j] === s.group);
      expect(s.n).toBe(members.length);
      expect(s.ece).toBe(assess({ margin: members.map((j) => llmbar.margin[j]), label: members.map((j) => llmbar.label[j]) }).ece);
      expect(s.eceLow).toBeLessThan(s.eceHigh);
      if (i > 0) expect(s.ece).toBeLessThanOrEqual(slices[i - 1].ece);
    }
  });

  it("reports the shift of a deployment set given as margins, as pairs, or as per-response scores", () => {
    const shifted = llmbar.margin.map((d) => d + 4);
    const out = diagnose(pairs, { deployment: shifted });
    expect(out.shift?.of).toBe("margin");
    expect(out.shift?.ks).toBe(kolmogorovSmirnovStatistic(llmbar.margin, shifted));
    expect(out.shift?.psi).toBe(populationStabilityIndex(llmbar.margin, shifted));
    const outside = shifted.filter((d) => d > Math.max(...llmbar.margin)).length / shifted.length;
    expect(out.shift?.aboveShare).toBe(outside);
    expect(out.shift?.outsideShare).toBeGreaterThan(0);
    expect(diagnose(pairs, { deployment: { margin: shifted } }).shift?.psi).toBe(out.shift?.psi);
    expect(diagnose(pairs, { deployment: { margin: shifted, label: shifted.map(() => 1) } }).shift?.ks).toBe(out.shift?.ks);
    const same = diagnose(pairs, { deployment: llmbar.margin }).shift;
    expect(same?.ks).toBe(0);
    expect(same?.psi).toBe(0);

    const scored = { chosen: [1, 2, 3, 4], rejected: [0, 1, 1, 2] };
    const byScore = diagnose(scored, { deployment: { scores: [5, 6, 7] } }).shift;
    expect(byScore?.of).toBe("score");
    expect(byScore?.outsideShare).toBe(1);
    expect(() => diagnose(pairs, { deployment: { scores: [1] } })).toThrow(/calibrationPairs have only margins/);
  });

  it("rejects a group column of the wrong length or type, naming it", () => {
    expect(() => diagnose(pairs, { group: ["a"] })).toThrow(/options.group has length 1/);
    expect(() => diagnose({ margin: [1, 2], label: [1, 0] }, { group: ["a", null as never] })).toThrow(/options.group\[1\] is null/);
  });

  it("with a cluster column, each slice's interval resamples the slice's own clusters whole, and is wider", () => {
    // Two slices of 30 prompts × 12 pairs from an overconfident model (margins d in (0, 6), true P = σ(d/3)); the
    // labels of a prompt share one uniform draw u (label = u < σ(d/3)): a strong shared prompt effect. Prompts
    // p-25 … p-29 have pairs in both slices. The ECE is large, so BCa's bias correction stays small next to the
    // spread (with an ECE near its bias floor BCa can narrow an interval; docs/DESIGN.md §6.4).
    const random = mulberry32(13);
    const margin: number[] = [], label: number[] = [], group: string[] = [], cluster: string[] = [];
    for (const [slice, offset] of [["a", 0], ["b", 25]] as const) {
      for (let c = 0; c < 30; c++) {
        const u = random();
        for (let j = 0; j < 12; j++) {
          const d = random() * 6;
          margin.push(d);
          label.push(u < sigmoid(d / 3) ? 1 : 0);
          group.push(slice);
          cluster.push(`p-${c + offset}`);
        }
      }
    }
    const options = { group, resamples: 400, seed: 3 };
    const pairs = diagnose({ margin, label }, options).slices!;
    const clusters = diagnose({ margin, label, cluster }, options).slices!;
    expect(clusters.map((s) => s.group)).toEqual(pairs.map((s) => s.group));
    for (let i = 0; i < 2; i++) {
      const [p, c] = [pairs[i], clusters[i]];
      expect(c.ece).toBe(p.ece);
      expect(p).toMatchObject({ unit: "pairs", units: 360 });
      // 30 clusters in each slice: those of the other slice (unused codes in a slice) are not drawn
      expect(c).toMatchObject({ unit: "clusters", units: 30 });
      expect(c.eceHigh - c.eceLow).toBeGreaterThan(2 * (p.eceHigh - p.eceLow));
      expect(["bca", "percentile"]).toContain(c.eceMethod);
    }
  });
});
