/**
 * `edge logs` against a real moto server: log events written into
 * `/aws/lambda/us-east-1.<function>` groups in three regions come back merged in one time
 * order, each with its region, request id and message; stack traces of the bundle are mapped
 * to the source with the deployed version's kept map, or the local build's, said so.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { keepSourceMap } from '../../src/deploy/kept-source-maps.ts';
import { createLogsClients } from '../../src/logs/clients.ts';
import { logs } from '../../src/logs/index.ts';
import { loadProject } from '../../src/project.ts';
import { writeAuth, writeWorkspace } from '../deploy/workspace.ts';
import { captureConsole } from '../dev/fixture.ts';
import { errorLine, GROUP, writeEvents } from './log-events.ts';
import { MOTO_ACCESS_KEY, MOTO_SECRET_KEY, motoForSuite } from './moto-server.ts';

const { unavailable, current: moto } = motoForSuite();
let root: string;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'edge-moto-logs-'));
  const server = moto();
  if (!server) return;
  await server.reset();
  vi.stubEnv('AWS_ENDPOINT_URL', server.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', MOTO_ACCESS_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', MOTO_SECRET_KEY);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(root, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(root, 'no-aws-credentials'));
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

const THROWING = `export const handler = async (event: { Records: Array<{ cf: { request: { uri: string } } }> }) => {
  const request = event.Records[0]!.cf.request;
  if (request.uri === '/boom') {
    throw new Error('boom at the edge');
  }
  return request;
};
`;

/** `line:column` (1-based, as V8 prints them) of the throw in the built bundle. */
function throwPosition(): string {
  const bundle = readFileSync(join(root, 'dist', 'auth', 'index.mjs'), 'utf8');
  const offset = bundle.indexOf('new Error("boom at the edge")');
  expect(offset).toBeGreaterThan(0);
  const before = bundle.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

const ids = {
  a: '11111111-1111-4111-8111-111111111111',
  b: '22222222-2222-4222-8222-222222222222',
  c: '33333333-3333-4333-8333-333333333333',
};

describe.skipIf(unavailable !== undefined)('edge logs against moto', () => {
  it('merges the events of three regions in time order, each with its region and request id', async () => {
    writeWorkspace(root, 'E2MOTOLOGS0001');
    const now = Date.now();
    await writeEvents([
      {
        region: 'eu-west-1',
        stream: '2026/03/01/[1]aaa',
        at: now - 50_000,
        message: `START RequestId: ${ids.a} Version: 1\n`,
      },
      {
        region: 'ap-southeast-2',
        stream: '2026/03/01/[1]bbb',
        at: now - 40_000,
        message: `2026-03-01T10:00:00.000Z\t${ids.b}\tINFO\tfrom Sydney\n`,
      },
      {
        region: 'us-east-1',
        stream: '2026/03/01/[1]ccc',
        at: now - 30_000,
        message: `2026-03-01T10:00:00.000Z\t${ids.c}\tINFO\tfrom Virginia\n`,
      },
      {
        region: 'eu-west-1',
        stream: '2026/03/01/[1]aaa',
        at: now - 20_000,
        message: `2026-03-01T10:00:00.000Z\t${ids.a}\tINFO\tfrom Dublin\twith a tab\n`,
      },
      {
        region: 'ap-southeast-2',
        stream: '2026/03/01/[1]bbb',
        at: now - 10_000,
        message: `END RequestId: ${ids.b}\n`,
      },
      // Older than --since: left out.
      {
        region: 'us-east-1',
        stream: '2026/03/01/[1]ccc',
        at: now - 3 * 3_600_000,
        message: 'too old\n',
      },
    ]);
    const output = captureConsole();

    expect(await main(['logs', 'auth', '--since', '1h'], root)).toBe(0);

    const lines = output.filter((l) => /^\d{4}-/.test(l));
    expect(lines.map((l) => l.split(/\s+/).slice(1, 3))).toEqual([
      ['eu-west-1', ids.a],
      ['ap-southeast-2', ids.b],
      ['us-east-1', ids.c],
      ['eu-west-1', ids.a],
      ['ap-southeast-2', ids.b],
    ]);
    expect(lines.map((l) => new Date(l.slice(0, 24)).getTime())).toEqual(
      [50_000, 40_000, 30_000, 20_000, 10_000].map((ago) => now - ago),
    );
    // The message verbatim, tabs and all.
    expect(lines[3]).toContain(`2026-03-01T10:00:00.000Z\t${ids.a}\tINFO\tfrom Dublin\twith a tab`);
    expect(output.join('\n')).not.toContain('too old');
  }, 60_000);

  it('--json gives one object per event; --region and --filter narrow the reading', async () => {
    writeWorkspace(root, 'E2MOTOLOGS0001');
    const now = Date.now();
    await writeEvents([
      {
        region: 'eu-west-1',
        stream: 's/[1]a',
        at: now - 3000,
        message: `x\t${ids.a}\tERROR\tbad thing\n`,
      },
      {
        region: 'eu-central-1',
        stream: 's/[1]b',
        at: now - 2000,
        message: `x\t${ids.b}\tINFO\tfine\n`,
      },
      {
        region: 'us-west-2',
        stream: 's/[1]c',
        at: now - 1000,
        message: `x\t${ids.c}\tERROR\tworse thing\n`,
      },
    ]);
    const stdout: string[] = [];
    captureConsole();
    vi.mocked(console.log).mockImplementation((line: unknown) => void stdout.push(String(line)));

    expect(await main(['logs', '--json', '--region', 'eu-west-1,us-west-2'], root)).toBe(0);
    const events = stdout.map((line) => JSON.parse(line));
    expect(events.map((e) => [e.region, e.requestId, e.function])).toEqual([
      ['eu-west-1', ids.a, 'auth'],
      ['us-west-2', ids.c, 'auth'],
    ]);
    expect(events[0]).toMatchObject({
      timestamp: new Date(now - 3000).toISOString(),
      message: `x\t${ids.a}\tERROR\tbad thing\n`,
      logGroup: GROUP,
      functionName: 'shop-prod-auth',
    });

    stdout.length = 0;
    expect(await main(['logs', '--json', '--filter', 'worse'], root)).toBe(0);
    expect(stdout.map((line) => JSON.parse(line).region)).toEqual(['us-west-2']);
  }, 60_000);

  it('maps a stack trace with the kept map of the version that logged it, else the local build', async () => {
    writeWorkspace(root, 'E2MOTOLOGS0001', THROWING);
    captureConsole();
    expect(await main(['build'], root)).toBe(0);
    const v1 = throwPosition();
    // What deploy does when it publishes version 1.
    keepSourceMap(root, join(root, 'dist', 'auth', 'index.mjs.map'), 'shop-prod-auth', '1');
    // The code moves on: two lines more above the throw, built again (not deployed).
    writeAuth(root, `// a comment\n// and another\n${THROWING}`);
    expect(await main(['build'], root)).toBe(0);
    const local = throwPosition();

    const now = Date.now();
    await writeEvents([
      {
        region: 'eu-west-1',
        stream: '2026/03/01/[1]aaa',
        at: now - 2000,
        message: errorLine(ids.a, v1),
      },
      {
        region: 'us-east-1',
        stream: '2026/03/01/[2]bbb',
        at: now - 1000,
        message: errorLine(ids.b, local),
      },
    ]);
    const output = captureConsole();
    expect(await main(['logs'], root)).toBe(0);
    const text = output.join('\n');
    expect(text).toContain(
      `    ↳ index.mjs:${v1} → packages/auth/src/index.ts:4:11  new Error('boom at the edge');`,
    );
    expect(text).toContain(
      `    ↳ index.mjs:${local} → packages/auth/src/index.ts:6:11  new Error('boom at the edge'); (mapped with the local build)`,
    );
  }, 60_000);

  it('--follow prints events as they arrive until stopped', async () => {
    writeWorkspace(root, 'E2MOTOLOGS0001');
    const now = Date.now();
    await writeEvents([
      {
        region: 'eu-west-1',
        stream: 's/[1]a',
        at: now - 5000,
        message: `x\t${ids.a}\tINFO\tbefore\n`,
      },
    ]);
    const project = await loadProject(root);
    const clients = createLogsClients();
    const stop = new AbortController();
    const out: string[] = [];
    const notes: string[] = [];
    const following = logs(
      project,
      { stage: 'prod', sinceMs: 600_000, follow: true, json: false },
      {
        clients,
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        out: (text) => out.push(text),
        note: (text) => notes.push(text),
        signal: stop.signal,
        followIntervalMs: 100,
        rediscoverMs: 100,
      },
    );
    await vi.waitFor(() => expect(out).toHaveLength(1), { timeout: 20_000 });
    // A new region starts logging, then the old one logs again. One after the other: a follow
    // prints what each poll finds, and a region found later cannot print before it is found.
    await writeEvents([
      {
        region: 'sa-east-1',
        stream: 's/[1]d',
        at: Date.now() - 500,
        message: `x\t${ids.b}\tINFO\tafter, elsewhere\n`,
      },
    ]);
    await vi.waitFor(() => expect(out).toHaveLength(2), { timeout: 20_000 });
    await writeEvents([
      {
        region: 'eu-west-1',
        stream: 's/[1]a',
        at: Date.now() - 400,
        message: `x\t${ids.a}\tINFO\tafter\n`,
      },
    ]);
    await vi.waitFor(() => expect(out).toHaveLength(3), { timeout: 20_000 });
    stop.abort();
    const result = await following;
    clients.destroy();
    expect(result.events).toBe(3);
    expect(out.map((l) => l.split(' ').filter(Boolean)[1])).toEqual([
      'eu-west-1',
      'sa-east-1',
      'eu-west-1',
    ]);
    expect(out[2]).toContain('\tafter');
    expect(notes[0]).toMatch(/^Following 1 log group \(eu-west-1\)/);
  }, 60_000);

  it('says where it looked when no region has the log group', async () => {
    writeWorkspace(root, 'E2MOTOLOGS0001');
    const output = captureConsole();
    expect(await main(['logs', 'auth'], root)).toBe(0);
    expect(output.join('\n')).toMatch(
      /No log group \/aws\/lambda\/us-east-1\.shop-prod-auth in any of the \d+ regions read/,
    );
  }, 60_000);
});

if (unavailable) it.skip(`edge logs against moto: cannot run here, ${unavailable}`, () => {});
