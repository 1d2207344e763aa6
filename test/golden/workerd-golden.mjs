// Golden runner for workerd: the worker imports rmcal through the "workerd" build (the .wasm arrives as a compiled
// module) and answers any request with the golden text. inputs.json is configured as a text module.
import * as rmcal from "rmcal";
import inputsText from "./inputs.json";
import { computeGolden } from "./compute-golden.mjs";

export default {
  async fetch() {
    await rmcal.init();
    return new Response(computeGolden(rmcal, JSON.parse(inputsText)), { headers: { "content-type": "application/json" } });
  },
};
