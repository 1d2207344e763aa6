// A free TCP port on the loopback interface, for servers (workerd) that need a fixed address in their config.
import { createServer } from "node:net";

/** Asks the OS for an unused port on 127.0.0.1, releases it, and returns it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
