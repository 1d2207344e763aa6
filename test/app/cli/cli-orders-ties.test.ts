// The CLI on pairs judged in both orders and on tied outcomes: `rmcal diagnose --pair-id F --order F` and
// `--ties` print what the library computes (their --json equals orderSwap and fitDavidson/assessTies on the same
// columns), `rmcal fit --method platt-debiased` writes a Platt calibrator with β = 0, and `rmcal report` shows both
// sections. The real process runs (bin/rmcal.js) on the shipped example files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { init, orderSwap, fitDavidson, assessTies, loadCalibrator } from "rmcal";
import { rmcal, rmcalAsync, tempFolder } from "../../helpers/cli";
import { readCsv } from "../../helpers/read-csv";
import { loadLlmbarTieOutcomes } from "../../helpers/llmbar";

const BOTH_ORDERS = fileURLToPath(new URL("../../../examples/data/simulated_judge_both_orders.csv", import.meta.url));
const TIES = fileURLToPath(new URL("../../../examples/data/llmbar_tie_outcomes.csv", import.meta.url));
const ORDER_FIELDS = ["--score-a", "score_first", "--score-b", "score_second", "--label", "label"];
const TIE_FIELDS = ["--score-a", "score_1", "--score-b", "score_2", "--label", "outcome", "--where", "verdict_strategy=Rating_NoRules"];
const { dir, cleanup } = tempFolder();

beforeAll(async () => {
  await init();
});
afterAll(cleanup);

function bothOrders() {
  const rows = readCsv("examples/data/simulated_judge_both_orders.csv");
  return {
    pairs: { margin: rows.map((r) => Number(r.score_first) - Number(r.score_second)), label: rows.map((r) => Number(r.label)) },
    pairId: rows.map((r) => r.pair_id), order: rows.map((r) => r.order),
  };
}

describe("rmcal diagnose FILE --pair-id F --order F", () => {
  it("prints swap consistency, the position bias with its interval and the three assessments; --json equals orderSwap", () => {
    const r = rmcal(["diagnose", BOTH_ORDERS, ...ORDER_FIELDS, "--pair-id", "pair_id", "--order", "order", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const { pairs, pairId, order } = bothOrders();
    const want = orderSwap(pairs, { pairId, order });
    // The CLI reads the pair ids as cluster codes; the shares, fit and assessments do not depend on the ids' names.
    expect(JSON.parse(r.stdout).orders).toEqual(JSON.parse(JSON.stringify(want)));
    const text = rmcal(["diagnose", BOTH_ORDERS, ...ORDER_FIELDS, "--pair-id", "pair_id", "--order", "order"]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`orders: 1500 pairs judged in both orders by pair_id (order: "xy" first, "yx" second)`);
    expect(text.stdout).toContain(`swap consistency ${(100 * want.swapConsistency).toFixed(1)}%`);
    expect(text.stdout).toMatch(/position bias β -0\.\d{4} \[-0\.\d{4}, -0\.\d{4}\] \(95% cluster-sandwich by pair\)/);
    expect(text.stdout).toMatch(/order-averaged\s+accuracy [0-9.]+\s+ECE [0-9.]+\s+NLL [0-9.]+/);
  });
});

describe("rmcal diagnose FILE --ties", () => {
  it("prints the Davidson ν with its interval and the tie-rate bins; --json equals fitDavidson and assessTies", () => {
    const r = rmcal(["diagnose", TIES, ...TIE_FIELDS, "--ties", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const pairs = loadLlmbarTieOutcomes("Rating_NoRules");
    const fit = fitDavidson(pairs);
    const got = JSON.parse(r.stdout).ties;
    expect(got.fit.nu).toBe(fit.nu);
    expect(got.fit.nuInterval).toEqual(fit.nuInterval);
    expect(got.assessment).toEqual(JSON.parse(JSON.stringify(assessTies(pairs, fit))));
    const text = rmcal(["diagnose", TIES, ...TIE_FIELDS, "--ties"]);
    expect(text.stdout).toContain(`ties: Davidson ν ${fit.nu.toFixed(4)} [${fit.nuInterval!.low.toFixed(4)}, ${fit.nuInterval!.high.toFixed(4)}] (95% Wald on ln ν)`);
    expect(text.stdout).toContain("21.1% tied outcomes");
  });
});

describe("rmcal fit --method platt-debiased", () => {
  it("writes a Platt calibrator with β = 0 that keeps the removed position bias in its fit record", () => {
    const out = join(dir, "debiased.json");
    const r = rmcal(["fit", BOTH_ORDERS, ...ORDER_FIELDS, "--method", "platt-debiased", "--cluster", "pair_id", "--out", out, "--resamples", "50"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Platt, position-debiased: α = [0-9.]+, β = 0 \(position bias -0\.\d+ removed\)/);
    expect(r.stdout).toMatch(/interval of β: -0\.\d+ to -0\.\d+ \(cluster-sandwich; β is the position bias\)/);
    const c = loadCalibrator(JSON.parse(readFileSync(out, "utf8")));
    expect(c.kind).toBe("platt");
    expect(c.predict([0])[0]).toBe(0.5);
    expect(c.fit?.positionBias).toBeLessThan(0);
  });

  it("refuses --cross-fit with platt-debiased (exit 2)", () => {
    const r = rmcal(["fit", BOTH_ORDERS, ...ORDER_FIELDS, "--method", "platt-debiased", "--cross-fit", "3", "--out", join(dir, "x.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--cross-fit supports --method temperature, platt and isotonic");
  });
});

describe("rmcal report with pairs judged in both orders, and with tied outcomes", () => {
  it("adds the both-orders section with --pair-id/--order, and the ties section when the labels have ties", async () => {
    const [orders, ties] = await Promise.all([
      rmcalAsync(["report", BOTH_ORDERS, ...ORDER_FIELDS, "--pair-id", "pair_id", "--order", "order", "--resamples", "50", "--out", join(dir, "orders.html")]),
      rmcalAsync(["report", TIES, ...TIE_FIELDS, "--resamples", "50", "--out", join(dir, "ties.html")]),
    ]);
    expect(orders.status, orders.stderr).toBe(0);
    expect(ties.status, ties.stderr).toBe(0);
    const ordersHtml = readFileSync(join(dir, "orders.html"), "utf8"), tiesHtml = readFileSync(join(dir, "ties.html"), "utf8");
    expect(ordersHtml).toContain("<h3>Judged in both orders</h3>");
    expect(ordersHtml).toMatch(/Swap consistency \d+\.\d%/);
    expect(ordersHtml).toContain("<td>order-averaged margin</td>");
    expect(ordersHtml).not.toContain("Ties as an outcome");
    expect(tiesHtml).toContain("<h3>Ties as an outcome</h3>");
    expect(tiesHtml).toMatch(/Davidson ν 1\.6089 \[1\.1743, 2\.2044\]/);
    expect(tiesHtml).not.toContain("Judged in both orders");
  });
});
