# workerd config for the edge example, run from this folder after `npm run build` in the repository:
#   npx workerd serve config.capnp          (listens on 127.0.0.1:8787)
# In an installed project, point the two rmcal embeds at node_modules/rmcal/dist/ instead (or use wrangler, which
# resolves "rmcal" to the same workerd build by itself).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .edgeWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const edgeWorker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    # The package's "workerd" build, under the bare name the worker imports.
    (name = "rmcal", esModule = embed "../../dist/rmcal.workerd.js"),
    # It imports "./rmcal.wasm"; workerd compiles it when the worker loads, not at run time.
    (name = "rmcal.wasm", wasm = embed "../../dist/rmcal.wasm"),
  ],
  compatibilityDate = "2024-09-23",
);
