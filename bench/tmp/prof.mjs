import { makePairs, makeChoices } from "/work/wt-kwise/bench/data.mjs";
const rm = await import("rmcal"); await rm.init();
const n = 200000; const d = makePairs(n); const c = makeChoices(d, n);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
for (let r = 0; r < 3; r++) {
  let t0 = cpu(); const f = rm.fitTemperature(c); let t1 = cpu();
  const a = rm.assessBestOfN(c, { resamples: 0 }); let t2 = cpu();
  console.log("fit", (t1 - t0).toFixed(0), "ms; iterations", f.iterations, " assess", (t2 - t1).toFixed(0), "ms");
}
