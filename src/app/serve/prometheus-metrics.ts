// The proxy's monitor as Prometheus metrics, through prom-client (docs/DESIGN.md §11.3). A registry of its own,
// never prom-client's global one, so nothing else in the process leaks into /metrics. prom-client's index pulls in
// node:cluster, so this file belongs to the Node server; a worker passes metrics: null or its own exporter.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { LATENCY_BUCKETS, type Monitor } from "./live-monitor";

export function prometheusMetrics(monitor: Monitor): () => Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "rmcal_serve_" });
  const requests = new Counter({
    name: "rmcal_serve_requests_total", help: "HTTP requests answered, by route and status",
    labelNames: ["route", "status"] as const, registers: [registry],
  });
  const duration = new Histogram({
    name: "rmcal_serve_request_duration_seconds", help: "Time from request to response, by route",
    labelNames: ["route"] as const, buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const upstream = new Histogram({
    name: "rmcal_serve_upstream_duration_seconds", help: "Time the upstream reward server took per forwarded batch",
    buckets: LATENCY_BUCKETS, registers: [registry],
  });
  const rewards = new Counter({ name: "rmcal_serve_rewards_total", help: "Rewards calibrated and returned", registers: [registry] });
  const outside = new Counter({
    name: "rmcal_serve_scores_outside_range_total", help: "Raw scores outside the calibration range", registers: [registry],
  });
  // The drift gauges are computed at scrape time from the rolling window (NaN: not enough scores or no reference).
  const gauge = (name: string, help: string, pick: (d: ReturnType<Monitor["drift"]>) => number | null) =>
    new Gauge({
      name, help, registers: [registry],
      collect() { this.set(pick(monitor.drift()) ?? Number.NaN); },
    });
  gauge("rmcal_serve_score_psi", "Rolling PSI of live raw scores against the reference scores", (d) => d.psi);
  gauge("rmcal_serve_score_ks", "Rolling two-sample KS statistic of live raw scores against the reference scores", (d) => d.ks);
  gauge("rmcal_serve_scores_outside_range_ratio", "Share of the rolling window's raw scores outside the calibration range", (d) => d.outsideShare);

  monitor.onRequest.push((route, status, seconds, upstreamSeconds) => {
    requests.inc({ route, status: String(status) });
    duration.observe({ route }, seconds);
    if (upstreamSeconds !== null) upstream.observe(upstreamSeconds);
  });
  monitor.onScores.push((n, out) => {
    rewards.inc(n);
    outside.inc(out);
  });
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}
