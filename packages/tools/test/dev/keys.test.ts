import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { listenForKeys } from '../../src/dev/keys.ts';

function fakeTerminal(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & {
    isTTY: boolean;
    setRawMode(on: boolean): void;
    raw: boolean[];
  };
  stream.isTTY = isTTY;
  stream.raw = [];
  stream.setRawMode = (on) => stream.raw.push(on);
  return stream;
}

async function press(stream: PassThrough, keys: string) {
  stream.write(keys);
  await new Promise((resolve) => setImmediate(resolve));
}

describe('dev keys', () => {
  it('p purges, q and Ctrl-C quit, h helps; raw mode is restored afterwards', async () => {
    const terminal = fakeTerminal(true);
    const calls: string[] = [];
    const stop = listenForKeys(terminal as unknown as NodeJS.ReadStream, {
      purge: () => calls.push('purge'),
      quit: () => calls.push('quit'),
      help: () => calls.push('help'),
    });
    await press(terminal, 'p');
    await press(terminal, 'xh');
    await press(terminal, 'q\u0003');
    stop();
    await press(terminal, 'p');
    expect(calls).toEqual(['purge', 'help', 'quit', 'quit']);
    expect(terminal.raw).toEqual([true, false]);
  });

  it('does nothing when stdin is not a terminal', async () => {
    const pipe = fakeTerminal(false);
    const calls: string[] = [];
    const stop = listenForKeys(pipe as unknown as NodeJS.ReadStream, {
      purge: () => calls.push('purge'),
      quit: () => calls.push('quit'),
      help: () => calls.push('help'),
    });
    await press(pipe, 'pq');
    stop();
    expect(calls).toEqual([]);
    expect(pipe.raw).toEqual([]);
  });
});
