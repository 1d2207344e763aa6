// init(): async once, idempotent, one shared promise, retryable; before it, every kernel-backed call throws the
// documented message. Each check runs in a fresh Node process, so no earlier test has initialized the module.
import { describe, expect, it } from "vitest";
import { runInFreshNode } from "../helpers/child";

const NOT_INITIALIZED = "rmcal is not initialized: call await init() first";

describe("init()", () => {
  it("every public function called before init() throws exactly the documented message", () => {
    const result = runInFreshNode(`
      import * as rmcal from "rmcal";
      const calls = {
        assess: () => rmcal.assess({ chosen: [1, 2], rejected: [0, 3] }),
        calibrationCurve: () => rmcal.calibrationCurve([0, 1], [0.2, 0.7]),
        expectedCalibrationError: () => rmcal.expectedCalibrationError([0, 1], [0.2, 0.7]),
        brierScore: () => rmcal.brierScore([0, 1], [0.2, 0.7]),
        logLoss: () => rmcal.logLoss([0, 1], [0.2, 0.7]),
      };
      const out = { initialized: rmcal.isInitialized(), errors: {} };
      for (const [name, call] of Object.entries(calls)) {
        try { call(); out.errors[name] = "no error"; } catch (e) { out.errors[name] = e.name + ": " + e.message; }
      }
      console.log(JSON.stringify(out));
    `) as { initialized: boolean; errors: Record<string, string> };
    expect(result.initialized).toBe(false);
    for (const [name, message] of Object.entries(result.errors)) expect(message, name).toBe(`Error: ${NOT_INITIALIZED}`);
    expect(Object.keys(result.errors)).toHaveLength(5);
  });

  it("concurrent init() calls share one promise and compile once; later calls resolve at once (idempotent)", () => {
    const result = runInFreshNode(`
      let instantiations = 0;
      const original = WebAssembly.instantiate;
      WebAssembly.instantiate = (...args) => { instantiations++; return original(...args); };
      const rmcal = await import("rmcal");
      const first = rmcal.init(), second = rmcal.init();
      const same = first === second;
      await Promise.all([first, second]);
      await rmcal.init();
      await rmcal.init();
      const accuracy = rmcal.assess({ chosen: [1, 2], rejected: [0, 3] }).accuracy;
      console.log(JSON.stringify({ same, instantiations, accuracy, initialized: rmcal.isInitialized() }));
    `);
    expect(result).toEqual({ same: true, instantiations: 1, accuracy: 0.5, initialized: true });
  });

  it("a failed init() rejects, leaves rmcal uninitialized, and a later init() succeeds", () => {
    const result = runInFreshNode(`
      import * as rmcal from "rmcal";
      const failures = [];
      // Not a module at all, then a valid WebAssembly module that is not rmcal's core.
      const empty = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      for (const module of [{ not: "a module" }, empty]) {
        try { await rmcal.init({ module }); failures.push("resolved"); }
        catch (e) { failures.push(e.name + " " + e.code + ": " + e.message); }
      }
      let before;
      try { rmcal.assess({ margin: [1], label: [1] }); before = "no error"; } catch (e) { before = e.message; }
      const initializedAfterFailure = rmcal.isInitialized();
      await rmcal.init();
      const nll = rmcal.assess({ margin: [0], label: [1] }).nll;
      console.log(JSON.stringify({ failures, before, initializedAfterFailure, nll, initialized: rmcal.isInitialized() }));
    `) as Record<string, unknown>;
    expect(result.failures).toEqual([
      "TypeError invalid-option: init: options.module must be a WebAssembly.Module",
      "TypeError invalid-option: init: the WebAssembly module is not rmcal's core (it exports no memory)",
    ]);
    expect(result.before).toBe(NOT_INITIALIZED);
    expect(result.initializedAfterFailure).toBe(false);
    expect(result.initialized).toBe(true);
    expect(result.nll).toBeCloseTo(Math.LN2, 15);
  });

  it("init({ module }) accepts a precompiled WebAssembly.Module (the workerd path)", () => {
    const result = runInFreshNode(`
      import { readFileSync } from "node:fs";
      import * as rmcal from "rmcal";
      await rmcal.init({ module: new WebAssembly.Module(readFileSync("build/rmcal.wasm")) });
      console.log(JSON.stringify(rmcal.assess({ margin: [0], label: [1] }).accuracy));
    `);
    expect(result).toBe(0.5);
  });
});
