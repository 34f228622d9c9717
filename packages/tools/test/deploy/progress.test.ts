import { describe, expect, it } from 'vitest';
import { lineReporter, terminalReporter } from '../../src/deploy/progress.ts';

describe('progress in a terminal', () => {
  it('shows a spinner with the step, its status and the elapsed seconds, and clears it after', async () => {
    const chunks: string[] = [];
    let clock = 1_000_000;
    const reporter = terminalReporter({ write: (c) => chunks.push(c), columns: 120 }, () => clock);
    const result = await reporter.step('Waiting for E2 to be Deployed', async (status) => {
      clock += 42_000;
      status('InProgress');
      reporter.log('a line printed meanwhile');
      return 7;
    });
    expect(result).toBe(7);
    const screen = chunks.join('');
    expect(screen).toMatch(/⠋ Waiting for E2 to be Deployed 0s/);
    expect(screen).toMatch(/[⠋⠙⠹] Waiting for E2 to be Deployed \(InProgress\) 42s/);
    // The log line clears the spinner, prints on its own line, and the spinner comes back.
    expect(screen).toContain('\r\x1b[2Ka line printed meanwhile\n\r\x1b[2K');
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('keeps the spinner to the terminal width', async () => {
    const chunks: string[] = [];
    const reporter = terminalReporter({ write: (c) => chunks.push(c), columns: 20 }, () => 0);
    await reporter.step('a step with a long label that does not fit', async () => undefined);
    const drawn = chunks.filter((c) => c.length > 4).map((c) => c.replace('\r\x1b[2K', ''));
    for (const line of drawn) expect(line.length).toBeLessThanOrEqual(19);
  });

  it('clears the spinner when the step fails', async () => {
    const chunks: string[] = [];
    const reporter = terminalReporter({ write: (c) => chunks.push(c) }, () => 0);
    await expect(
      reporter.step('failing', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('progress without a terminal', () => {
  it('prints one line per step and one per status change', async () => {
    const lines: string[] = [];
    const reporter = lineReporter((line) => lines.push(line));
    await reporter.step('Waiting', async (status) => {
      status('InProgress');
      status('InProgress');
      status('InProgress');
      status('Deployed');
    });
    expect(lines).toEqual(['… Waiting', '  Waiting: InProgress', '  Waiting: Deployed']);
  });
});
