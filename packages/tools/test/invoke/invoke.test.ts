/**
 * `edge invoke` through the command's entry (`main`), in a real temp project: built with the
 * real builder, run in a real container, the result validated as CloudFront would.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { captureConsole } from '../dev/fixture.ts';

const DEVGUIDE_VIEWER_REQUEST = fileURLToPath(
  new URL('../../../runtime/test/validate/fixtures/devguide/viewer-request.json', import.meta.url),
);

const CONFIG = `export default {
  origins: { default: { dir: 'public' }, api: { url: 'https://api.example.com/v1' } },
  defaultBehavior: {
    origin: 'default',
    functions: {
      'viewer-request': 'gate',
      'origin-response': 'stamp',
    },
  },
  behaviors: [
    {
      pathPattern: '/api/*',
      origin: 'api',
      cachePolicy: 'CachingDisabled',
      functions: { 'origin-request': 'router' },
    },
  ],
};
`;

/** Forwards, answers /login with a redirect, breaks a rule on /bad, logs what it saw. */
const GATE = `export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  console.log('gate saw', request.uri, request.body ? 'with a body' : 'without a body');
  if (request.uri === '/login') {
    return { status: '302', statusDescription: 'Found', headers: { location: [{ key: 'Location', value: '/sign-in' }] } };
  }
  if (request.uri === '/bad') request.headers.via = [{ key: 'Via', value: 'mine' }];
  request.headers['x-gate'] = [{ key: 'X-Gate', value: 'passed' }];
  return request;
};
`;

const ROUTER = `export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  console.log('origin', JSON.stringify(request.origin));
  request.uri = request.uri.replace(/^\\/api/, '');
  return request;
};
`;

const STAMP = `export const handler = async (event: any) => {
  const { response } = event.Records[0].cf;
  response.headers['x-stamp'] = [{ key: 'X-Stamp', value: response.status }];
  return response;
};
`;

let project: TempProject;
let lines: string[];
const output = () => lines.join('\n');

beforeAll(() => {
  project = createTempProject({
    gate: { eventType: 'viewer-request', files: { 'src/index.ts': GATE } },
    router: { eventType: 'origin-request', files: { 'src/index.ts': ROUTER } },
    stamp: { eventType: 'origin-response', files: { 'src/index.ts': STAMP } },
  });
  project.write('edge.config.ts', CONFIG);
  project.write('public/index.html', 'hi');
  project.write('events/not-json.json', '{ "Records": [ ');
  project.write(
    'events/not-an-event.json',
    '{ "Records": [{ "cf": { "request": { "uri": 7 } } }] }',
  );
});
afterAll(() => project.cleanup());

let cwd: ReturnType<typeof vi.spyOn>;
afterEach(() => vi.restoreAllMocks());
function invoke(...args: string[]): Promise<number> {
  lines = captureConsole();
  // --event paths are relative to where the command runs.
  cwd = vi.spyOn(process, 'cwd').mockReturnValue(project.root);
  return main(['invoke', ...args], project.root).finally(() => cwd.mockRestore());
}

