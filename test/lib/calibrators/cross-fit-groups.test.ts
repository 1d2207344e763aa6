// crossFitGroupedTemperature: crossFit's folds, and each pair predicted by the fits of the other folds: the global
// margins are crossFit's bit for bit, the unpooled ones d/T of the group fitted on the other folds.
import { beforeAll, describe, expect, it } from "vitest";
import { init, crossFit, crossFitGroupedTemperature, fitGroupedTemperature } from "rmcal";
import { mulberry32, sigmoid } from "../../helpers/prng";

beforeAll(async () => {
  await init();
});

function simulated(n: number, seed: number) {
  const random = mulberry32(seed);
  const margin: number[] = [], label: number[] = [], group: string[] = [], cluster: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 3;
    const d = (random() - 0.5) * 8;
    margin.push(d);
    label.push(random() < sigmoid(d / [0.7, 1.5, 3][g]) ? 1 : 0);
    group.push(["x", "y", "z"][g]);
    cluster.push(Math.floor(i / 4));
  }
  return { margin, label, group, cluster };
}

describe("crossFitGroupedTemperature(pairs, { group, folds, seed })", () => {
  it("uses crossFit's folds, and its global predictions are crossFit's bit for bit", () => {
    const { margin, label, group } = simulated(300, 2);
    const result = crossFitGroupedTemperature({ margin, label }, { group, folds: 4, seed: 7 });
    const plain = crossFit({ margin, label }, { folds: 4, seed: 7 });
    expect(result.fold).toEqual(plain.fold);
    expect(result.global.margin).toEqual(plain.outOfFold.margin);
  });

  it("predicts each held-out pair by its group's fit on the other folds (unpooled and pooled)", () => {
    const { margin, label, group, cluster } = simulated(240, 4);
    const result = crossFitGroupedTemperature({ margin, label, cluster }, { group, folds: 3, seed: 1 });
    expect(result.unit).toBe("clusters");
    for (let k = 0; k < 3; k++) {
      const train = margin.map((_, i) => i).filter((i) => result.fold[i] !== k);
      const pick = <T>(c: T[]) => train.map((i) => c[i]);
      const fit = fitGroupedTemperature({ margin: pick(margin), label: pick(label), cluster: pick(cluster) }, { group: pick(group) });
      margin.forEach((d, i) => {
        if (result.fold[i] !== k) return;
        const g = fit.groupFits.find((f) => f.group === group[i])!;
        expect(result.unpooled.margin[i]).toBe(d / g.unpooledTemperature);
        expect(result.pooled.margin[i]).toBe(d / g.pooledTemperature);
      });
    }
    // Folds keep clusters whole.
    cluster.forEach((c, i) => expect(result.fold[i]).toBe(result.fold[cluster.indexOf(c)]));
  });

  it("returns the calibrator fitted on all pairs with the asked pooling", () => {
    const { margin, label, group } = simulated(90, 8);
    const result = crossFitGroupedTemperature({ margin, label }, { group, folds: 3, pooling: "none" });
    expect(result.calibrator.temperatures).toEqual(fitGroupedTemperature({ margin, label }, { group, pooling: "none" }).temperatures);
  });

  it("refuses fewer units than folds and a missing group", () => {
    expect(() => crossFitGroupedTemperature({ margin: [1, -1], label: [1, 0] }, { group: ["a", "b"], folds: 3 })).toThrow(/options\.folds is 3/);
    expect(() => crossFitGroupedTemperature({ margin: [1, -1], label: [1, 0] }, {} as never)).toThrow(/options\.group is missing/);
  });
});
