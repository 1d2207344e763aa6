// Golden runner for workerd: the worker imports rmcal through the "workerd" build (the .wasm arrives as a compiled
// module) and answers GET /golden with the golden text (anything else, such as the readiness probe, gets a 404). inputs.json is configured as a text module.
import * as rmcal from "rmcal";
import inputsText from "./inputs.json";
import { computeGolden } from "./compute-golden.mjs";

// workerd loads inputs.json as a text module (the modules list in test/runtimes/golden.test.ts), where TypeScript's
// JSON modules would give the parsed object: the text is a string here.
const inputs = /** @type {string} */ (/** @type {unknown} */ (inputsText));

export default {
  /** @param {Request} request */
  async fetch(request) {
    if (new URL(request.url).pathname !== "/golden") return new Response("not found", { status: 404 });
    await rmcal.init();
    return new Response(computeGolden(rmcal, JSON.parse(inputs)), { headers: { "content-type": "application/json" } });
  },
};
