// A progress line for long reads, on stderr and only when stderr is a terminal, so pipes and CI logs stay clean.

export interface Progress {
  /** fraction: the share read, or null when the size is unknown (stdin). */
  update(fraction: number | null, rows: number): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };

/**
 * A progress reporter that redraws one stderr line at most every 100 ms; silent when stderr is not a TTY.
 * @param label what is being read, e.g. the file name
 * @param activity what is going on, and what is counted
 * @example const p = progressLine("pairs.jsonl"); p.update(0.5, 1000); p.done();
 */
export function progressLine(
  label: string, stream: NodeJS.WriteStream = process.stderr, activity = { verb: "reading", unit: "rows" },
): Progress {
  if (!stream.isTTY) return SILENT;
  let last = 0, shown = false;
  return {
    update(fraction, rows) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      const count = `${rows.toLocaleString("en-US")} ${activity.unit}`;
      const share = fraction === null ? count : `${Math.min(100, Math.round(fraction * 100))}% (${count})`;
      stream.write(`\r\x1b[2K${activity.verb} ${label}: ${share}`);
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
