/**
 * `edge dev` as a library: a real temp project, built with the real builder, served on
 * 127.0.0.1 with a free port, requested over HTTP.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { type DevSession, startDev } from '../../src/dev/index.ts';
import { ToolsError } from '../../src/errors.ts';
import { createTempProject, type TempProject } from '../build/fixture.ts';
import { associated, echoHeaders, startupError, tempProject } from './fixture.ts';

let project: TempProject | undefined;
let session: DevSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  project?.cleanup();
  project = undefined;
});
describe('startDev', () => {
  it('builds the functions and serves them behind the pipeline on a free port', async () => {
    project = tempProject();
    const lines: string[] = [];
    session = await startDev({
      project: project.project(associated),
      port: 0,
      watch: false,
      log: (line) => lines.push(line),
    });
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(session.built.map((fn) => fn.name).sort()).toEqual(['seen', 'tagger']);
    const response = await fetch(`${session.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>hello from public</h1>');
    expect(response.headers.get('x-seen-tag')).toBe('one');
    expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(lines.at(-1)).toMatch(
      /^GET \/ 200 Miss {2}viewer-request \S+ \(cold start \S+\) → origin "default" 200 \S+ → viewer-response \S+ \(cold start \S+\)$/,
    );
  });

  it('serves a Python function next to a Node.js one', async () => {
    project = createTempProject({
      pytag: {
        eventType: 'viewer-request',
        language: 'python',
        files: {
          'src/index.py': `def handler(event, context):
    request = event["Records"][0]["cf"]["request"]
    request["headers"]["x-tag"] = [{"key": "X-Tag", "value": "from-python"}]
    return request
`,
        },
      },
      seen: { eventType: 'viewer-response', files: { 'src/index.ts': echoHeaders } },
    });
    project.write('public/index.html', 'page');
    session = await startDev({
      project: project.project({
        defaultBehavior: {
          origin: 'default',
          functions: { 'viewer-request': 'pytag', 'viewer-response': 'seen' },
        },
      }),
      port: 0,
      watch: false,
      log: () => {},
    });
    const response = await fetch(`${session.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seen-tag')).toBe('from-python');
  });

  it('keeps serving the last good build when an edit does not compile', async () => {
    project = tempProject('good');
    session = await startDev({
      project: project.project(associated),
      port: 0,
      watch: false,
      log: () => {},
    });
    project.write('packages/tagger/src/index.ts', 'export const handler = async (event: any) => {');
    await session.reload('tagger');
    const response = await fetch(`${session.url}/`);
    expect(response.headers.get('x-seen-tag')).toBe('good');
  });

  it('reports an association to a missing function as a user error', async () => {
    project = tempProject();
    const error = await startupError({
      project: project.project({
        defaultBehavior: { origin: 'default', functions: { 'origin-request': 'ghost' } },
      }),
    });
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).message).toContain('"ghost"');
    expect((error as ToolsError).hint).toContain('packages/ghost');
  });

  it('names a port in use and how to pick another', async () => {
    project = tempProject();
    session = await startDev({
      project: project.project(associated),
      port: 0,
      watch: false,
      log: () => {},
    });
    const error = await startupError({ project: project.project(associated), port: session.port });
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).message).toBe(`Port ${session.port} is already in use.`);
    expect((error as ToolsError).hint).toContain('--port');
  });
});
