// fitTemperatureParallel on real worker threads (docs/DESIGN.md §6.10): past 2^20 pairs, threads 1, 2 and 3 give
// fitTemperature's bits (the same chunks of the same passes, joined in chunk order); below, and for choices, it is
// fitTemperature; bad threads fail before any work.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature } from "rmcal";
import { fitTemperatureParallel } from "rmcal/node";

beforeAll(async () => {
  await init();
});

function pairs(n: number, seed: number, { weighted = false, clusters = false, temperature = 1.6 } = {}) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const margin = new Float64Array(n), label = new Float64Array(n), weight = new Float64Array(n);
  const cluster: number[] = [];
  for (let i = 0; i < n; i++) {
    margin[i] = (next() - 0.4) * 7;
    label[i] = next() < 1 / (1 + Math.exp(-margin[i] / temperature)) ? 1 : 0;
    weight[i] = i % 97 === 0 ? 0 : 0.5 + (i % 4);
    cluster.push(Math.floor(i / 8));
  }
  return { margin, label, ...(weighted ? { weight } : {}), ...(clusters ? { cluster } : {}) };
}

const BIG = (1 << 21) + 777;

describe("fitTemperatureParallel(pairs, { threads })", () => {
  it("past 2^20 pairs, threads 1, 2 and 3 give fitTemperature's bits (NLL, profile interval)", async () => {
    const data = pairs(BIG, 3);
    const sync = JSON.stringify(fitTemperature(data).toJSON());
    for (const threads of [1, 2, 3]) expect(JSON.stringify((await fitTemperatureParallel(data, { threads })).toJSON()), `threads ${threads}`).toBe(sync);
    expect((await fitTemperatureParallel(data, { threads: 2 })).temperature).toBeCloseTo(1.6, 2);
  });

  it("keeps the bits with weights and clusters (sandwich interval), the ECE objective and a bound", async () => {
    const weighted = pairs(BIG, 4, { weighted: true, clusters: true });
    const wanted = JSON.stringify(fitTemperature(weighted, { confidence: 0.9 }).toJSON());
    for (const threads of [2, 3]) expect(JSON.stringify((await fitTemperatureParallel(weighted, { confidence: 0.9, threads })).toJSON())).toBe(wanted);
    const ece = pairs(BIG, 5);
    expect(JSON.stringify((await fitTemperatureParallel(ece, { objective: "ece", threads: 2 })).toJSON())).toBe(JSON.stringify(fitTemperature(ece, { objective: "ece" }).toJSON()));
    // T far below the user's lower bound: the fit stops there, after passes at the bound.
    const sharp = pairs(BIG, 6, { temperature: 0.2 });
    const bounded = await fitTemperatureParallel(sharp, { bounds: [1, 10], threads: 2 });
    expect(bounded.atBound).toBe("lower");
    expect(JSON.stringify(bounded.toJSON())).toBe(JSON.stringify(fitTemperature(sharp, { bounds: [1, 10] }).toJSON()));
  });

  it("is fitTemperature up to 2^20 pairs and for K-wise choices", async () => {
    const small = pairs(5000, 7);
    expect(JSON.stringify((await fitTemperatureParallel(small, { threads: 2 })).toJSON())).toBe(JSON.stringify(fitTemperature(small).toJSON()));
    const choices = { scores: [[1, 0, -1], [0.5, 2, 0], [3, 1, 2], [0, 0.2, 1]], best: [0, 1, 0, 2] };
    expect(JSON.stringify((await fitTemperatureParallel(choices, { threads: 2 })).toJSON())).toBe(JSON.stringify(fitTemperature(choices).toJSON()));
  });

  it("refuses bad threads and options before any work, with fitTemperature's messages", async () => {
    const data = pairs(1000, 8);
    for (const threads of [0, 1.5, 257]) {
      const failure = fitTemperatureParallel(data, { threads });
      await expect(failure).rejects.toThrow(RangeError);
      await expect(failure).rejects.toThrow(/options\.threads/);
    }
    await expect(fitTemperatureParallel(data, { threads: "2" as never })).rejects.toThrow(/options\.threads/);
    await expect(fitTemperatureParallel(data, { confidence: 2, threads: 2 })).rejects.toThrow("options.confidence is 2; it must be a number in (0, 1)");
    await expect(fitTemperatureParallel(data, { bogus: 1 } as never)).rejects.toThrow(/unknown key 'bogus'/);
  });
});
