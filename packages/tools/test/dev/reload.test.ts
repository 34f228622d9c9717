/**
 * `edge dev` while the developer edits: a function's sources, a shared module, edge.config.ts;
 * requests in flight during a reload.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DevSession, type ReloadEvent, startDev } from '../../src/dev/index.ts';
import { ToolsError } from '../../src/errors.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { associated, echoHeaders, tagHandler, tempProject } from './fixture.ts';

let project: TempProject | undefined;
let session: DevSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  project?.cleanup();
  project = undefined;
});
describe('startDev reloads', () => {
  it('rebuilds and reloads a function when its source changes, without restarting', async () => {
    project = tempProject('before');
    const reloads: ReloadEvent[] = [];
    let notify: (() => void) | undefined;
    session = await startDev({
      project: project.project(associated),
      port: 0,
      log: () => {},
      debounceMs: 20,
      onReload: (event) => {
        reloads.push(event);
        notify?.();
      },
    });
    const port = session.port;
    expect((await fetch(`${session.url}/`)).headers.get('x-seen-tag')).toBe('before');
    const reloaded = new Promise<void>((resolve) => {
      notify = resolve;
    });
    project.write('packages/tagger/src/index.ts', tagHandler('after'));
    await reloaded;
    expect(reloads).toHaveLength(1);
    expect(reloads[0]).toMatchObject({ name: 'tagger', ok: true });
    expect(session.port).toBe(port);
    const after = await fetch(`${session.url}/`);
    expect(after.headers.get('x-seen-tag')).toBe('after');
    // The reload purged the cache, so this was fetched again.
    expect(after.headers.get('x-cache')).toBe('Miss from cloudfront');
  });

  it('reloads a function when a shared module outside its src/ changes', async () => {
    project = createTempProject({
      tagger: {
        eventType: 'viewer-request',
        files: {
          'src/index.ts': `import { tag } from '../../shared/src/tag.ts';
export const handler = async (event: any) => {
  const request = event.Records[0].cf.request;
  request.headers['x-tag'] = [{ key: 'X-Tag', value: tag }];
  return request;
};
`,
        },
      },
      seen: { eventType: 'viewer-response', files: { 'src/index.ts': echoHeaders } },
    });
    project.write('packages/shared/src/tag.ts', "export const tag = 'shared-1';\n");
    project.write('public/index.html', 'page');
    let notify: ((event: ReloadEvent) => void) | undefined;
    session = await startDev({
      project: project.project(associated),
      port: 0,
      log: () => {},
      debounceMs: 20,
      onReload: (event) => notify?.(event),
    });
    expect((await fetch(`${session.url}/`)).headers.get('x-seen-tag')).toBe('shared-1');
    const reloaded = new Promise<ReloadEvent>((resolve) => {
      notify = resolve;
    });
    project.write('packages/shared/src/tag.ts', "export const tag = 'shared-2';\n");
    expect(await reloaded).toMatchObject({ name: 'tagger', ok: true });
    expect((await fetch(`${session.url}/`)).headers.get('x-seen-tag')).toBe('shared-2');
  });

  it('lets a request in flight finish on the old build while new ones get the new build', async () => {
    // The old handler blocks on a gate the test controls, so the reload happens mid-request.
    let entered: (() => void) | undefined;
    const enteredGate = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: (() => void) | undefined;
    const gate = createServer((_req, res) => {
      entered?.();
      release = () => res.end('open');
    });
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;
    project = createTempProject({
      tagger: {
        eventType: 'viewer-request',
        files: {
          'src/index.ts': `export const handler = async (event: any) => {
  await fetch('${gateUrl}').then((r) => r.text());
  const request = event.Records[0].cf.request;
  request.headers['x-tag'] = [{ key: 'X-Tag', value: 'old' }];
  return request;
};
`,
        },
      },
      seen: { eventType: 'viewer-response', files: { 'src/index.ts': echoHeaders } },
    });
    project.write('public/index.html', 'page');
    let reloaded: (() => void) | undefined;
    const reloadDone = new Promise<void>((resolve) => {
      reloaded = resolve;
    });
    session = await startDev({
      project: project.project(associated),
      port: 0,
      log: () => {},
      debounceMs: 20,
      cache: false,
      onReload: () => reloaded?.(),
    });
    const inFlight = fetch(`${session.url}/`);
    await enteredGate;
    project.write('packages/tagger/src/index.ts', tagHandler('new'));
    await reloadDone;
    const fresh = await fetch(`${session.url}/`);
    expect(fresh.headers.get('x-seen-tag')).toBe('new');
    release?.();
    const old = await inFlight;
    expect(old.status).toBe(200);
    expect(old.headers.get('x-seen-tag')).toBe('old');
    await new Promise<void>((resolve) => {
      gate.close(() => resolve());
      gate.closeAllConnections();
    });
  });

  it('says edge.config.ts needs a restart when it changes', async () => {
    project = tempProject();
    project.write('edge.config.ts', 'export default {};\n');
    let notify: (() => void) | undefined;
    const lines: string[] = [];
    session = await startDev({
      project: project.project(associated),
      port: 0,
      debounceMs: 20,
      log: (line) => {
        lines.push(line);
        if (line.includes('edge.config.ts changed')) notify?.();
      },
    });
    const noticed = new Promise<void>((resolve) => {
      notify = resolve;
    });
    project.write('edge.config.ts', 'export default { changed: true };\n');
    await noticed;
    expect(lines).toContain('edge.config.ts changed: restart `pnpm dev` to apply it.');
  });

  it('applies an edge.config.ts change on the same socket, or keeps the old config if it fails', async () => {
    project = tempProject('cfg');
    project.write('edge.config.ts', 'export default {};\n');
    const temp = project;
    // What loadProject would read from disk; the test swaps it to simulate edits.
    let onDisk: () => Promise<ReturnType<TempProject['project']>> = async () =>
      temp.project({
        defaultBehavior: {
          origin: 'default',
          functions: { 'viewer-request': 'tagger', 'viewer-response': 'seen' },
        },
      });
    let notify: ((event: { ok: boolean }) => void) | undefined;
    const lines: string[] = [];
    session = await startDev({
      project: temp.project({
        defaultBehavior: { origin: 'default', functions: { 'viewer-request': 'tagger' } },
      }),
      loadProject: () => onDisk(),
      port: 0,
      debounceMs: 20,
      log: (line) => lines.push(line),
      onConfigReload: (event) => notify?.(event),
    });
    const port = session.port;
    const applied = (write: string) => {
      const done = new Promise<{ ok: boolean }>((resolve) => {
        notify = resolve;
      });
      temp.write('edge.config.ts', write);
      return done;
    };
    expect((await fetch(`${session.url}/`)).headers.get('x-seen-tag')).toBeNull();
    expect(await applied('export default { v: 2 };\n')).toEqual({ ok: true });
    expect(session.port).toBe(port);
    expect((await fetch(`${session.url}/`)).headers.get('x-seen-tag')).toBe('cfg');

    onDisk = async () => {
      throw new ToolsError('config', 'edge.config.ts does not compile: Unexpected "}"', {
        hint: 'Fix the error above.',
      });
    };
    expect(await applied('export default { v: 3 ;\n')).toMatchObject({ ok: false });
    expect(lines.join('\n')).toContain(
      'edge.config.ts could not be applied; still serving the previous one.',
    );
    expect(lines.join('\n')).toContain('Fix the error above.');
    expect((await fetch(`${session.url}/`)).headers.get('x-seen-tag')).toBe('cfg');
  });
});
