// Golden runner for workerd: the worker imports rmcal through the "workerd" build (the .wasm arrives as a compiled
// module) and answers GET /golden with the golden text (anything else, such as the readiness probe, gets a 404). inputs.json is configured as a text module.
import * as rmcal from "rmcal";
import inputsText from "./inputs.json";
import { computeGolden } from "./compute-golden.mjs";

export default {
  async fetch(request) {
    if (new URL(request.url).pathname !== "/golden") return new Response("not found", { status: 404 });
    await rmcal.init();
    return new Response(computeGolden(rmcal, JSON.parse(inputsText)), { headers: { "content-type": "application/json" } });
  },
};
