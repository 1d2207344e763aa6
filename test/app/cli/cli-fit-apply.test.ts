// `rmcal fit` then `rmcal apply` round-trips, because a calibrator must predict the same wherever it is applied:
// the applied probabilities equal loadCalibrator(JSON).predict on the same margins, bit for bit; and fit's
// temperature is the library's on the same split.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { writeFileSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { init, fitTemperature, loadCalibrator, splitPairs, assess, compareCalibration, type VennAbersCalibrator } from "rmcal";
import { rmcal, rmcalAsync, tempFolder, randomPairs } from "../../helpers/cli";

const { dir, cleanup } = tempFolder();
const pairs = randomPairs(2000, 5);
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  await init();
  writeFileSync(file("train.csv"), "score_a,score_b,label\n" + pairs.a.map((a, i) => `${a},${pairs.b[i]},${pairs.label[i]}`).join("\n") + "\n");
  // Rows to calibrate: extra fields of several types, in an order that must survive.
  writeFileSync(file("rows.jsonl"), pairs.a.map((a, i) => JSON.stringify({ id: `p${i}`, chosen: a, meta: { k: [1, 2] }, rejected: pairs.b[i] })).join("\n") + "\n");
  writeFileSync(file("rows.csv"), "id,note,chosen,rejected\n" + pairs.a.map((a, i) => `p${i},"a, b",${a},${pairs.b[i]}`).join("\n") + "\n");
  writeFileSync(file("responses.jsonl"), pairs.a.map((a, i) => JSON.stringify({ response: i, reward: a })).join("\n") + "\n");
});
afterAll(cleanup);

