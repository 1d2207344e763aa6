// Writing to stdout when its reader may leave early (`rmcal apply … | head`): a closed pipe is a normal end of the
// run, so it ends quietly with the exit code it has, never with an unhandled EPIPE (docs/DESIGN.md §8.4).

/** Thrown by writeStdout once stdout's reader has gone; main ends the run quietly on it. */
export class StdoutClosed extends Error {
  override name = "StdoutClosed";
}

let closed = false;
let watching = false;

/**
 * Listens for stdout's errors once per process: EPIPE (the reader closed the pipe) marks stdout closed, so the
 * error that Node emits asynchronously after a write, for every command, never becomes an uncaught exception.
 */
export function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || closed) {
      closed = true;
      return;
    }
    closed = true;
    process.exitCode = 2;
    process.stderr.write(`rmcal: cannot write to stdout: ${error.message}\n`);
  });
}

/**
 * Writes text to stdout, waiting for it to drain (so memory stays bounded on a slow reader).
 * @throws {StdoutClosed} when the reader has gone
 */
export async function writeStdout(text: string): Promise<void> {
  if (closed) throw new StdoutClosed("stdout closed");
  if (!process.stdout.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        process.stdout.off("drain", done).off("close", done);
        resolve();
      };
      process.stdout.once("drain", done).once("close", done);
    });
  }
  if (closed) throw new StdoutClosed("stdout closed");
}
