// fitTemperature's ECE objective (searchTemperatureByEce): its result is compared with assess's ECE at T = 1, at the
// NLL optimum and at nearby temperatures.
import { beforeAll, describe, expect, it } from "vitest";
import { init, fitTemperature, assess } from "rmcal";
import { imdbPairs } from "../../helpers/calibrator-data";

beforeAll(async () => {
  await init();
});

describe("fitTemperature(pairs, { objective: 'ece' })", () => {
  it("never returns a higher ECE than T = 1 or the NLL optimum, both of which it evaluates", () => {
    const pairs = imdbPairs();
    const t = fitTemperature(pairs, { objective: "ece" });
    const nllT = fitTemperature(pairs).temperature;
    const ece = (temperature: number) => assess(pairs, { temperature }).ece;
    expect(ece(t.temperature)).toBe(t.fit?.eceAfter);
    expect(ece(t.temperature)).toBeLessThanOrEqual(ece(1));
    expect(ece(t.temperature)).toBeLessThanOrEqual(ece(nllT));
    expect(t.fit?.eceBefore).toBe(ece(1));
    for (const factor of [0.9, 0.99, 1.01, 1.1]) {
      // Not a certificate of a global optimum: a local check that the search ended in a good place.
      expect(ece(t.temperature)).toBeLessThanOrEqual(ece(t.temperature * factor) + 2e-3);
    }
  });
});
