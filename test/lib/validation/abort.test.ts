// The options of long computations (src/lib/validation/abort.ts): signal and onProgress are checked like every
// other option, and an aborted signal stops the call with the family's "aborted" error named "AbortError".
import { beforeAll, describe, expect, it } from "vitest";
import { init, bootstrapCalibration, smoothEce, isRmcalError } from "rmcal";

beforeAll(() => init());

const pairs = { margin: [2, -1, 0.5, 3, -2, 1.5, 0.2, -0.7], label: [1, 0, 0, 1, 1, 1, 0, 1] };

/** The error `f` throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
}

describe("signal and onProgress options", () => {
  it("a signal without a boolean `aborted`, or an onProgress that is no function: invalid-option naming the option", () => {
    const e1 = thrown(() => bootstrapCalibration(pairs, { signal: {} as AbortSignal }));
    expect(isRmcalError(e1) && [e1.code, e1.argument]).toEqual(["invalid-option", "options.signal"]);
    const e2 = thrown(() => smoothEce(pairs, { resamples: 2, onProgress: 1 as unknown as () => void }));
    expect(isRmcalError(e2) && [e2.code, e2.argument]).toEqual(["invalid-option", "options.onProgress"]);
  });

  it("a signal aborted before the call: code aborted, name AbortError, the reason's message", () => {
    const e = thrown(() => bootstrapCalibration(pairs, { signal: AbortSignal.abort(new Error("user left")) }));
    expect(isRmcalError(e) && e.code).toBe("aborted");
    expect((e as Error).name).toBe("AbortError");
    expect((e as Error).message).toBe("bootstrapCalibration was aborted by options.signal (user left)");
  });

  it("onProgress counts up to the total; a live signal changes nothing", () => {
    const seen: [number, number][] = [];
    const result = bootstrapCalibration(pairs, { resamples: 50, onProgress: (done, total) => seen.push([done, total]), signal: new AbortController().signal });
    expect(seen.at(-1)).toEqual([50, 50]);
    expect(result.distribution).toEqual(bootstrapCalibration(pairs, { resamples: 50 }).distribution);
  });
});
