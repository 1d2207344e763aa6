// What the reward proxy watches while it serves (docs/DESIGN.md §11.3): counts, latency, and how far the live raw
// scores have drifted from the reference scores, with alerts that are logged once per crossing. Runtime-neutral:
// no node: module, so the same monitor runs under the workerd fetch handler.
import { kolmogorovSmirnovStatistic, populationStabilityIndex } from "../../lib/index";

/** Upper bounds (seconds) of the latency histogram buckets, shared by /status and /metrics. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Fewer live scores than this give no PSI or KS: decile shares of a handful of scores are noise. */
const MIN_LIVE_SCORES = 50;

export interface MonitorOptions {
  /** Raw scores the live scores are compared with (PSI, KS, calibration range); null: no drift statistics. */
  reference: Float64Array | null;
  /** Calibration range [low, high] of raw scores; null when neither the reference nor the calibrator gives one. */
  range: readonly [number, number] | null;
  /** How many of the latest live scores the rolling PSI and KS use. */
  window: number;
  psiAlert: number;
  ksAlert: number;
  outsideAlert: number;
  /** Where alerts are written (stderr under Node, console.error under workerd). */
  log: (line: string) => void;
}

interface Drift {
  psi: number | null;
  ks: number | null;
  /** Share of the window's scores outside the calibration range (null without a range). */
  outsideShare: number | null;
  windowSize: number;
}

type AlertName = "psi" | "ks" | "outside";

export interface Monitor {
  /** A finished request: its route, HTTP status, total seconds and (for forwarded batches) the upstream's seconds. */
  request(route: string, status: number, seconds: number, upstreamSeconds: number | null): void;
  /** The raw scores of one calibrated batch. */
  scores(raw: ArrayLike<number>): void;
  drift(): Drift;
  /** Recomputes the drift and logs each alert the first time its threshold is crossed (again after it clears). */
  checkAlerts(): Drift;
  status(): Record<string, unknown>;
  /** Listeners for the Prometheus registry: called on every request and batch. */
  onRequest: ((route: string, status: number, seconds: number, upstreamSeconds: number | null) => void)[];
  onScores: ((n: number, outside: number) => void)[];
}

export function liveMonitor(options: MonitorOptions): Monitor {
  const started = Date.now();
  const requests = new Map<string, number>();
  const buckets = new Array<number>(LATENCY_BUCKETS.length + 1).fill(0);
  let latencySum = 0, latencyCount = 0, upstreamSum = 0, upstreamCount = 0;
  let rewards = 0, outsideTotal = 0;
  // The rolling window: a ring of the latest `window` raw scores; `filled` counts how many slots hold one.
  const ring = new Float64Array(options.window);
  let next = 0, filled = 0;
  const raised = new Set<AlertName>();
  const range = options.range;
  let last: Drift = { psi: null, ks: null, outsideShare: null, windowSize: 0 };

  const monitor: Monitor = {
    onRequest: [],
    onScores: [],
    request(route, status, seconds, upstreamSeconds) {
      const key = `${route} ${status}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      let b = 0;
      while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) b++;
      buckets[b]++;
      latencySum += seconds;
      latencyCount++;
      if (upstreamSeconds !== null) { upstreamSum += upstreamSeconds; upstreamCount++; }
      for (const listener of monitor.onRequest) listener(route, status, seconds, upstreamSeconds);
    },
    scores(raw) {
      let outside = 0;
      for (let i = 0; i < raw.length; i++) {
        const x = raw[i];
        if (range !== null && (x < range[0] || x > range[1])) outside++;
        ring[next] = x;
        next = (next + 1) % ring.length;
        filled = Math.min(filled + 1, ring.length);
      }
      rewards += raw.length;
      outsideTotal += outside;
      for (const listener of monitor.onScores) listener(raw.length, outside);
    },
    drift() {
      const live = ring.subarray(0, filled);
      let outside: number | null = null;
      if (range !== null && filled > 0) {
        let count = 0;
        for (const x of live) if (x < range[0] || x > range[1]) count++;
        outside = count / filled;
      }
      const enough = options.reference !== null && filled >= MIN_LIVE_SCORES;
      last = {
        psi: enough ? populationStabilityIndex(options.reference!, live) : null,
        ks: enough ? kolmogorovSmirnovStatistic(options.reference!, live) : null,
        outsideShare: outside,
        windowSize: filled,
      };
      return last;
    },
    checkAlerts() {
      const d = monitor.drift();
      alert("psi", d.psi, options.psiAlert, "PSI of live scores against the reference");
      alert("ks", d.ks, options.ksAlert, "KS statistic of live scores against the reference");
      alert("outside", d.outsideShare, options.outsideAlert, "share of live scores outside the calibration range");
      return d;
    },
    status() {
      const d = monitor.checkAlerts();
      return {
        uptimeSeconds: (Date.now() - started) / 1000,
        requests: Object.fromEntries([...requests].sort(([a], [b]) => a.localeCompare(b))),
        rewards,
        scoresOutsideRange: outsideTotal,
        outsideShareTotal: rewards > 0 && range !== null ? outsideTotal / rewards : null,
        calibrationRange: range,
        latency: {
          count: latencyCount, sumSeconds: latencySum,
          buckets: LATENCY_BUCKETS.map((le, i) => ({ le, count: cumulative(i) })).concat([{ le: Infinity, count: latencyCount }])
            .map(({ le, count }) => ({ le: Number.isFinite(le) ? le : "+Inf", count })),
          upstreamCount, upstreamSumSeconds: upstreamSum,
        },
        drift: { ...d, window: options.window, reference: options.reference?.length ?? null },
        thresholds: { psi: options.psiAlert, ks: options.ksAlert, outsideShare: options.outsideAlert },
        alerts: [...raised].sort(),
      };
    },
  };

  function cumulative(i: number): number {
    let total = 0;
    for (let b = 0; b <= i; b++) total += buckets[b];
    return total;
  }

  function alert(name: AlertName, value: number | null, threshold: number, what: string): void {
    if (value === null) return;
    if (value > threshold && !raised.has(name)) {
      raised.add(name);
      options.log(`rmcal serve: ALERT ${name}: ${what} is ${value.toPrecision(4)}, above ${threshold} (window of ${last.windowSize} scores)`);
    } else if (value <= threshold && raised.has(name)) {
      raised.delete(name);
      options.log(`rmcal serve: cleared ${name}: ${what} is back to ${value.toPrecision(4)}, at most ${threshold}`);
    }
  }

  return monitor;
}
