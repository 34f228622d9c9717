import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { parseSince } from '../../src/commands/logs.ts';
import { type LogEvent, mergeByTime, SeenEvents } from '../../src/logs/events.ts';
import { formatLine, requestIdOf } from '../../src/logs/format.ts';
import { requestedRegions } from '../../src/logs/regions.ts';
import { versionOfStream } from '../../src/logs/stack-frames.ts';
import { writeWorkspace } from '../deploy/workspace.ts';
import { captureConsole } from '../dev/fixture.ts';

const ID = '0f6b8c1e-3c1d-4b7a-9c55-2d7f0e9a1b23';

describe('the request id of a log line', () => {
  it.each([
    [`START RequestId: ${ID} Version: 3`, ID],
    [`END RequestId: ${ID}`, ID],
    [`REPORT RequestId: ${ID}\tDuration: 2.10 ms`, ID],
    [`2026-03-01T10:00:00.000Z\t${ID}\tINFO\thello`, ID],
    [JSON.stringify({ timestamp: 'x', level: 'INFO', requestId: ID, message: 'hi' }), ID],
    ['a line a library printed at cold start', undefined],
  ])('%s', (message, id) => {
    expect(requestIdOf(message)).toBe(id);
  });
});

describe('the version in a log stream name', () => {
  it('is the bracketed part Lambda writes', () => {
    expect(versionOfStream('2026/03/01/[3]0123456789abcdef')).toBe('3');
    expect(versionOfStream('2026/03/01/[$LATEST]0123')).toBe('$LATEST');
    expect(versionOfStream('no-version')).toBeUndefined();
  });
});

describe('--since', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('takes durations and past ISO times', () => {
    expect(parseSince('30s', now)).toBe(30_000);
    expect(parseSince('15m', now)).toBe(900_000);
    expect(parseSince('1h', now)).toBe(3_600_000);
    expect(parseSince('2d', now)).toBe(172_800_000);
    expect(parseSince('2026-03-01T11:00:00Z', now)).toBe(3_600_000);
  });
  it.each(['yesterday', '1y', '2026-03-02T00:00:00Z', '-5m'])('refuses %s', (value) => {
    expect(() => parseSince(value, now)).toThrow(/is not a time/);
  });
});

describe('--region', () => {
  it('takes repeated and comma-separated names, once each', () => {
    expect(requestedRegions(['eu-west-1,us-east-1', 'eu-west-1', 'ap-southeast-2'])).toEqual([
      'eu-west-1',
      'us-east-1',
      'ap-southeast-2',
    ]);
  });
  it('refuses what is not a region name', () => {
    expect(() => requestedRegions(['europe'])).toThrow(/"europe" is not a region name/);
  });
});

function event(region: string, timestamp: number, eventId: string): LogEvent {
  return {
    timestamp,
    region,
    logGroup: '/aws/lambda/us-east-1.shop-prod-auth',
    logStream: 's',
    functionName: 'shop-prod-auth',
    eventId,
    message: `${region} ${eventId}`,
  };
}

describe('merging and following', () => {
  it('orders by time, then region, keeping each stream order within a millisecond', () => {
    const merged = mergeByTime([
      event('us-east-1', 20, 'a'),
      event('eu-west-1', 10, 'b'),
      event('us-east-1', 10, 'c'),
      event('eu-west-1', 10, 'd'),
    ]);
    expect(merged.map((e) => e.eventId)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('a --follow poll prints only what it has not printed', () => {
    const seen = new SeenEvents();
    expect(seen.fresh([event('eu-west-1', 10, '1'), event('us-east-1', 10, '1')])).toHaveLength(2);
    const again = seen.fresh([event('eu-west-1', 10, '1'), event('eu-west-1', 12, '2')]);
    expect(again.map((e) => e.eventId)).toEqual(['2']);
    expect(seen.newest).toBe(12);
  });
});

describe('a printed line', () => {
  it('has the time, region, request id and the message as it was, then the mapped frames', () => {
    const line = formatLine(
      {
        ...event('eu-west-1', Date.parse('2026-03-01T10:00:00.123Z'), '1'),
        message: `x\t${ID}\tERROR\tboom\n  at line two\n`,
        function: 'auth',
        requestId: ID,
        frames: [
          {
            at: 'index.mjs:1:200',
            source: 'packages/auth/src/index.ts',
            line: 4,
            column: 11,
            text: "new Error('boom');",
            map: 'local build',
          },
        ],
      },
      true,
    );
    expect(line).toBe(
      `2026-03-01T10:00:00.123Z eu-west-1      ${ID} auth x\t${ID}\tERROR\tboom\n  at line two\n    ↳ index.mjs:1:200 → packages/auth/src/index.ts:4:11  new Error('boom'); (mapped with the local build)`,
    );
  });
});

describe('edge logs: mistakes', () => {
  let root: string;
  let output: string[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'edge-logs-mistakes-'));
    // Port 9 (discard) on loopback: a call that slipped through is refused, never leaves the host.
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIALOGSMISTAKES0001');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-a-secret');
    output = captureConsole();
    writeWorkspace(root, 'E2LOGS');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(root, { recursive: true, force: true });
  });

  it('an unknown function names the packages', async () => {
    expect(await main(['logs', 'router'], root)).toBe(1);
    expect(output.join('\n')).toContain('✖ edge logs: no function package "router".');
    expect(output.join('\n')).toContain('Name one of: auth');
  });

  it('a bad --since says what it takes', async () => {
    expect(await main(['logs', '--since', 'soon'], root)).toBe(1);
    expect(output.join('\n')).toContain('--since "soon" is not a time');
  });

  it('an unreachable endpoint names it', async () => {
    expect(await main(['logs', '--region', 'eu-west-1'], root)).toBe(1);
    expect(output.join('\n')).toMatch(
      /No answer to logs:DescribeLogGroups \(eu-west-1\): could not connect to 127\.0\.0\.1:9/,
    );
  });

  it('--help lists the options', async () => {
    expect(await main(['logs', '--help'], root)).toBe(0);
    expect(output.join('\n')).toContain('Usage: edge logs [function]');
  });
});
