/**
 * What a deploy shows while it works. Every step that waits on AWS runs through `step`: in a
 * terminal a spinner with the step and its elapsed time, replaced by the next line when it
 * ends; without a terminal (CI logs) one line when the step starts, and one more each time its
 * status changes, never a line per poll.
 */

export interface Reporter {
  /** A line of output; in a terminal it clears the spinner first and redraws it after. */
  log(line: string): void;
  /** Runs `work` as one visible step; `status` sets what the step is waiting for now. */
  step<T>(label: string, work: (status: (detail: string) => void) => Promise<T>): Promise<T>;
}

/** One line per step and status change: for CI logs, pipes and tests. */
export function lineReporter(writeLine: (line: string) => void): Reporter {
  return {
    log: writeLine,
    async step(label, work) {
      writeLine(`… ${label}`);
      let last = '';
      return work((detail) => {
        if (detail === last) return;
        last = detail;
        writeLine(`  ${label}: ${detail}`);
      });
    },
  };
}

export interface TerminalStream {
  write(chunk: string): unknown;
  columns?: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;
const CLEAR_LINE = '\r\x1b[2K';

/** A spinner with elapsed time on one terminal line, redrawn in place. */
export function terminalReporter(stream: TerminalStream, now: () => number = Date.now): Reporter {
  let active: { label: string; detail: string; started: number; frame: number } | undefined;

  const draw = () => {
    if (!active) return;
    const seconds = Math.floor((now() - active.started) / 1000);
    const frame = FRAMES[active.frame % FRAMES.length];
    const detail = active.detail ? ` (${active.detail})` : '';
    const text = `${frame} ${active.label}${detail} ${seconds}s`;
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : text.length;
    stream.write(`${CLEAR_LINE}${text.slice(0, width)}`);
  };

  return {
    log(line) {
      if (active) stream.write(CLEAR_LINE);
      stream.write(`${line}\n`);
      draw();
    },
    async step(label, work) {
      const previous = active;
      active = { label, detail: '', started: now(), frame: 0 };
      const current = active;
      draw();
      const timer = setInterval(() => {
        current.frame++;
        draw();
      }, FRAME_MS);
      try {
        return await work((detail) => {
          current.detail = detail;
          draw();
        });
      } finally {
        clearInterval(timer);
        stream.write(CLEAR_LINE);
        active = previous;
        draw();
      }
    },
  };
}

/**
 * The reporter for a stream: a spinner when it is a terminal (and not CI), otherwise lines
 * through `writeLine` (console.log or console.error, which is what tests capture).
 */
export function reporterFor(
  stream: NodeJS.WriteStream,
  writeLine: (line: string) => void,
): Reporter {
  if (stream.isTTY && process.env.CI !== 'true') return terminalReporter(stream);
  return lineReporter(writeLine);
}