describe("rmcal fit FILE --method temperature", () => {
  it("fits the library's temperature on the training split and writes it with held-out metrics", () => {
    const r = rmcal(["fit", file("train.csv"), "--method", "temperature", "--holdout", "0.25", "--seed", "3", "--out", file("cal.json")]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file("cal.json"), "utf8"));
    // The same split the CLI makes: splitPairs on the row indices.
    const index = Float64Array.from(pairs.a, (_, i) => i);
    const { train, test } = splitPairs({ margin: index, label: new Float64Array(index.length) }, { holdout: 0.25, seed: 3 });
    const pick = (column: number[], rows: ArrayLike<number>) => Array.from(rows, (i) => column[i]);
    const trainPairs = { scoreA: pick(pairs.a, train.margin), scoreB: pick(pairs.b, train.margin), label: pick(pairs.label, train.margin) };
    const testPairs = { scoreA: pick(pairs.a, test.margin), scoreB: pick(pairs.b, test.margin), label: pick(pairs.label, test.margin) };
    const expected = fitTemperature(trainPairs);
    expect(json.kind).toBe("temperature");
    expect(json.fit.atBound).toBeNull(); // an interior optimum, so equality is a real check
    expect(json.temperature).toBe(expected.temperature);
    expect(json.rewardNormalization).toEqual(expected.rewardNormalization);
    // Before and after on the held-out pairs, Δ and its interval: the library's compareCalibration of the raw margins
    // against d/T, with the resamples seeded by --seed (docs/DESIGN.md §6.6).
    const margins = testPairs.scoreA.map((a, i) => a - testPairs.scoreB[i]);
    const comparison = compareCalibration(testPairs, { margin: margins.map((d) => d / expected.temperature), label: testPairs.label }, { seed: 3 });
    expect(json.fit.comparison.metrics).toEqual(comparison.metrics);
    const ece = comparison.metrics.find((m) => m.metric === "ece")!;
    expect(ece.before).toBe(assess(testPairs).ece);
    expect(comparison.metrics.find((m) => m.metric === "nll")!.after).toBe(assess(testPairs, { temperature: expected.temperature }).nll);
    expect(r.stdout).toContain(`before → after on ${test.margin.length} held-out pairs of 2000 (seed 3)`);
    const show = (x: number) => `${x < 0 ? "−" : "+"}${Math.abs(x).toFixed(4)}`;
    const verdict = ece.significant ? (ece.improved ? "better" : "worse") : "not significant";
    expect(r.stdout).toContain(`ECE            ${ece.before.toFixed(4)} → ${ece.after.toFixed(4)}, Δ ${show(ece.delta)} [${show(ece.low)}, ${show(ece.high)}], ${verdict}`);
    // The interval of T (docs/DESIGN.md §6.7), in the text and in the JSON's fit record.
    const { low, high } = expected.interval!;
    expect(json.fit.interval).toEqual({ low, high, confidence: 0.95, method: "profile-likelihood" });
    expect(r.stdout).toContain(`95% interval of T: ${low.toPrecision(4)} to ${high.toPrecision(4)} (profile-likelihood)`);
  });

  it("compares only the metrics --metrics names, and refuses an unknown one naming it", () => {
    const r = rmcal(["fit", file("train.csv"), "--metrics", "ece,nll", "--resamples", "50", "--out", file("m.json"), "--force"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file("m.json"), "utf8")).fit.comparison.metrics.map((m: { metric: string }) => m.metric)).toEqual(["ece", "nll"]);
    const bad = rmcal(["fit", file("train.csv"), "--metrics", "ece,ecee", "--out", file("m2.json")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--metrics has "ecee"; choose from nll,brier,ece,rmsce,mce,rmsceDebiased,smece,accuracy');
  });

  it("never replaces an existing calibrator without --force, and never writes over its input", async () => {
    const before = statSync(file("cal.json")).mtimeMs;
    const [again, input] = await Promise.all([
      rmcalAsync(["fit", file("train.csv"), "--out", file("cal.json")]),
      rmcalAsync(["fit", file("train.csv"), "--out", file("train.csv"), "--force"]),
    ]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("already exists; pass --force");
    expect(statSync(file("cal.json")).mtimeMs).toBe(before);
    expect(input.status).toBe(2);
    expect(input.stderr).toContain("is an input file");
    expect(readFileSync(file("train.csv"), "utf8").startsWith("score_a,score_b,label\n")).toBe(true);
  });
});

describe("rmcal apply CALIBRATOR FILE", () => {
  const margins = () => pairs.a.map((a, i) => a - pairs.b[i]);

  it("JSONL in, JSONL out: every field and the row order kept, calibrated_prob = loadCalibrator(json).predict(margins)", () => {
    const r = rmcal(["apply", file("cal.json"), file("rows.jsonl"), "--out", file("out.jsonl")]);
    expect(r.status, r.stderr).toBe(0);
    const expected = loadCalibrator(JSON.parse(readFileSync(file("cal.json"), "utf8"))).predict(margins());
    const inLines = readFileSync(file("rows.jsonl"), "utf8").trimEnd().split("\n");
    const outLines = readFileSync(file("out.jsonl"), "utf8").trimEnd().split("\n");
    expect(outLines).toHaveLength(inLines.length);
    outLines.forEach((line, i) => {
      const row = JSON.parse(line);
      expect(Object.keys(row)).toEqual(["id", "chosen", "meta", "rejected", "calibrated_prob"]);
      expect(line.startsWith(inLines[i].slice(0, -1))).toBe(true);
      expect(row.calibrated_prob).toBe(expected[i]);
    });
  });

  it("CSV in, CSV out, and stdout when --out is not given", async () => {
    const [r, stdout] = await Promise.all([
      rmcalAsync(["apply", file("cal.json"), file("rows.csv"), "--out", file("out.csv")]),
      rmcalAsync(["apply", file("cal.json"), file("rows.csv")]),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(file("out.csv"), "utf8");
    expect(stdout.stdout).toBe(text);
    const parsed = Papa.parse<Record<string, string>>(text.trimEnd(), { header: true });
    expect(parsed.meta.fields).toEqual(["id", "note", "chosen", "rejected", "calibrated_prob"]);
    const expected = loadCalibrator(readFileSync(file("cal.json"), "utf8")).predict(margins());
    parsed.data.forEach((row, i) => {
      expect(row.id).toBe(`p${i}`);
      expect(row.note).toBe("a, b");
      expect(Number(row.calibrated_prob)).toBe(expected[i]);
    });
  });

  it("--score on per-response rows adds calibrated_reward = r/T and, by default, centered_reward = r/T − mean", () => {
    const r = rmcal(["apply", file("cal.json"), file("responses.jsonl"), "--score", "reward", "--out", file("rewards.jsonl")]);
    expect(r.status, r.stderr).toBe(0);
    const calibrator = loadCalibrator(readFileSync(file("cal.json"), "utf8"));
    const rewards = calibrator.reward(pairs.a, { transform: "raw-calibrated" });
    const { mean } = calibrator.rewardNormalization!;
    readFileSync(file("rewards.jsonl"), "utf8").trimEnd().split("\n").forEach((line, i) => {
      const row = JSON.parse(line);
      expect(row.calibrated_reward).toBe(rewards[i]);
      expect(row.centered_reward).toBe(rewards[i] - mean);
    });
  });

  it("--reward whitened adds (r/T − mean)/std and says on stderr that T cancels; --reward-clip clips", () => {
    const r = rmcal(["apply", file("cal.json"), file("responses.jsonl"), "--score", "reward", "--reward", "whitened", "--reward-clip", "1.5", "--out", file("whitened.jsonl")]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("the temperature cancels");
    const calibrator = loadCalibrator(readFileSync(file("cal.json"), "utf8"));
    const rewards = calibrator.reward(pairs.a, { transform: "raw-calibrated" });
    const { mean, std } = calibrator.rewardNormalization!;
    readFileSync(file("whitened.jsonl"), "utf8").trimEnd().split("\n").forEach((line, i) => {
      const row = JSON.parse(line);
      expect(row.whitened_reward).toBe(Math.min(1.5, Math.max(-1.5, (rewards[i] - mean) / std)));
    });
  });

  it("fit --reward-clip stores the clip, and apply clips the centered reward by it; margin-only data is refused", () => {
    const fit = rmcal(["fit", file("train.csv"), "--reward-clip", "0.25", "--metrics", "nll", "--resamples", "10", "--out", file("clipped.json")]);
    expect(fit.status, fit.stderr).toBe(0);
    const calibrator = loadCalibrator(readFileSync(file("clipped.json"), "utf8"));
    expect(calibrator.rewardNormalization!.clip).toBe(0.25);
    const r = rmcal(["apply", file("clipped.json"), file("responses.jsonl"), "--score", "reward", "--out", file("clipped.jsonl")]);
    expect(r.status, r.stderr).toBe(0);
    const rewards = Array.from(calibrator.reward(pairs.a, { transform: "raw-calibrated", clip: null }));
    const { mean } = calibrator.rewardNormalization!;
    const centered = readFileSync(file("clipped.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line).centered_reward);
    expect(centered).toEqual(rewards.map((x) => Math.min(0.25, Math.max(-0.25, x - mean))));
    expect(centered.filter((x) => Math.abs(x) === 0.25).length).toBeGreaterThan(100); // the clip bites
    // The README's python block, in JavaScript: r = score / T − mean from the calibrator JSON, clipped by its clip.
    const c = JSON.parse(readFileSync(file("clipped.json"), "utf8")) as { temperature: number; rewardNormalization: { mean: number; clip: number | null } };
    const n = c.rewardNormalization;
    expect(centered).toEqual(pairs.a.map((score) => {
      const r = score / c.temperature - n.mean;
      return n.clip === null ? r : Math.max(-n.clip, Math.min(n.clip, r));
    }));
    writeFileSync(file("margins.csv"), "margin,label\n1,1\n-2,0\n0.5,1\n");
    const margins = rmcal(["fit", file("margins.csv"), "--reward-clip", "2", "--out", file("margins-clipped.json")]);
    expect(margins.status).toBe(2);
    expect(margins.stderr).toMatch(/--reward-clip is stored with the calibrator's reward statistics, which need per-response scores/);
    const zero = rmcal(["fit", file("train.csv"), "--reward-clip", "0", "--out", file("z.json")]);
    expect([zero.status, zero.stderr.split("\n")[0]]).toEqual([2, 'rmcal: --reward-clip is "0"; it must be a finite number > 0']);
  });

  it("--reward per-prompt subtracts the mean calibrated reward of each --prompt, over the whole file", () => {
    const rows = pairs.a.map((a, i) => ({ prompt: i % 7 === 0 ? "x" : i % 3, reward: a }));
    writeFileSync(file("prompted.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
    const r = rmcal(["apply", file("cal.json"), file("prompted.jsonl"), "--score", "reward", "--reward", "per-prompt", "--prompt", "prompt", "--out", file("per-prompt.jsonl")]);
    expect(r.status, r.stderr).toBe(0);
    const calibrator = loadCalibrator(readFileSync(file("cal.json"), "utf8"));
    const expected = calibrator.reward(pairs.a, { transform: "per-prompt", prompts: rows.map((row) => String(row.prompt)) });
    readFileSync(file("per-prompt.jsonl"), "utf8").trimEnd().split("\n").forEach((line, i) => {
      expect(JSON.parse(line).per_prompt_reward).toBeCloseTo(expected[i], 12);
    });
    expect(rmcal(["apply", file("cal.json"), file("prompted.jsonl"), "--score", "reward", "--reward", "per-prompt"]).stderr).toContain("--reward per-prompt needs --prompt FIELD");
    expect(rmcal(["apply", file("cal.json"), file("prompted.jsonl"), "--score", "reward", "--reward", "tempered"]).stderr).toContain('--reward is "tempered"; expected centered, per-prompt, whitened, raw-calibrated');
    expect(rmcal(["apply", file("cal.json"), file("prompted.jsonl"), "--score", "reward", "--reward-clip=-1"]).stderr).toContain('--reward-clip is "-1"; it must be a finite number > 0');
  });

  it("says the range is unknown for a version-1 calibrator, and names isotonic's flat extrapolation", () => {
    const v1 = fileURLToPath(new URL("../../data/calibrator-temperature-v1.json", import.meta.url));
    const r = rmcal(["apply", v1, file("responses.jsonl"), "--score", "reward"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("rmcal: the fitted score range is unknown (this calibrator stores no fitted range: version-1 calibrator JSON predates it; refit to record it)");
    const fit = rmcal(["fit", file("train.csv"), "--method", "isotonic", "--out", file("iso-range.json")]);
    expect(fit.status, fit.stderr).toBe(0);
    writeFileSync(file("far-pairs.jsonl"), JSON.stringify({ chosen: 1e5, rejected: 0 }) + "\n" + JSON.stringify({ chosen: 0.1, rejected: 0 }) + "\n");
    const iso = rmcal(["apply", file("iso-range.json"), file("far-pairs.jsonl")]);
    expect(iso.status, iso.stderr).toBe(0);
    expect(iso.stderr).toMatch(/rmcal: 1 of 2 margins lie outside the fitted range .*; isotonic regression is flat beyond its outermost thresholds/);
  });

  it("counts scores outside the fitted range on stderr", () => {
    const high = Math.max(...pairs.a, ...pairs.b);
    writeFileSync(file("far.jsonl"), [high + 1, high + 2, 0].map((reward) => JSON.stringify({ reward })).join("\n") + "\n");
    const r = rmcal(["apply", file("cal.json"), file("far.jsonl"), "--score", "reward"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^rmcal: 2 of 3 scores lie outside the fitted range \[-?[0-9.e-]+, [0-9.e-]+\] \(0 below, 2 above\); the calibration was fitted and checked only inside that range/m);
  });

  it.each(["isotonic", "platt"])("round-trips a %s calibrator too: calibrated_prob = loadCalibrator(json).predict(margins)", (method) => {
    const fit = rmcal(["fit", file("train.csv"), "--method", method, "--out", file(`${method}.json`)]);
    expect(fit.status, fit.stderr).toBe(0);
    const r = rmcal(["apply", file(`${method}.json`), file("rows.jsonl"), "--out", file(`${method}.jsonl`)]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file(`${method}.json`), "utf8"));
    expect(json.kind).toBe(method);
    if (method === "platt") {
      // The interval of the position bias β (docs/DESIGN.md §6.7), printed and stored.
      const { low, high } = json.fit.betaInterval;
      expect(fit.stdout).toContain(`95% interval of β: ${low.toPrecision(4)} to ${high.toPrecision(4)} (wald; β is the position bias)`);
    } else {
      expect(fit.stdout).not.toContain("interval of");
    }
    const expected = loadCalibrator(json).predict(margins());
    readFileSync(file(`${method}.jsonl`), "utf8").trimEnd().split("\n").forEach((line, i) => {
      expect(JSON.parse(line).calibrated_prob).toBe(expected[i]);
    });
  });

  it("fit --method venn-abers: apply adds calibrated_prob, calibrated_p0 and calibrated_p1 = loadCalibrator(json).predictInterval", () => {
    const fit = rmcal(["fit", file("train.csv"), "--method", "venn-abers", "--out", file("va.json")]);
    expect(fit.status, fit.stderr).toBe(0);
    expect(fit.stdout).toMatch(/^Venn–Abers: \d+ margins where the interval changes\n/);
    const json = JSON.parse(readFileSync(file("va.json"), "utf8"));
    expect(json.kind).toBe("venn-abers");
    const expected = (loadCalibrator(json) as VennAbersCalibrator).predictInterval(margins());
    for (const [rows, out] of [["rows.jsonl", "va.jsonl"], ["rows.csv", "va.csv"]]) {
      const r = rmcal(["apply", file("va.json"), file(rows), "--out", file(out)]);
      expect(r.status, r.stderr).toBe(0);
    }
    readFileSync(file("va.jsonl"), "utf8").trimEnd().split("\n").forEach((line, i) => {
      const row = JSON.parse(line);
      expect([row.calibrated_prob, row.calibrated_p0, row.calibrated_p1]).toEqual([expected.p[i], expected.p0[i], expected.p1[i]]);
    });
    const csv = readFileSync(file("va.csv"), "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("id,note,chosen,rejected,calibrated_prob,calibrated_p0,calibrated_p1");
    expect(csv[1].split(",").slice(-3).map(Number)).toEqual([expected.p[0], expected.p0[0], expected.p1[0]]);
    // Per-response rewards: the isotonic-style reward against the stored reference, raw-calibrated by default.
    const r = rmcal(["apply", file("va.json"), file("responses.jsonl"), "--score", "reward"]);
    expect(r.status, r.stderr).toBe(0);
    const rewards = (loadCalibrator(json) as VennAbersCalibrator).reward(pairs.a);
    r.stdout.trimEnd().split("\n").forEach((line, i) => expect(JSON.parse(line).calibrated_reward).toBe(rewards[i]));
  });

  it("fit --method platt on chosen/rejected pairs (every label 1) exits 2 and says why", () => {
    const r = rmcal(["fit", file("rows.jsonl"), "--method", "platt", "--out", file("never.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("labels on both sides of 0.5");
  });

  it("refuses to write over its input", () => {
    const r = rmcal(["apply", file("cal.json"), file("rows.jsonl"), "--out", file("rows.jsonl"), "--force"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is an input file");
  });
});
