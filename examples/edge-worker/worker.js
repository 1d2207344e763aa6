// A minimal edge function (module worker) with rmcal: POST preference pairs as JSON, get back the calibration
// assessment and a fitted temperature. Runs under Cloudflare workerd / wrangler, where `import ... from "rmcal"`
// resolves to the package's "workerd" build and the .wasm arrives as a compiled module.
//
// Request body: { "pairs": {chosen, rejected} | {scoreA, scoreB, label} | {margin, label} (optional weight),
//                 "options": { bins, binning, view } }   (options optional)
// Response:     { "assessment": assess(pairs, options), "temperature": { temperature, converged, atBound, message,
//                 calibrator } } — or { "error": message } with status 400 for bad input.
import { init, assess, fitTemperature } from "rmcal";

const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(request) {
    if (request.method !== "POST") {
      return json({ error: 'POST a JSON body {"pairs": {"chosen": [...], "rejected": [...]}}' }, 405);
    }
    let body;
    try {
      body = await request.json();
    } catch {
      return json({ error: "the body is not valid JSON" }, 400);
    }
    await init(); // instantiates once per isolate; later requests return at once
    try {
      const { pairs, options } = body ?? {};
      const assessment = assess(pairs, options);
      const fitted = fitTemperature(pairs);
      const { temperature, converged, atBound, message } = fitted;
      return json({ assessment, temperature: { temperature, converged, atBound, message, calibrator: fitted.toJSON() } });
    } catch (error) {
      // rmcal throws TypeError/RangeError naming the field and index of bad input: the caller's problem, so a 400.
      if (error instanceof TypeError || error instanceof RangeError) return json({ error: error.message }, 400);
      throw error;
    }
  },
};
