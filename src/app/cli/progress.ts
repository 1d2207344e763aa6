// A progress line for long reads, on stderr and only when stderr is a terminal, so pipes and CI logs stay clean.

export interface Progress {
  update(fraction: number, rows: number): void;
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
      const percent = Math.min(100, Math.round(fraction * 100));
      stream.write(`\r\x1b[2K${activity.verb} ${label}: ${percent}% (${rows.toLocaleString("en-US")} ${activity.unit})`);
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
