// The report's and diagnose's section on pairs judged in both orders (docs/DESIGN.md §7.5): swap consistency, the
// position bias β with its interval, and the calibration of the order-averaged margin against each order alone.
import { InputError, tableColumns, type PairTable } from "../../platform/io/index";
import { orderSwap, type AssessOptions, type OrderSwap } from "../../lib/index";
import { escapeXml as e } from "../../lib/programs";

/**
 * orderSwap on a table read with the pair id as its cluster field and the order as its group field. O(n).
 * @throws {InputError} naming the file and field: an order field without exactly two values, a pair id repeated in one order
 * @example tableOrderSwap(await readPairFile(path, { ..., cluster: ["pair_id"], group: ["order"] }), {}, path, { pairId: "pair_id", order: "order" })
 */
export function tableOrderSwap(table: PairTable, assess: AssessOptions, file: string, fields: { pairId: string; order: string }): OrderSwap {
  const pairIdField = fields.pairId, orderField = fields.order;
  if (table.groupNames.length !== 2) {
    const values = table.groupNames.slice(0, 3).map((v) => JSON.stringify(v)).join(", ");
    throw new InputError(file, null, orderField, `holds ${table.groupNames.length} distinct value${table.groupNames.length === 1 ? "" : "s"} (${values}${table.groupNames.length > 3 ? ", …" : ""}); pairs judged in both orders need exactly two`);
  }
  const codes = table.groupCodes!, ids = table.clusterCodes!;
  // Checked here, not left to orderSwap, so the message names the file and field rather than a library argument.
  const seen = new Map<number, number>();
  for (let i = 0; i < table.n; i++) {
    const key = 2 * ids[i] + codes[i], earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(file, null, pairIdField, `pairs ${earlier + 1} and ${i + 1} (counting the pairs read) have the same id and the same order "${table.groupNames[codes[i]]}"; each pair has one row per order`);
    }
    seen.set(key, i);
  }
  const c = tableColumns(table);
  return orderSwap(
    { margin: c.margin, label: c.label ?? new Float64Array(c.n).fill(1), ...(c.weight ? { weight: c.weight } : {}) },
    { ...assess, pairId: Array.from(ids), order: Array.from(codes, (code) => table.groupNames[code]) },
  );
}

const f4 = (x: number): string => x.toFixed(4);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The study as plain-text lines (rmcal diagnose). */
export function orderSwapLines(s: OrderSwap, fields: { pairId: string; order: string }): string[] {
  const lines = [
    `orders: ${s.pairs} pairs judged in both orders by ${fields.pairId} (${fields.order}: "${s.orders[0]}" first, "${s.orders[1]}" second)` +
      `${s.unpaired > 0 ? `; ${s.unpaired} rows without their other order left out` : ""}`,
    `  swap consistency ${pct(s.swapConsistency)} (the verdict survives the swap; flips ${pct(s.flipShare)}, tie in one order only ${pct(s.halfTieShare)})`,
  ];
  const b = s.positionBias;
  if (b) {
    const interval = b.interval ? ` [${f4(b.interval.low)}, ${f4(b.interval.high)}] (${Math.round(b.interval.confidence * 100)}% ${b.interval.method} by pair)` : "";
    lines.push(`  position bias β ${f4(b.beta)}${interval}, slope α ${f4(b.alpha)}: σ(α·d + β) on every row as presented; the response shown first wins more (β > 0) or less (β < 0) often than its margin says` +
      `${b.message ? `; ${b.message}` : ""}`);
  } else lines.push(`  ${s.note}`);
  for (const [name, a] of [["first order", s.calibration.first], ["second order", s.calibration.second], ["order-averaged", s.calibration.averaged]] as const) {
    lines.push(`  ${name.padEnd(14)}  accuracy ${f4(a.accuracy)}  ECE ${f4(a.ece)}  NLL ${f4(a.nll)}  Brier ${f4(a.brier)}`);
  }
  return lines;
}

/** The study as an HTML fragment (every data text escaped). */
export function orderSwapHtml(s: OrderSwap, fields: { pairId: string; order: string }): string {
  const b = s.positionBias;
  const bias = b
    ? `Position bias β = ${f4(b.beta)}${b.interval ? ` with ${Math.round(b.interval.confidence * 100)}% interval [${f4(b.interval.low)}, ${f4(b.interval.high)}] (${e(b.interval.method)}, by pair)` : " (no interval)"}, ` +
      `from σ(α·d + β) on every row as presented (α = ${f4(b.alpha)}); the response shown first wins more (β &gt; 0) or less (β &lt; 0) often than its margin says.${b.message ? ` ${e(b.message)}` : ""}` +
      ` An interval that excludes 0 says the order matters: calibrate with the position-debiased Platt (rmcal fit --method platt-debiased).`
    : e(s.note ?? "");
  const rows = ([["first order only", s.calibration.first], ["second order only", s.calibration.second], ["order-averaged margin", s.calibration.averaged]] as const)
    .map(([name, a]) => `<tr><td>${name}</td><td>${a.n}</td><td>${f4(a.accuracy)}</td><td>${f4(a.ece)}</td><td>${f4(a.nll)}</td><td>${f4(a.brier)}</td></tr>`);
  return `<h3>Judged in both orders</h3>
<ul>
<li>${s.pairs} pairs by <code>${e(fields.pairId)}</code>, each in both orders (<code>${e(fields.order)}</code>: "${e(s.orders[0])}" first, "${e(s.orders[1])}" second)${s.unpaired > 0 ? `; ${s.unpaired} rows without their other order left out` : ""}.</li>
<li>Swap consistency ${pct(s.swapConsistency)}: the share of pairs whose verdict survives the swap (flips ${pct(s.flipShare)}, a tie in one order only ${pct(s.halfTieShare)}).</li>
<li>${bias}</li>
</ul>
<table class="orders">
<thead><tr><th>margins, raw σ(d)</th><th>n</th><th>accuracy</th><th>ECE</th><th>NLL</th><th>Brier</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`;
}
