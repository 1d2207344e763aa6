// crossFit: folds that keep clusters whole, out-of-fold predictions from calibrators that never saw the pair, and the
// deployed calibrator fitted on all pairs. The expected values are rebuilt here from the public fitting functions on
// the same folds (a plain reference of the definition in docs/DESIGN.md §6.8).
import { beforeAll, describe, expect, it } from "vitest";
import { init, crossFit, fitTemperature, fitIsotonic, fitVennAbers, isRmcalError } from "rmcal";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

function simulated(n: number, perCluster: number, seed: number) {
  const random = mulberry32(seed);
  const margin: number[] = [], label: number[] = [], cluster: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = (random() - 0.5) * 8;
    margin.push(d);
    label.push(random() < sigmoid(d / 2) ? 1 : 0);
    cluster.push(`prompt-${Math.floor(i / perCluster)}`);
  }
  return { margin, label, cluster };
}

describe("crossFit", () => {
  it("predicts each pair with the temperature fitted on the other folds: d / T₋ₖ, bit for bit", () => {
    const pairs = simulated(300, 1, 3);
    const result = crossFit({ margin: pairs.margin, label: pairs.label }, { folds: 4, seed: 9 });
    expect(result.unit).toBe("pairs");
    for (let k = 0; k < 4; k++) {
      const train = pairs.margin.map((_, i) => i).filter((i) => result.fold[i] !== k);
      const t = fitTemperature({ margin: train.map((i) => pairs.margin[i]), label: train.map((i) => pairs.label[i]) }).temperature;
      expect(result.foldCalibrators[k].temperature).toBe(t);
      pairs.margin.forEach((d, i) => {
        if (result.fold[i] === k) expect(result.outOfFold.margin[i]).toBe(d / t);
      });
    }
    expect(result.calibrator.temperature).toBe(fitTemperature({ margin: pairs.margin, label: pairs.label }).temperature);
    expect(Array.from(result.outOfFold.label as ArrayLike<number>)).toEqual(pairs.label);
  });

  it("deals units round-robin after a seeded shuffle: fold sizes differ by at most one, and the seed decides", () => {
    const pairs = simulated(103, 1, 4);
    const a = crossFit({ margin: pairs.margin, label: pairs.label }, { folds: 5, seed: 1 });
    const sizes = [0, 1, 2, 3, 4].map((k) => a.fold.filter((f) => f === k).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((x, y) => x + y, 0)).toBe(103);
    expect(crossFit({ margin: pairs.margin, label: pairs.label }, { folds: 5, seed: 1 }).fold).toEqual(a.fold);
    expect(crossFit({ margin: pairs.margin, label: pairs.label }, { folds: 5, seed: 2 }).fold).not.toEqual(a.fold);
  });

  it("keeps every cluster in one fold, and deals clusters (not pairs) evenly", () => {
    const pairs = simulated(400, 10, 5);
    const result = crossFit(pairs, { folds: 5, seed: 3 });
    expect(result.unit).toBe("clusters");
    const foldOf = new Map<string, number>();
    pairs.cluster.forEach((c, i) => {
      if (!foldOf.has(c)) foldOf.set(c, result.fold[i]);
      expect(result.fold[i]).toBe(foldOf.get(c));
    });
    // 40 clusters into 5 folds: 8 clusters, 80 pairs each.
    for (let k = 0; k < 5; k++) expect(result.fold.filter((f) => f === k).length).toBe(80);
    expect(Array.from(result.outOfFold.cluster as ArrayLike<number>)).toHaveLength(400);
  });

  it("fits isotonic folds antisymmetrically, as rmcal fit does, and predicts through logit(p)", () => {
    const pairs = simulated(200, 1, 6);
    const result = crossFit({ margin: pairs.margin, label: pairs.label }, { method: "isotonic", folds: 2 });
    const train = pairs.margin.map((_, i) => i).filter((i) => result.fold[i] !== 0);
    const g = fitIsotonic({ margin: train.map((i) => pairs.margin[i]), label: train.map((i) => pairs.label[i]) }, { symmetric: true });
    const i = result.fold.indexOf(0);
    const p = g.predict([pairs.margin[i]])[0];
    const clipped = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
    expect(result.outOfFold.margin[i]).toBeCloseTo(Math.log(clipped / (1 - clipped)), 12);
  });

  it("fits Venn–Abers folds antisymmetrically and predicts through logit of the merged p", () => {
    const pairs = simulated(200, 1, 8);
    const result = crossFit({ margin: pairs.margin, label: pairs.label }, { method: "venn-abers", folds: 2 });
    const train = pairs.margin.map((_, i) => i).filter((i) => result.fold[i] !== 0);
    const va = fitVennAbers({ margin: train.map((i) => pairs.margin[i]), label: train.map((i) => pairs.label[i]) });
    const i = result.fold.indexOf(0);
    const p = va.predict([pairs.margin[i]])[0];
    expect(result.calibrator.kind).toBe("venn-abers");
    expect(result.outOfFold.margin[i]).toBeCloseTo(Math.log(p / (1 - p)), 12);
  });

  it("refuses more folds than units, Platt on chosen/rejected pairs, and unknown options, naming each", () => {
    const pairs = simulated(30, 10, 7);
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as Error;
      }
      throw new Error("no error");
    };
    const tooMany = error(() => crossFit(pairs, { folds: 4 }));
    expect(isRmcalError(tooMany) && tooMany.code).toBe("invalid-option");
    expect(tooMany.message).toBe("options.folds is 4, but the pairs hold only 3 clusters; each fold needs at least one");
    expect(error(() => crossFit({ chosen: [1, 2, 3], rejected: [0, 1, 2] }, { method: "platt", folds: 2 })).message).toMatch(/^method "platt" needs labels on both sides/);
    expect(error(() => crossFit(pairs, { folds: 1 })).message).toMatch(/options\.folds/);
    // Fold 2's training half of these ten pairs has no label below ½, which Platt cannot fit: the error says which fold.
    const scored = {
      scoreA: [2.1, 0.4, 1.7, -0.3, 3.2, 0.9, 1.1, -1.4, 0.2, 2.6], scoreB: [0.5, 0.9, -0.2, 0.1, 1.0, 1.3, -0.8, -0.9, 0.6, 0.3],
      label: [1, 0, 1, 1, 0, 1, 1, 0, 1, 1],
    };
    expect(error(() => crossFit(scored, { method: "platt", folds: 2, seed: 3 })).message).toMatch(/^fitting fold 2 of 2 \(the other folds' 5 pairs\): pairs\.label: every label is ≥ 0\.5/);
    expect(error(() => crossFit(pairs, { method: "isotonic", objective: "ece" })).message).toMatch(/objective "ece" applies to method "temperature" only/);
  });
});