describe('edge invoke', () => {
  it('a pass-through: CloudFront goes on with the changed request; logs, durations and memory follow (exit 0)', async () => {
    expect(await invoke('gate', '--uri', '/docs?lang=de', '--header', 'Accept-Language: de')).toBe(
      0,
    );
    expect(output()).toContain(
      '→ CloudFront goes on with the request: GET /docs?lang=de (to the cache; on a miss, to origin-request and the origin)',
    );
    expect(output()).toContain('header x-gate: added "passed"');
    expect(output()).toContain('log: gate saw /docs without a body');
    expect(output()).toMatch(
      /duration \d+\.\d\d ms · init duration \d+\.\d\d ms \(cold start\) · max memory used \d+ MB of 128 MB/,
    );
  });

  it('a generated response: CloudFront answers the viewer with it (exit 0)', async () => {
    expect(await invoke('gate', '--uri', '/login')).toBe(0);
    expect(output()).toContain(
      '→ CloudFront answers the viewer with this response: 302 Found (not cached; no origin, no viewer-response)',
    );
    expect(output()).toContain('  Location: /sign-in');
  });

  it('a validation failure: the status, X-Cache, rule and fix (exit 1)', async () => {
    expect(await invoke('gate', '--uri', '/bad')).toBe(1);
    expect(output()).toContain(
      '✖ CloudFront fails the request: 502 (X-Cache: LambdaValidationError from cloudfront) [read-only-header]',
    );
    expect(output()).toMatch(/fix: .*via/i);
  });

  it('--json: one object with what comes next, the result, changes, logs and timings', async () => {
    expect(await invoke('gate', '--uri', '/bad', '--json')).toBe(1);
    const report = JSON.parse(output());
    expect(report).toMatchObject({
      function: 'gate',
      eventType: 'viewer-request',
      next: 'fail',
      result: { kind: 'error', status: 502, rule: 'read-only-header' },
      memoryMB: 128,
      logs: [expect.objectContaining({ level: 'log', message: 'gate saw /bad without a body' })],
    });
    expect(report.durationMs).toBeGreaterThan(0);
    expect(report.initDurationMs).toBeGreaterThan(0);
    expect(report.event.Records[0].cf.request.uri).toBe('/bad');
  });

  it('--event with the Developer Guide viewer-request example', async () => {
    expect(await invoke('gate', '--event', DEVGUIDE_VIEWER_REQUEST, '--json')).toBe(0);
    const report = JSON.parse(output());
    expect(report.next).toBe('forward');
    // The file's own headers, not the builders' defaults.
    expect(report.event.Records[0].cf.request.headers['user-agent']).toEqual([
      { key: 'User-Agent', value: 'curl/7.66.0' },
    ]);
    expect(report.changes).toEqual([{ field: 'header x-gate', after: 'passed' }]);
  });

  it("an origin-request event carries the origin of the function's behavior; the body only with IncludeBody", async () => {
    expect(await invoke('router', '--uri', '/api/users', '--body', 'ignored')).toBe(0);
    expect(output()).toContain(
      '→ CloudFront sends the request to the origin https://api.example.com:443/v1: GET /users',
    );
    expect(output()).toContain('uri: "/api/users" → "/users"');
    // The association has no IncludeBody: CloudFront sends no body, and neither does invoke.
    expect(await invoke('gate', '--method', 'POST', '--body', 'a=1')).toBe(0);
    expect(output()).toContain('log: gate saw / without a body');
  });

  it('a response function gets --status and --response-header', async () => {
    expect(
      await invoke('stamp', '--status', '404', '--response-header', 'content-type: text/html'),
    ).toBe(0);
    expect(output()).toContain('→ CloudFront caches this response and sends it on: 404 Not Found');
    expect(output()).toContain('header x-stamp: added "404"');
  });

  it('bad input: a clear message and exit 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['nope'], /there is no function "nope"[\s\S]*Functions here: gate, router, stamp/],
      [[], /which function\?/],
      [['gate', '--event', 'events/missing.json'], /cannot read the event file .*missing\.json/],
      [['gate', '--event', 'events/not-json.json'], /not-json\.json is not JSON/],
      [
        ['gate', '--event', 'events/not-an-event.json'],
        /is not a viewer-request event: Records\[0\]\.cf\.request\.uri must be a string/,
      ],
      [['gate', '--status', '200'], /--status does not apply to a viewer-request function/],
      [['gate', '--header', 'no-colon'], /--header "no-colon" is not name:value/],
      [['gate', '--uri', 'relative'], /uri must start with "\/"/],
      [['gate', '--event', DEVGUIDE_VIEWER_REQUEST, '--uri', '/x'], /--uri cannot be added/],
    ];
    for (const [args, message] of cases) {
      expect(await invoke(...args), args.join(' ')).toBe(1);
      expect(output(), args.join(' ')).toMatch(message);
    }
    expect(await invoke('nope', '--json')).toBe(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      ok: false,
      error: { message: 'edge invoke: there is no function "nope".' },
    });
  });
});
